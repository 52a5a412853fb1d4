declare module '*.css';
declare module '@lhncbc/ucum-lhc/source-cjs/ucumPkg.js';
