import type { Activation } from '../../src/kernels/activation.js';

/**
 * erf in float64: its Taylor series up to |x| = 3 (cancellation costs < 1e-12 there), and
 * 1 − erfc(x) from erfc's continued fraction beyond, where the series would lose accuracy.
 */
export function erf(x: number): number {
  const t = Math.abs(x);
  if (t > 3) {
    let f = 0;
    for (let n = 80; n >= 1; n--) f = n / 2 / (t + f);
    return Math.sign(x) * (1 - Math.exp(-t * t) / Math.sqrt(Math.PI) / (t + f));
  }
  let sum = t;
  let term = t;
  for (let n = 1; n < 200; n++) {
    term *= (-t * t) / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17) break;
  }
  return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** f(x) in float64. */
export function activate(kind: Activation, x: number, alpha = 0.2): number {
  switch (kind) {
    case 'linear': return x;
    case 'relu': return Math.max(x, 0);
    case 'relu6': return Math.min(Math.max(x, 0), 6);
    case 'leakyRelu': return x > 0 ? x : alpha * x;
    case 'sigmoid': return sigmoid(x);
    case 'tanh': return Math.tanh(x);
    case 'gelu': return 0.5 * x * (1 + erf(x / Math.SQRT2));
    case 'silu': return x * sigmoid(x);
  }
}

/** f'(x) in float64 (derivative at the kink taken as 0 for relu/relu6, alpha for leakyRelu). */
export function activationGrad(kind: Activation, x: number, alpha = 0.2): number {
  switch (kind) {
    case 'linear': return 1;
    case 'relu': return x > 0 ? 1 : 0;
    case 'relu6': return x > 0 && x < 6 ? 1 : 0;
    case 'leakyRelu': return x > 0 ? 1 : alpha;
    case 'sigmoid': { const s = sigmoid(x); return s * (1 - s); }
    case 'tanh': { const t = Math.tanh(x); return 1 - t * t; }
    case 'gelu': return 0.5 * (1 + erf(x / Math.SQRT2)) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    case 'silu': { const s = sigmoid(x); return s * (1 + x * (1 - s)); }
  }
}
