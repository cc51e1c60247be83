/** Float64 references of the softmax cross-entropy kernels; logits and targets are [rows, classes] row-major. */

function logSumExp(x: ArrayLike<number>, base: number, classes: number): number {
  let m = -Infinity;
  for (let c = 0; c < classes; c++) m = Math.max(m, x[base + c]);
  let s = 0;
  for (let c = 0; c < classes; c++) s += Math.exp(x[base + c] - m);
  return Math.log(s) + m;
}

/** rowLoss[b] = logsumexp(x[b]) − x[b, label[b]]; NaN for a label ≥ classes. */
export function softmaxCrossEntropyRef(logits: ArrayLike<number>, labels: ArrayLike<number>, rows: number, classes: number): Float64Array {
  const out = new Float64Array(rows);
  for (let b = 0; b < rows; b++) {
    const label = labels[b];
    out[b] = label >= classes ? Number.NaN : logSumExp(logits, b * classes, classes) - logits[b * classes + label];
  }
  return out;
}

/** rowLoss[b] = −Σ_c t[b,c] · log softmax(x[b])_c. */
export function softmaxCrossEntropyOneHotRef(logits: ArrayLike<number>, targets: ArrayLike<number>, rows: number, classes: number): Float64Array {
  const out = new Float64Array(rows);
  for (let b = 0; b < rows; b++) {
    const lse = logSumExp(logits, b * classes, classes);
    let loss = 0;
    for (let c = 0; c < classes; c++) loss += targets[b * classes + c] * (lse - logits[b * classes + c]);
    out[b] = loss;
  }
  return out;
}

function softmaxRow(x: ArrayLike<number>, base: number, classes: number): Float64Array {
  const lse = logSumExp(x, base, classes);
  const p = new Float64Array(classes);
  for (let c = 0; c < classes; c++) p[c] = Math.exp(x[base + c] - lse);
  return p;
}

/** gLogits[b,c] = (softmax(x[b])_c − [c == label[b]]) · gRows[b]; NaN rows for labels ≥ classes. */
export function softmaxCrossEntropyBackwardRef(
  logits: ArrayLike<number>, labels: ArrayLike<number>, gRows: ArrayLike<number>, rows: number, classes: number,
): Float64Array {
  const out = new Float64Array(rows * classes);
  for (let b = 0; b < rows; b++) {
    const p = softmaxRow(logits, b * classes, classes);
    for (let c = 0; c < classes; c++) {
      out[b * classes + c] = labels[b] >= classes ? Number.NaN : (p[c] - (c === labels[b] ? 1 : 0)) * gRows[b];
    }
  }
  return out;
}

/** gLogits[b,c] = (softmax(x[b])_c · Σ_k t[b,k] − t[b,c]) · gRows[b]. */
export function softmaxCrossEntropyOneHotBackwardRef(
  logits: ArrayLike<number>, targets: ArrayLike<number>, gRows: ArrayLike<number>, rows: number, classes: number,
): Float64Array {
  const out = new Float64Array(rows * classes);
  for (let b = 0; b < rows; b++) {
    const p = softmaxRow(logits, b * classes, classes);
    let total = 0;
    for (let c = 0; c < classes; c++) total += targets[b * classes + c];
    for (let c = 0; c < classes; c++) out[b * classes + c] = (p[c] * total - targets[b * classes + c]) * gRows[b];
  }
  return out;
}
