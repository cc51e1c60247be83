import { expect } from 'vitest';
import type { Gpu } from '../../src/gpu/gpu.js';
import { STORAGE_USAGE } from '../../src/gpu/buffer-pages.js';
import { packStats, readStats, STATS_BYTES, type StatsValues } from '../../src/kernels/stats.js';

/** A stats block on the GPU holding `values` (gradScale 1 and the rest 0 unless given). */
export function statsBuffer(gpu: Gpu, values: Partial<StatsValues> = {}): GPUBuffer {
  const buffer = gpu.device.createBuffer({ label: 'test.stats', size: STATS_BYTES, usage: STORAGE_USAGE });
  gpu.device.queue.writeBuffer(buffer, 0, packStats(values));
  return buffer;
}

export async function downloadStats(gpu: Gpu, buffer: GPUBuffer): Promise<StatsValues> {
  return readStats(await gpu.read(buffer, 0, STATS_BYTES));
}

/** Compares a stats block: integers exactly, floats within a relative tolerance (NaN equals NaN). */
export function expectStats(actual: StatsValues, expected: StatsValues, rtol = 1e-5, what = 'stats'): void {
  expect({ correct: actual.correct, correctTopK: actual.correctTopK, count: actual.count, firstBad: actual.firstBad }, what)
    .toEqual({ correct: expected.correct, correctTopK: expected.correctTopK, count: expected.count, firstBad: expected.firstBad });
  for (const key of ['lossSum', 'gradScale', 'gradNorm'] as const) {
    const a = actual[key];
    const e = expected[key];
    const ok = Number.isFinite(e) ? Math.abs(a - e) <= 1e-5 + rtol * Math.abs(e) : Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e));
    expect(ok, `${what}.${key}: got ${a}, expected ${e}`).toBe(true);
  }
}
