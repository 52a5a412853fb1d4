/**
 * The part of `@lhncbc/ucum-lhc` the product uses (the package ships no types): for its import in
 * Node (units.ts) and for the browser's lazily loaded stand-in (app/ucum-lazy.ts).
 */
export interface UcumResult {
  status: 'succeeded' | 'failed' | 'error';
  toVal: number | null;
  msg: string[];
}
export interface UcumUtils {
  convertUnitTo(
    from: string,
    value: number,
    to: string,
    opts?: { molecularWeight?: number },
  ): UcumResult;
}
interface UcumPkg {
  UcumLhcUtils: { getInstance(): UcumUtils };
}

/** A CommonJS package: ESM loaders expose it as its default export, CJS loaders as the module. */
export function ucumPackage(m: unknown): UcumPkg {
  return ((m as { default?: UcumPkg }).default ?? m) as UcumPkg;
}
