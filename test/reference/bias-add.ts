import type { Activation } from '../../src/kernels/activation.js';
import { activate, activationGrad } from './activation.js';

/** y[r,c] = activation(x[r,c] + b[c]) over [rows, channels], in float64. */
export function biasAddRef(x: ArrayLike<number>, b: ArrayLike<number>, rows: number, channels: number, activation: Activation, alpha: number): Float64Array {
  const y = new Float64Array(rows * channels);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++) y[r * channels + c] = activate(activation, x[r * channels + c] + b[c], alpha);
  }
  return y;
}

/** Gradients of Σ gy ⊙ biasAdd(x, b): gx = gy · activation′(x + b), gb[c] = Σ_r gx[r,c]. */
export function biasAddBackwardRef(
  gy: ArrayLike<number>, x: ArrayLike<number>, b: ArrayLike<number>, rows: number, channels: number, activation: Activation, alpha: number,
): { gx: Float64Array; gb: Float64Array } {
  const gx = new Float64Array(rows * channels);
  const gb = new Float64Array(channels);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++) {
      const i = r * channels + c;
      gx[i] = gy[i] * activationGrad(activation, x[i] + b[c], alpha);
      gb[c] += gx[i];
    }
  }
  return { gx, gb };
}
