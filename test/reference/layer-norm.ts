// Float64 reference of layer normalization written directly (rows × features), independent of the
// group-norm mapping the kernels use, so the layer-norm tests check that mapping too.

/** y[r, f] = (x − mean_r)/√(var_r + ε)·gamma[f] + beta[f] over `features` trailing elements per row. */
export function layerNormRef(x: ArrayLike<number>, features: number, gamma: ArrayLike<number>, beta: ArrayLike<number>, epsilon: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let r = 0; r < x.length / features; r++) {
    let mean = 0;
    for (let f = 0; f < features; f++) mean += x[r * features + f];
    mean /= features;
    let variance = 0;
    for (let f = 0; f < features; f++) variance += (x[r * features + f] - mean) ** 2;
    variance /= features;
    for (let f = 0; f < features; f++) y[r * features + f] = ((x[r * features + f] - mean) / Math.sqrt(variance + epsilon)) * gamma[f] + beta[f];
  }
  return y;
}
