import { describe, it } from 'vitest';
import { ACTIVATIONS, type Activation } from '../../src/kernels/activation.js';
import { numericGrad } from '../helpers/finite-diff.js';
import { randomArray } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { biasAddBackwardRef, biasAddRef } from '../reference/bias-add.js';

const dot = (u: ArrayLike<number>, v: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * v[i];
  return s;
};

describe('biasAdd gradients (reference) against finite differences', () => {
  const rows = 4;
  const channels = 3;
  const alpha = 0.1;
  for (const activation of Object.keys(ACTIVATIONS) as Activation[]) {
    it(activation, () => {
      // x + b stays inside [-2.9, 2.9] and off relu's kink (x, b are offset so no sum is near 0).
      const x = randomArray(rows * channels, 1, -2, 2).map((v) => (Math.abs(v) < 0.05 ? v + 0.2 : v));
      const b = Float64Array.from([0.013, -0.021, 0.034]);
      const w = randomArray(rows * channels, 2);
      const { gx, gb } = biasAddBackwardRef(w, x, b, rows, channels, activation, alpha);
      expectClose(gx, numericGrad((v) => dot(w, biasAddRef(v, b, rows, channels, activation, alpha)), x), TOL.f64.fd, 'gx');
      expectClose(gb, numericGrad((v) => dot(w, biasAddRef(x, v, rows, channels, activation, alpha)), b), TOL.f64.fd, 'gb');
    });
  }
});
