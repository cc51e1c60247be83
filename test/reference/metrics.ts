import type { StatsValues } from '../../src/kernels/stats.js';

/**
 * The stats block after one metrics dispatch, in float64: rows b < min(rows, validRows) add their
 * loss, count and (when classes > 0) whether argmax (first maximum) equals the label; a non-finite
 * loss sets firstBad = stepIndex + 1 if it is still 0.
 */
export function metricsRef(
  before: StatsValues, rowLoss: ArrayLike<number>, logits: ArrayLike<number> | null, labels: ArrayLike<number> | null,
  rows: number, classes: number, step: { index: number; validRows: number }, topK = 5,
): StatsValues {
  const n = Math.min(rows, step.validRows);
  let lossSum = 0;
  let correct = 0;
  let correctTopK = 0;
  let bad = false;
  for (let b = 0; b < n; b++) {
    lossSum += rowLoss[b];
    if (!Number.isFinite(rowLoss[b])) bad = true;
    if (classes > 0 && logits && labels) {
      let at = 0;
      for (let c = 1; c < classes; c++) if (logits[b * classes + c] > logits[b * classes + at]) at = c;
      if (at === labels[b]) correct++;
      const label = labels[b];
      if (label < classes) {
        const target = logits[b * classes + label];
        let rank = 0;
        for (let c = 0; c < classes; c++) if (logits[b * classes + c] > target || (logits[b * classes + c] === target && c < label)) rank++;
        if (rank < topK) correctTopK++;
      }
    }
  }
  return {
    ...before,
    lossSum: before.lossSum + lossSum,
    correct: before.correct + correct,
    correctTopK: before.correctTopK + correctTopK,
    count: before.count + n,
    firstBad: bad && before.firstBad === 0 ? step.index + 1 : before.firstBad,
  };
}
