declare module '@lhncbc/ucum-lhc';
declare module '@lhncbc/ucum-lhc/source-cjs/unitTables.js';
declare module '@lhncbc/ucum-lhc/source-cjs/prefixTables.js';
