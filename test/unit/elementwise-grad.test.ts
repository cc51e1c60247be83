import { describe, it } from 'vitest';
import { ACTIVATIONS, type Activation } from '../../src/kernels/activation.js';
import type { BinaryOp } from '../../src/kernels/elementwise.js';
import type { Shape } from '../../src/kernels/shape.js';
import { numericGrad } from '../helpers/finite-diff.js';
import { randomArray } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { binaryBackwardRef, binaryRef, broadcastToBackwardRef, broadcastToRef, unaryBackwardRef, unaryRef } from '../reference/elementwise.js';

// The reference backward of every elementwise op against central differences of its reference
// forward, in float64: f(x) = Σ w ⊙ forward(x) with random w, whose gradient is backward(gy = w).

const dot = (u: ArrayLike<number>, v: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * v[i];
  return s;
};

const size = (s: Shape): number => s.reduce((p, d) => p * d, 1);

/** Points away from the kinks of relu/relu6/leakyRelu (0 and 6), where the derivative jumps. */
function awayFromKinks(x: Float64Array): Float64Array {
  return x.map((v) => (Math.abs(v) < 1e-3 || Math.abs(v - 6) < 1e-3 ? v + 0.01 : v));
}

describe('activation gradients (reference) against finite differences', () => {
  const alpha = 0.15;
  for (const activation of Object.keys(ACTIVATIONS) as Activation[]) {
    it(activation, () => {
      // [-3, 3] covers the curved parts; [4, 8] relu6's upper kink. Not for gelu: the reference
      // erf (a Taylor series) loses digits to cancellation beyond |x| ≈ 4.5, which central
      // differences amplify by 1/ε.
      const tail = activation === 'gelu' ? randomArray(8, 2, -3, 3) : randomArray(8, 2, 4, 8);
      const x = awayFromKinks(Float64Array.from([...randomArray(24, 1, -3, 3), ...tail]));
      const w = randomArray(x.length, 3);
      const numeric = numericGrad((v) => dot(w, unaryRef(activation, v, alpha)), x);
      expectClose(unaryBackwardRef(activation, w, x, alpha), numeric, TOL.f64.fd, activation);
    });
  }
});

const BINARY_CASES: { a: Shape; b: Shape }[] = [
  { a: [2, 3], b: [2, 3] },
  { a: [3, 4], b: [4] },
  { a: [4], b: [3, 4] },
  { a: [2, 1, 3], b: [1, 4, 1] },
  { a: [], b: [2, 2] },
  { a: [2, 1, 2, 1], b: [3, 1, 2] },
];
const OPS: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'squaredDifference'];

describe('binary gradients (reference), reduced back to each operand, against finite differences', () => {
  for (const { a: aShape, b: bShape } of BINARY_CASES) {
    for (const op of OPS) {
      it(`${op} [${aShape}] ∘ [${bShape}]`, () => {
        const a = randomArray(size(aShape), 11);
        const b = randomArray(size(bShape), 12).map((v) => (v < 0 ? v - 0.5 : v + 0.5));
        const { y } = binaryRef(op, a, aShape, b, bShape);
        const w = randomArray(y.length, 13);
        const { ga, gb } = binaryBackwardRef(op, a, aShape, b, bShape, w);
        const numericA = numericGrad((v) => dot(w, binaryRef(op, v, aShape, b, bShape).y), a);
        const numericB = numericGrad((v) => dot(w, binaryRef(op, a, aShape, v, bShape).y), b);
        expectClose(ga, numericA, TOL.f64.fd, 'ga');
        expectClose(gb, numericB, TOL.f64.fd, 'gb');
      });
    }
  }
});

describe('broadcastTo gradient (reference) against finite differences', () => {
  for (const [from, to] of [[[3], [2, 3]], [[2, 1, 4], [3, 2, 5, 4]], [[], [2, 2]]] as [Shape, Shape][]) {
    it(`[${from}] → [${to}]`, () => {
      const x = randomArray(size(from), 21);
      const w = randomArray(size(to), 22);
      const numeric = numericGrad((v) => dot(w, broadcastToRef(v, from, to)), x);
      expectClose(broadcastToBackwardRef(w, from, to), numeric, TOL.f64.fd);
    });
  }
});
