import { describe, it } from 'vitest';
import { metricsClassification, metricsLoss, planMetrics } from '../../src/kernels/metrics.js';
import { runKernel } from '../../src/kernels/launch.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { upload } from '../helpers/buffers.js';
import { randomArray, rng, toF32 } from '../helpers/random.js';
import { downloadStats, expectStats, statsBuffer } from '../helpers/stats.js';
import { metricsRef } from '../reference/metrics.js';
import type { StatsValues } from '../../src/kernels/stats.js';

const START: StatsValues = { lossSum: 1.5, correct: 3, count: 7, firstBad: 0, gradScale: 1, gradNorm: 0, correctTopK: 4 };

// Row counts straddle the workgroup (127/128/129 on compat's 128, 255/256/257 on core's 256) and
// validRows cuts a partial last batch.
const CASES: { rows: number; classes: number; validRows?: number }[] = [
  { rows: 1, classes: 1 },
  { rows: 5, classes: 10 },
  { rows: 127, classes: 10 },
  { rows: 128, classes: 10 },
  { rows: 129, classes: 3 },
  { rows: 255, classes: 7 },
  { rows: 256, classes: 7 },
  { rows: 257, classes: 7 },
  { rows: 1000, classes: 100 },
  { rows: 64, classes: 10, validRows: 37 },
  { rows: 64, classes: 10, validRows: 0 },
];

function labelsFor(rows: number, classes: number, seed: number): Uint32Array {
  const r = rng(seed);
  return Uint32Array.from({ length: rows }, () => Math.floor(r() * classes));
}

describe(`metrics on ${ADAPTER}`, () => {
  for (const { rows, classes, validRows = rows } of CASES) {
    it(`classification b${rows} c${classes} valid ${validRows}`, async () => {
      const gpu = await testGpu();
      const loss = toF32(randomArray(rows, 1, 0, 3));
      const logits = toF32(randomArray(rows * classes, 2));
      // Ties: make some rows' first two logits equal maxima so the first must win.
      for (let b = 0; b < rows; b += 5) if (classes > 1) logits[b * classes] = logits[b * classes + 1] = 2;
      const labels = labelsFor(rows, classes, 3);
      for (let b = 0; b < rows; b += 3) labels[b] = b % 2; // plenty of hits, including on the ties
      const stats = statsBuffer(gpu, START);
      const step = { index: 4, validRows };
      await runKernel(gpu, metricsClassification, planMetrics(rows, classes, gpu.caps), [upload(gpu, loss), upload(gpu, logits), upload(gpu, labels), stats], { step });
      expectStats(await downloadStats(gpu, stats), metricsRef(START, loss, logits, labels, rows, classes, step));
    });
  }

  it('loss only, b300 valid 299, twice', async () => {
    const gpu = await testGpu();
    const loss = toF32(randomArray(300, 5, 0, 2));
    const stats = statsBuffer(gpu, START);
    const step = { index: 9, validRows: 299 };
    const plan = planMetrics(300, 0, gpu.caps);
    await runKernel(gpu, metricsLoss, plan, [upload(gpu, loss), stats], { step });
    await runKernel(gpu, metricsLoss, plan, [upload(gpu, loss), stats], { step });
    const once = metricsRef(START, loss, null, null, 300, 0, step);
    expectStats(await downloadStats(gpu, stats), metricsRef(once, loss, null, null, 300, 0, step));
  });

  for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    it(`a ${bad} loss sets firstBad once; padding rows are ignored`, async () => {
      const gpu = await testGpu();
      const rows = 40;
      const loss = toF32(randomArray(rows, 6, 0, 2));
      loss[39] = bad; // a padding row: ignored
      const logits = toF32(randomArray(rows * 4, 7));
      const labels = labelsFor(rows, 4, 8);
      const stats = statsBuffer(gpu, START);
      const inputs = [upload(gpu, loss), upload(gpu, logits), upload(gpu, labels), stats];
      const plan = planMetrics(rows, 4, gpu.caps);
      await runKernel(gpu, metricsClassification, plan, inputs, { step: { index: 2, validRows: 39 } });
      expectStats(await downloadStats(gpu, stats), metricsRef(START, loss, logits, labels, rows, 4, { index: 2, validRows: 39 }), 1e-5, 'padding');
      loss[10] = bad;
      const after2 = metricsRef(START, loss, logits, labels, rows, 4, { index: 2, validRows: 39 });
      const after5 = metricsRef(after2, loss, logits, labels, rows, 4, { index: 5, validRows: 39 });
      const statsB = statsBuffer(gpu, START);
      const lossB = upload(gpu, loss);
      await runKernel(gpu, metricsClassification, plan, [lossB, inputs[1], inputs[2], statsB], { step: { index: 2, validRows: 39 } });
      await runKernel(gpu, metricsClassification, plan, [lossB, inputs[1], inputs[2], statsB], { step: { index: 5, validRows: 39 } });
      const got = await downloadStats(gpu, statsB);
      expectStats(got, after5, 1e-5, 'bad');
    });
  }
});
