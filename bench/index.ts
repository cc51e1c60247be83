// The benchmark registry: one entry per family file `bench/<family>.bench.ts`, each exporting
// `cases: readonly BenchCase[]`. Adding a family is writing that file and one line here.
// Order is run order: models run first so their cold start finds no pipeline compiled yet
// (neither ours nor TF.js's); the report sorts by group.
import type { BenchCase } from './harness.js';
import { cases as baseline } from './baseline.bench.js';
import { cases as models } from './models.bench.js';
import { cases as matmul } from './matmul.bench.js';
import { cases as elementwise } from './elementwise.bench.js';
import { cases as reduce } from './reduce.bench.js';
import { cases as conv2d } from './conv2d.bench.js';
import { cases as depthwise } from './depthwise.bench.js';
import { cases as pooling } from './pooling.bench.js';
import { cases as normalization } from './normalization.bench.js';

export const FAMILIES: Readonly<Record<string, readonly BenchCase[]>> = {
  baseline,
  models,
  matmul,
  elementwise,
  reduce,
  conv2d,
  depthwise,
  pooling,
  normalization,
};

/** Every case, in run order. */
export function allCases(): BenchCase[] {
  return Object.values(FAMILIES).flat();
}
