import { describe, expect, it } from 'vitest';
import {
  batchNormApply, batchNormBackwardInference, batchNormBackwardInput, batchNormBackwardReduce, batchNormGeometry, batchNormStats, batchNormUpdate,
  planBatchNormApply, planBatchNormBackwardInference, planBatchNormBackwardInput, planBatchNormBackwardReduce, planBatchNormStats, planBatchNormUpdate,
  planStackRows, planUnstackRows, stackRows, unstackRows,
} from '../../src/kernels/batch-norm.js';
import { runKernel } from '../../src/kernels/launch.js';
import { sizeOf, type Shape } from '../../src/kernels/shape.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { download, output, upload } from '../helpers/buffers.js';
import { randomArray, toF32 } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import {
  batchNormApplyRef, batchNormBackwardInferenceRef, batchNormBackwardRef, batchNormMomentsRef, movingAverageRef, tableRef,
} from '../reference/batch-norm.js';

interface Case { shape: Shape; center?: number; spread?: number }

// Dense [N, C] and NHWC shapes: a batch of one (zero variance), one channel, channels not a
// multiple of 4 and above the 16 channels a workgroup owns, rows around the 128-lane workgroup,
// and inputs 1e3 ± 1 where a one-pass variance would lose every digit.
const CASES: Case[] = [
  { shape: [1, 5] },
  { shape: [7, 1] },
  { shape: [127, 3] },
  { shape: [129, 3] },
  { shape: [2, 5, 7, 6] },
  { shape: [3, 9, 9, 17] },
  { shape: [1, 3, 3, 33] },
  { shape: [64, 10] },
  { shape: [1000, 3], center: 1000, spread: 1 },
  { shape: [4, 16, 16, 5], center: 1000, spread: 1 },
];

const EPS = 1e-3;
const name = (c: Case) => `[${c.shape.join(',')}]${c.center ? ` around ${c.center}` : ''}`;

async function run(kernel: Parameters<typeof runKernel>[1], plan: Parameters<typeof runKernel>[2], tensors: GPUBuffer[]): Promise<void> {
  await runKernel(await testGpu(), kernel, plan, tensors);
}

describe(`batch norm on ${ADAPTER}`, () => {
  for (const c of CASES) {
    it(`${name(c)}: stats, apply, backward, update`, async () => {
      const gpu = await testGpu();
      const g = batchNormGeometry(c.shape);
      const spread = c.spread ?? 2;
      const x = toF32(randomArray(sizeOf(c.shape), g.count, (c.center ?? 0.5) - spread, (c.center ?? 0.5) + spread));
      const gamma = toF32(randomArray(g.channels, 1, 0.5, 1.5));
      const beta = toF32(randomArray(g.channels, 2));
      const gy = toF32(randomArray(g.count, 3));
      const xBuf = upload(gpu, x);
      const t = output(gpu, 4 * g.channels);
      await run(batchNormStats, planBatchNormStats(g, gpu.caps), [xBuf, t]);
      await run(stackRows, planStackRows(g.channels, 2, gpu.caps), [upload(gpu, gamma), upload(gpu, beta), t]);
      const table = await download(gpu, t, 4 * g.channels);
      const { mean, variance } = batchNormMomentsRef(x, g.rows, g.channels);
      expectClose(table.subarray(0, g.channels), mean, TOL.f32.balanced, 'mean');
      expectClose(table.subarray(g.channels, 2 * g.channels), variance, TOL.f32.balanced, 'variance');
      expectClose(table.subarray(2 * g.channels), tableRef([gamma, beta]), TOL.f32.strict, 'gamma, beta');

      const y = output(gpu, g.count);
      await run(batchNormApply, planBatchNormApply(g, EPS, gpu.caps), [xBuf, t, y]);
      const yGpu = await download(gpu, y, g.count);
      expectClose(yGpu, batchNormApplyRef(x, g.channels, mean, variance, gamma, beta, EPS), TOL.f32.permissive, 'y');
      if (g.rows === 1) expectClose(yGpu, Float64Array.from(yGpu, (_, i) => beta[i % g.channels]), TOL.f32.strict, 'a batch of one gives beta');

      const b = output(gpu, 5 * g.channels);
      const gyBuf = upload(gpu, gy);
      await run(batchNormBackwardReduce, planBatchNormBackwardReduce(g, EPS, gpu.caps), [gyBuf, xBuf, t, b]);
      const ref = batchNormBackwardRef(gy, x, g.rows, g.channels, gamma, EPS);
      const sumTol = { atol: TOL.f32.permissive.atol * Math.sqrt(g.rows), rtol: TOL.f32.permissive.rtol };
      expectClose(await download(gpu, b, 5 * g.channels), ref.table, sumTol, 'backward table');
      const gx = output(gpu, g.count);
      await run(batchNormBackwardInput, planBatchNormBackwardInput(g, gpu.caps), [gyBuf, xBuf, b, gx]);
      expectClose(await download(gpu, gx, g.count), ref.gx, TOL.f32.permissive, 'gx');
      const [dgamma, dbeta] = [output(gpu, g.channels), output(gpu, g.channels)];
      await run(unstackRows, planUnstackRows(g.channels, 0, gpu.caps), [b, dgamma, dbeta]);
      expectClose(await download(gpu, dgamma, g.channels), ref.dgamma, sumTol, 'dgamma');
      expectClose(await download(gpu, dbeta, g.channels), ref.dbeta, sumTol, 'dbeta');

      await run(batchNormBackwardInference, planBatchNormBackwardInference(g, EPS, gpu.caps), [gyBuf, t, gx]);
      expectClose(await download(gpu, gx, g.count), batchNormBackwardInferenceRef(gy, g.channels, variance, gamma, EPS), TOL.f32.balanced, 'gx (inference)');

      const mm = toF32(randomArray(g.channels, 4));
      const mv = toF32(randomArray(g.channels, 5, 0.5, 2));
      const [mmBuf, mvBuf] = [upload(gpu, mm), upload(gpu, mv)];
      await run(batchNormUpdate, planBatchNormUpdate(g.channels, 0.9, gpu.caps), [t, mmBuf, mvBuf]);
      expectClose(await download(gpu, mmBuf, g.channels), movingAverageRef(mm, mean, 0.9), TOL.f32.balanced, 'moving mean');
      expectClose(await download(gpu, mvBuf, g.channels), movingAverageRef(mv, variance, 0.9), TOL.f32.balanced, 'moving variance');
    });
  }

  it('a non-finite batch mean or variance leaves that channel\'s moving statistics unchanged', async () => {
    const gpu = await testGpu();
    // t rows: batch mean, batch variance (gamma/beta rows unused by the update).
    const t = Float32Array.from([1, Number.NaN, 3, 4, /* variance */ 0.5, 0.5, Number.POSITIVE_INFINITY, 2, /* gamma, beta */ 1, 1, 1, 1, 0, 0, 0, 0]);
    const mm = Float32Array.from([0.1, 0.2, 0.3, 0.4]);
    const mv = Float32Array.from([1, 1, 1, 1]);
    const [mmBuf, mvBuf] = [upload(gpu, mm), upload(gpu, mv)];
    await run(batchNormUpdate, planBatchNormUpdate(4, 0.9, gpu.caps), [upload(gpu, t), mmBuf, mvBuf]);
    expectClose(await download(gpu, mmBuf, 4), [0.1 * 0.9 + 0.1, 0.2, 0.3, 0.4 * 0.9 + 0.4], TOL.f32.balanced, 'moving mean');
    expectClose(await download(gpu, mvBuf, 4), [0.95, 1, 1, 1.1], TOL.f32.balanced, 'moving variance');
  });

  it('stack and unstack rows round-trip', async () => {
    const gpu = await testGpu();
    const a = toF32(randomArray(300, 7));
    const bv = toF32(randomArray(300, 8));
    const y = output(gpu, 600);
    await run(stackRows, planStackRows(300, 0, gpu.caps), [upload(gpu, a), upload(gpu, bv), y]);
    const [a2, b2] = [output(gpu, 300), output(gpu, 300)];
    await run(unstackRows, planUnstackRows(300, 0, gpu.caps), [y, a2, b2]);
    expect(Array.from(await download(gpu, a2, 300))).toEqual(Array.from(a));
    expect(Array.from(await download(gpu, b2, 300))).toEqual(Array.from(bv));
  });
});
