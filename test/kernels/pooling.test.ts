import { describe, expect, it } from 'vitest';
import { runKernel } from '../../src/kernels/launch.js';
import {
  choosePool2d, globalPool2dGeometry, planAvgPool2d, planAvgPool2dBackward, planMaxPool2d, planMaxPool2dBackward, pool2dGeometry,
  type Pool2dGeometry, type Pool2dOptions, type PoolPlan, type PoolVariant,
} from '../../src/kernels/pooling.js';
import { sizeOf, type Shape } from '../../src/kernels/shape.js';
import type { DeviceCaps } from '../../src/gpu/caps.js';
import type { Gpu } from '../../src/gpu/gpu.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { download, output, upload } from '../helpers/buffers.js';
import { randomArray, rng, toF32 } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { avgPool2dBackwardRef, avgPool2dRef, maxPool2dBackwardRef, maxPool2dRef } from '../reference/pooling.js';

interface PoolCase { shape: Shape; pool: [number, number]; strides: [number, number]; padding: 'valid' | 'same'; ties?: boolean }

// Odd sizes, stride ≠ pool, stride > pool (cells no window covers), overlapping windows, 'same'
// with asymmetric padding and with a window larger than the input, a 1×1 output, channels not a
// multiple of 4, batch 1, ties, and a size that spans many workgroups.
const CASES: PoolCase[] = [
  { shape: [1, 5, 7, 3], pool: [2, 2], strides: [2, 2], padding: 'valid' },
  { shape: [2, 7, 6, 5], pool: [3, 3], strides: [2, 2], padding: 'same' },
  { shape: [1, 4, 4, 1], pool: [4, 4], strides: [4, 4], padding: 'valid' },
  { shape: [3, 6, 5, 6], pool: [3, 2], strides: [1, 2], padding: 'same' },
  { shape: [1, 5, 5, 2], pool: [1, 1], strides: [3, 3], padding: 'same' },
  { shape: [2, 9, 9, 8], pool: [3, 3], strides: [1, 1], padding: 'valid' },
  { shape: [1, 2, 3, 4], pool: [5, 5], strides: [1, 1], padding: 'same' },
  { shape: [2, 8, 7, 4], pool: [3, 3], strides: [2, 2], padding: 'same', ties: true },
  { shape: [1, 6, 6, 2], pool: [2, 2], strides: [2, 2], padding: 'valid', ties: true },
  { shape: [4, 32, 30, 16], pool: [2, 2], strides: [2, 2], padding: 'valid' },
];

const name = (c: PoolCase) => `[${c.shape}] pool ${c.pool.join('×')} stride ${c.strides.join('×')} ${c.padding}${c.ties ? ' with ties' : ''}`;

/** Inputs with many equal values in each window when `ties`: small integers. */
function inputs(c: PoolCase, seed: number): Float32Array {
  if (!c.ties) return toF32(randomArray(sizeOf(c.shape), seed));
  const r = rng(seed);
  return Float32Array.from({ length: sizeOf(c.shape) }, () => Math.floor(r() * 3));
}

/** Both variants where the channel count allows vec4, else the scalar one. */
const variants = (g: Pool2dGeometry): PoolVariant[] => (g.channels % 4 === 0 ? ['scalar', 'vec4'] : ['scalar']);

async function checkPools(gpu: Gpu, g: Pool2dGeometry, x: Float32Array, caps: DeviceCaps, what: string, maxToo = true): Promise<void> {
  const nOut = sizeOf(g.outShape);
  const gy = toF32(randomArray(nOut, nOut + 7));
  const xBuf = upload(gpu, x);
  const gyBuf = upload(gpu, gy);
  const run = (plan: PoolPlan, buffers: GPUBuffer[]) => runKernel(gpu, plan.kernel, plan, buffers);
  for (const v of variants(g)) {
    const y = output(gpu, nOut);
    const gx = output(gpu, x.length);
    if (maxToo) {
      await run(planMaxPool2d(g, caps, v), [xBuf, y]);
      expectClose(await download(gpu, y, nOut), maxPool2dRef(x, g), TOL.f32.strict, `max forward ${v} ${what}`);
      await run(planMaxPool2dBackward(g, caps, v), [xBuf, y, gyBuf, gx]);
      expectClose(await download(gpu, gx, x.length), maxPool2dBackwardRef(x, gy, g), TOL.f32.balanced, `max backward ${v} ${what}`);
    }
    await run(planAvgPool2d(g, caps, v), [xBuf, y]);
    expectClose(await download(gpu, y, nOut), avgPool2dRef(x, g), TOL.f32.balanced, `avg forward ${v} ${what}`);
    await run(planAvgPool2dBackward(g, caps, v), [gyBuf, gx]);
    expectClose(await download(gpu, gx, x.length), avgPool2dBackwardRef(gy, g), TOL.f32.balanced, `avg backward ${v} ${what}`);
    y.destroy();
    gx.destroy();
  }
  xBuf.destroy();
  gyBuf.destroy();
}

describe(`pooling on ${ADAPTER}`, () => {
  for (const c of CASES) {
    it(`${name(c)}: max and avg, forward and backward`, async () => {
      const gpu = await testGpu();
      const options: Pool2dOptions = { poolSize: c.pool, strides: c.strides, padding: c.padding };
      await checkPools(gpu, pool2dGeometry(c.shape, options), inputs(c, sizeOf(c.shape)), gpu.caps, name(c));
    });
  }

  it('ties go to the first maximum in window order (row-major), per channel in vec4', async () => {
    const gpu = await testGpu();
    for (const channels of [1, 4]) {
      const g = pool2dGeometry([1, 4, 4, channels], { poolSize: [2, 2], strides: [2, 2], padding: 'valid' });
      const gx = output(gpu, 16 * channels);
      const plan = planMaxPool2dBackward(g, gpu.caps);
      const gy = Float32Array.from({ length: 4 * channels }, (_, i) => i + 1);
      await runKernel(gpu, plan.kernel, plan, [upload(gpu, new Float32Array(16 * channels).fill(1)), upload(gpu, new Float32Array(4 * channels).fill(1)), upload(gpu, gy), gx]);
      // Window (0,0) routes to cell (0,0), window (0,1) to (0,2), (1,0) to (2,0), (1,1) to (2,2).
      const expected = new Float32Array(16 * channels);
      [0, 2, 8, 10].forEach((cell, o) => { for (let c = 0; c < channels; c++) expected[cell * channels + c] = gy[o * channels + c]; });
      expectClose(await download(gpu, gx, 16 * channels), expected, TOL.f32.strict, `first-max routing, ${channels} channel(s), ${plan.variant}`);
    }
  });

  it('chooses vec4 exactly when the channels are a multiple of 4', () => {
    const pick = (c: number) => choosePool2d(pool2dGeometry([1, 4, 4, c], { poolSize: [2, 2], strides: [2, 2], padding: 'valid' }));
    expect([1, 3, 4, 6, 8, 64].map(pick)).toEqual(['scalar', 'scalar', 'vec4', 'scalar', 'vec4', 'vec4']);
  });

  it('global average pooling is the one-window average, both passes', async () => {
    const gpu = await testGpu();
    for (const shape of [[1, 1, 1, 3], [2, 7, 5, 6], [3, 16, 16, 9]]) {
      await checkPools(gpu, globalPool2dGeometry(shape), toF32(randomArray(sizeOf(shape), 3)), gpu.caps, `global [${shape}]`, false);
    }
  });

  it('splits large grids over two dimensions', async () => {
    const gpu = await testGpu();
    const tiny: DeviceCaps = { ...gpu.caps, limits: { ...gpu.caps.limits, maxComputeWorkgroupsPerDimension: 3 } };
    const g = pool2dGeometry([2, 9, 11, 5], { poolSize: [3, 3], strides: [2, 2], padding: 'same' });
    await checkPools(gpu, g, toF32(randomArray(sizeOf(g.inShape), 5)), tiny, 'tiny grid');
  });
});
