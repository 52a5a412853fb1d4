/**
 * Browser stand-in for `@lhncbc/ucum-lhc` (aliased in launch/vite.config.ts). UCUM is two thirds
 * of the app's JavaScript, so it is fetched as its own chunk while the chart loads, and the
 * assessment waits for it. Conversions still go through UCUM: before it is loaded they throw,
 * never guess.
 */
import { ucumPackage, type UcumUtils } from '../facts/ucum-api.js';

let real: UcumUtils | undefined;
let loading: Promise<void> | undefined;

export function loadUcum(): Promise<void> {
  loading ??= import('@lhncbc/ucum-lhc/source-cjs/ucumPkg.js').then((m: unknown) => {
    real = ucumPackage(m).UcumLhcUtils.getInstance();
  });
  return loading;
}

const proxy: UcumUtils = {
  convertUnitTo(from, value, to, opts) {
    if (!real) throw new Error('UCUM is not loaded yet');
    return real.convertUnitTo(from, value, to, opts);
  },
};

export const UcumLhcUtils = { getInstance: (): UcumUtils => proxy };
/** @public The package's default export, which ucum-lhc's importers use through the alias. */
export default { UcumLhcUtils };
