import { describe, it } from 'vitest';
import {
  planSoftmaxCrossEntropy, softmaxCrossEntropyBackward, softmaxCrossEntropyForward,
  softmaxCrossEntropyOneHotBackward, softmaxCrossEntropyOneHotForward,
} from '../../src/kernels/softmax-cross-entropy.js';
import { runKernel } from '../../src/kernels/launch.js';
import { workgroupInvocations } from '../../src/kernels/kernel.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { download, output, upload } from '../helpers/buffers.js';
import { randomArray, rng, toF32 } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import {
  softmaxCrossEntropyBackwardRef, softmaxCrossEntropyOneHotBackwardRef,
  softmaxCrossEntropyOneHotRef, softmaxCrossEntropyRef,
} from '../reference/softmax-cross-entropy.js';

// Rows straddle the rows-per-workgroup count; classes straddle the ROW_THREADS steps (16 classes
// per lane), and explicit rowThreads force each mapping (1 = a row per invocation, up to a whole
// workgroup per row) on the same data.
const CASES: { rows: number; classes: number; rowThreads?: number; scale?: number }[] = [
  { rows: 1, classes: 1 },
  { rows: 1, classes: 2 },
  { rows: 7, classes: 10 },
  { rows: 127, classes: 3 },
  { rows: 128, classes: 10 },
  { rows: 129, classes: 10 },
  { rows: 300, classes: 31 },
  { rows: 5, classes: 33 },
  { rows: 3, classes: 1000 },
  { rows: 17, classes: 257 },
  { rows: 9, classes: 100, rowThreads: 1 },
  { rows: 9, classes: 100, rowThreads: 8 },
  { rows: 9, classes: 100, rowThreads: 128 },
  { rows: 6, classes: 12, scale: 80 }, // logits ±80: exp would overflow without the max shift
];

function labelsFor(rows: number, classes: number, seed: number): Uint32Array {
  const r = rng(seed);
  return Uint32Array.from({ length: rows }, () => Math.floor(r() * classes));
}

function softTargets(rows: number, classes: number, seed: number): Float32Array {
  const t = randomArray(rows * classes, seed, 0, 1);
  for (let b = 0; b < rows; b++) {
    let s = 0;
    for (let c = 0; c < classes; c++) s += t[b * classes + c];
    for (let c = 0; c < classes; c++) t[b * classes + c] /= s;
  }
  return toF32(t);
}

describe(`softmax cross-entropy on ${ADAPTER}`, () => {
  for (const { rows, classes, rowThreads, scale = 3 } of CASES) {
    const name = `b${rows} c${classes}${rowThreads ? ` rowThreads ${rowThreads}` : ''}${scale !== 3 ? ` ±${scale}` : ''}`;
    it(`sparse forward and backward, ${name}`, async () => {
      const gpu = await testGpu();
      const plan = planSoftmaxCrossEntropy(rows, classes, gpu.caps, rowThreads && Math.min(rowThreads, workgroupInvocations(gpu.caps)));
      const logits = toF32(randomArray(rows * classes, 11, -scale, scale));
      const labels = labelsFor(rows, classes, 12);
      const gRows = toF32(randomArray(rows, 13, -2, 2));
      const [x, y, g] = [upload(gpu, logits), upload(gpu, labels), upload(gpu, gRows)];
      const loss = output(gpu, rows);
      const gx = output(gpu, rows * classes);
      await runKernel(gpu, softmaxCrossEntropyForward, plan, [x, y, loss]);
      await runKernel(gpu, softmaxCrossEntropyBackward, plan, [x, y, g, gx]);
      expectClose(await download(gpu, loss, rows), softmaxCrossEntropyRef(logits, labels, rows, classes), TOL.f32.balanced, `rowLoss ${name}`);
      expectClose(await download(gpu, gx, rows * classes), softmaxCrossEntropyBackwardRef(logits, labels, gRows, rows, classes), TOL.f32.balanced, `gLogits ${name}`);
    });
    it(`one-hot forward and backward, ${name}`, async () => {
      const gpu = await testGpu();
      const plan = planSoftmaxCrossEntropy(rows, classes, gpu.caps, rowThreads && Math.min(rowThreads, workgroupInvocations(gpu.caps)));
      const logits = toF32(randomArray(rows * classes, 21, -scale, scale));
      const targets = softTargets(rows, classes, 22);
      const gRows = toF32(randomArray(rows, 23, -2, 2));
      const [x, t, g] = [upload(gpu, logits), upload(gpu, targets), upload(gpu, gRows)];
      const loss = output(gpu, rows);
      const gx = output(gpu, rows * classes);
      await runKernel(gpu, softmaxCrossEntropyOneHotForward, plan, [x, t, loss]);
      await runKernel(gpu, softmaxCrossEntropyOneHotBackward, plan, [x, t, g, gx]);
      expectClose(await download(gpu, loss, rows), softmaxCrossEntropyOneHotRef(logits, targets, rows, classes), TOL.f32.balanced, `rowLoss ${name}`);
      expectClose(await download(gpu, gx, rows * classes), softmaxCrossEntropyOneHotBackwardRef(logits, targets, gRows, rows, classes), TOL.f32.balanced, `gLogits ${name}`);
    });
  }

  it('a label ≥ classes gives a NaN row, other rows untouched', async () => {
    const gpu = await testGpu();
    const rows = 5;
    const classes = 4;
    const logits = toF32(randomArray(rows * classes, 31));
    const labels = Uint32Array.from([0, 4, 3, 0xffffffff, 2]);
    const gRows = toF32([1, 1, 1, 1, 1]);
    const plan = planSoftmaxCrossEntropy(rows, classes, gpu.caps);
    const [x, y] = [upload(gpu, logits), upload(gpu, labels)];
    const loss = output(gpu, rows, 'zero');
    const gx = output(gpu, rows * classes, 'zero');
    await runKernel(gpu, softmaxCrossEntropyForward, plan, [x, y, loss]);
    await runKernel(gpu, softmaxCrossEntropyBackward, plan, [x, y, upload(gpu, gRows), gx]);
    const got = await download(gpu, loss, rows);
    expectClose(got, softmaxCrossEntropyRef(logits, labels, rows, classes), TOL.f32.balanced, 'rowLoss with bad labels');
    expectClose(await download(gpu, gx, rows * classes), softmaxCrossEntropyBackwardRef(logits, labels, gRows, rows, classes), TOL.f32.balanced, 'gLogits with bad labels');
  });
});
