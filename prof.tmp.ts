import { assessPatient } from './src/assess/assess.js';
import { cohortPatient } from './src/synthetic/cohort.js';
const n = 600;
const pats = Array.from({ length: n }, (_, i) => JSON.stringify(cohortPatient(i, '2026-11-20')));
for (let i = 0; i < 100; i++) assessPatient(JSON.parse(pats[i]!), { asOf: '2026-11-20' });
const t = performance.now();
for (let k = 0; k < n; k++) assessPatient(JSON.parse(pats[k]!), { asOf: '2026-11-20' });
console.log(((performance.now() - t) / n).toFixed(2), 'ms/patient incl parse');
