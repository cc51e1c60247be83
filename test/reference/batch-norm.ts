// Float64 references of the batch-norm kernels (src/kernels/batch-norm.ts), plain loops over x
// viewed as [rows, channels] (NHWC flattened).

/** Per-channel mean and biased variance (rows 0–1 of the table t). */
export function batchNormMomentsRef(x: ArrayLike<number>, rows: number, channels: number): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(channels);
  const variance = new Float64Array(channels);
  for (let r = 0; r < rows; r++) for (let c = 0; c < channels; c++) mean[c] += x[r * channels + c];
  for (let c = 0; c < channels; c++) mean[c] /= rows;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++) {
      const d = x[r * channels + c] - mean[c];
      variance[c] += d * d;
    }
  }
  for (let c = 0; c < channels; c++) variance[c] /= rows;
  return { mean, variance };
}

/** y = (x − mean)·gamma/√(var + ε) + beta. */
export function batchNormApplyRef(x: ArrayLike<number>, channels: number, mean: ArrayLike<number>, variance: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number>, epsilon: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const c = i % channels;
    y[i] = ((x[i] - mean[c]) * gamma[c]) / Math.sqrt(variance[c] + epsilon) + beta[c];
  }
  return y;
}

/** The table t [4, channels] = (mean, var, gamma, beta). */
export function tableRef(rows: readonly ArrayLike<number>[]): Float64Array {
  const channels = rows[0].length;
  const t = new Float64Array(rows.length * channels);
  rows.forEach((r, k) => t.set(Array.from(r), k * channels));
  return t;
}

/**
 * Training-mode BatchNorm backward with batch statistics: gx, dgamma, dbeta, and the table
 * b [5, channels] = (dgamma, dbeta, mean, σ⁻¹, gamma·σ⁻¹) of the reduce kernel.
 */
export function batchNormBackwardRef(gy: ArrayLike<number>, x: ArrayLike<number>, rows: number, channels: number, gamma: ArrayLike<number>, epsilon: number): { gx: Float64Array; dgamma: Float64Array; dbeta: Float64Array; table: Float64Array } {
  const { mean, variance } = batchNormMomentsRef(x, rows, channels);
  const inv = variance.map((v) => 1 / Math.sqrt(v + epsilon));
  const dgamma = new Float64Array(channels);
  const dbeta = new Float64Array(channels);
  for (let i = 0; i < x.length; i++) {
    const c = i % channels;
    dbeta[c] += gy[i];
    dgamma[c] += gy[i] * (x[i] - mean[c]) * inv[c];
  }
  const gx = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const c = i % channels;
    const xhat = (x[i] - mean[c]) * inv[c];
    gx[i] = gamma[c] * inv[c] * (gy[i] - dbeta[c] / rows - (xhat * dgamma[c]) / rows);
  }
  const scale = Float64Array.from(gamma, (g, c) => g * inv[c]);
  return { gx, dgamma, dbeta, table: tableRef([dgamma, dbeta, mean, inv, scale]) };
}

/** Inference-mode input gradient gx = gy·gamma/√(var + ε). */
export function batchNormBackwardInferenceRef(gy: ArrayLike<number>, channels: number, variance: ArrayLike<number>, gamma: ArrayLike<number>, epsilon: number): Float64Array {
  return Float64Array.from(gy, (g, i) => (g * gamma[i % channels]) / Math.sqrt(variance[i % channels] + epsilon));
}

/** Keras's moving-average update: moving ← moving·momentum + batch·(1 − momentum). */
export function movingAverageRef(moving: ArrayLike<number>, batch: ArrayLike<number>, momentum: number): Float64Array {
  return Float64Array.from(moving, (m, i) => m * momentum + batch[i] * (1 - momentum));
}
