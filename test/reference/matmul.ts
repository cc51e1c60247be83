import type { Activation } from '../../src/kernels/activation.js';
import { activate } from './activation.js';

export interface MatmulRef {
  m: number; n: number; k: number; batch?: number;
  transA?: boolean; transB?: boolean; activation?: Activation; alpha?: number;
}

/** C[z] = activation(op(A[z])·op(B[z]) + bias) in float64; A is [M,K] (or [K,M] transposed), B [K,N] (or [N,K]). */
export function matmulRef(g: MatmulRef, a: ArrayLike<number>, b: ArrayLike<number>, bias?: ArrayLike<number>): Float64Array {
  const { m, n, k } = g;
  const batch = g.batch ?? 1;
  const c = new Float64Array(batch * m * n);
  for (let z = 0; z < batch; z++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = bias ? bias[j] : 0;
        for (let p = 0; p < k; p++) {
          const av = g.transA ? a[z * m * k + p * m + i] : a[z * m * k + i * k + p];
          const bv = g.transB ? b[z * k * n + j * k + p] : b[z * k * n + p * n + j];
          acc += av * bv;
        }
        c[z * m * n + i * n + j] = activate(g.activation ?? 'linear', acc, g.alpha ?? 0.2);
      }
    }
  }
  return c;
}
