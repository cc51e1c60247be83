import { expect } from 'vitest';

/** A tolerance: |actual − expected| ≤ atol + rtol·|expected|. */
export interface Tolerance { readonly atol: number; readonly rtol: number }

/** Named presets per dtype. */
export const TOL = {
  f64: { tight: { atol: 1e-9, rtol: 1e-7 }, fd: { atol: 1e-6, rtol: 1e-4 } },
  f32: { strict: { atol: 1e-6, rtol: 1e-5 }, balanced: { atol: 1e-5, rtol: 1e-4 }, permissive: { atol: 1e-4, rtol: 1e-3 } },
  f16: { balanced: { atol: 1e-3, rtol: 1e-2 }, permissive: { atol: 1e-2, rtol: 5e-2 } },
} as const;

/**
 * Asserts two arrays agree within `tol`. A failure names the first mismatching indices with both
 * values, and the count of mismatches.
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance, what = 'values'): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  const bad: string[] = [];
  let count = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const ok = Number.isFinite(e) ? Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e) : Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e));
    if (!ok) {
      count++;
      if (bad.length < 5) bad.push(`[${i}] got ${a}, expected ${e} (|Δ| ${Math.abs(a - e).toExponential(2)})`);
    }
  }
  if (count > 0) {
    expect.fail(`${what}: ${count} of ${expected.length} outside atol ${tol.atol}, rtol ${tol.rtol}:\n  ${bad.join('\n  ')}`);
  }
}
