import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Resource, ServiceRequest } from 'fhir/r4';
import { cohortPatient } from './cohort.js';
import { exportContext } from './export-context.js';

/**
 * A bulk-data export (one NDJSON file per resource type, as `$export` writes it) of `count`
 * generated patients with long histories, written patient by patient in bounded memory. Every
 * `referralEvery`-th patient has an active spine-surgery referral on record (SNOMED 183545006).
 * `mixed` adds what a hospital or Synthea export carries beside (export-context.ts): encounters,
 * claims, explanations of benefit, immunizations, reports and notes.
 */
export function writeBulkExport(
  dir: string,
  count: number,
  asOf: string,
  opts: {
    observations?: number;
    referralEvery?: number;
    first?: number;
    append?: boolean;
    mixed?: boolean;
  } = {},
): { files: string[]; resources: number } {
  mkdirSync(dir, { recursive: true });
  const fds = new Map<string, number>();
  const buffers = new Map<string, string[]>();
  const sizes = new Map<string, number>();
  let resources = 0;
  const flush = (type: string) => {
    const parts = buffers.get(type);
    if (!parts?.length) return;
    let fd = fds.get(type);
    if (fd === undefined)
      fds.set(type, (fd = openSync(join(dir, `${type}.ndjson`), opts.append ? 'a' : 'w')));
    writeSync(fd, parts.join(''));
    buffers.set(type, []);
    sizes.set(type, 0);
  };
  const add = (r: Resource) => {
    const line = `${JSON.stringify(r)}\n`;
    const parts = buffers.get(r.resourceType) ?? [];
    parts.push(line);
    buffers.set(r.resourceType, parts);
    const size = (sizes.get(r.resourceType) ?? 0) + line.length;
    sizes.set(r.resourceType, size);
    if (size > 1 << 20) flush(r.resourceType);
    resources++;
  };
  const first = opts.first ?? 0;
  for (let i = first; i < first + count; i++) {
    for (const r of cohortPatient(i, asOf, opts.observations)) add(r);
    if (opts.mixed) for (const r of exportContext(i, asOf)) add(r);
    if (opts.referralEvery && i % opts.referralEvery === 0) {
      const sr: ServiceRequest = {
        resourceType: 'ServiceRequest',
        id: `c${i}-referral`,
        status: 'active',
        intent: 'order',
        subject: { reference: `Patient/c${i}` },
        authoredOn: asOf,
        code: {
          coding: [
            {
              system: 'http://snomed.info/sct',
              code: '183545006',
              display: 'Referral to orthopedic service',
            },
          ],
          text: 'Referral to spine surgery',
        },
      };
      add(sr);
    }
  }
  for (const type of buffers.keys()) flush(type);
  for (const fd of fds.values()) closeSync(fd);
  return { files: [...fds.keys()].sort().map((t) => join(dir, `${t}.ndjson`)), resources };
}
