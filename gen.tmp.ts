import { writeBulkExport } from './src/synthetic/bulk-export.js';
const t = performance.now();
const r = writeBulkExport(process.argv[2]!, Number(process.argv[3]), '2026-11-20', { referralEvery: 5 });
console.log(r.resources, Math.round(performance.now() - t), 'ms');
