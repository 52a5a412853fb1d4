/**
 * Which of N shards a patient belongs to: FNV-1a (32-bit) of the id's UTF-8 bytes, modulo N.
 * Stable across runs, machines and input order, so N independent jobs (a Kubernetes indexed Job,
 * a Slurm array) each take one shard and their outputs together are one unsharded run.
 */
export function shardOf(patientId: string, shards: number): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(patientId, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % shards;
}
