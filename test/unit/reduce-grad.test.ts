import { describe, it } from 'vitest';
import type { ReduceOp } from '../../src/kernels/reduce.js';
import type { Shape } from '../../src/kernels/shape.js';
import { numericGrad } from '../helpers/finite-diff.js';
import { randomArray } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { reduceBackwardRef, reduceRef } from '../reference/reduce.js';

const dot = (u: ArrayLike<number>, v: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * v[i];
  return s;
};

const CASES: { shape: Shape; axes: number[] }[] = [
  { shape: [5], axes: [0] },
  { shape: [5], axes: [] },
  { shape: [2, 3, 4], axes: [1] },
  { shape: [2, 3, 4], axes: [0, 2] },
  { shape: [2, 3, 4], axes: [-1, 0, 1] },
  { shape: [2, 1, 3, 2], axes: [1, 3] },
];

describe('reduce gradients (reference) against finite differences', () => {
  for (const { shape, axes } of CASES) {
    for (const op of ['sum', 'mean'] as ReduceOp[]) {
      it(`${op} [${shape}] axes [${axes}]`, () => {
        const x = randomArray(shape.reduce((p, d) => p * d, 1), 1);
        const w = randomArray(reduceRef(op, x, shape, axes).length, 2);
        const numeric = numericGrad((v) => dot(w, reduceRef(op, v, shape, axes)), x);
        expectClose(reduceBackwardRef(op, w, shape, axes), numeric, TOL.f64.fd);
      });
    }
  }
});
