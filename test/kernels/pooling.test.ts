import { describe, it } from 'vitest';
import { runKernel } from '../../src/kernels/launch.js';
import {
  avgPool2dBackward, avgPool2dForward, globalPool2dGeometry, maxPool2dBackward, maxPool2dForward, planAvgPool2d, planAvgPool2dBackward,
  planMaxPool2d, planMaxPool2dBackward, pool2dGeometry, type Pool2dGeometry, type Pool2dOptions,
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
  { shape: [2, 9, 9, 7], pool: [3, 3], strides: [1, 1], padding: 'valid' },
  { shape: [1, 2, 3, 4], pool: [5, 5], strides: [1, 1], padding: 'same' },
  { shape: [2, 8, 7, 3], pool: [3, 3], strides: [2, 2], padding: 'same', ties: true },
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

async function checkPools(gpu: Gpu, g: Pool2dGeometry, x: Float32Array, caps: DeviceCaps, what: string, maxToo = true): Promise<void> {
  const nOut = sizeOf(g.outShape);
  const gy = toF32(randomArray(nOut, nOut + 7));
  const xBuf = upload(gpu, x);
  const gyBuf = upload(gpu, gy);
  const y = output(gpu, nOut);
  const gx = output(gpu, x.length);
  if (maxToo) {
    await runKernel(gpu, maxPool2dForward, planMaxPool2d(g, caps), [xBuf, y]);
    expectClose(await download(gpu, y, nOut), maxPool2dRef(x, g), TOL.f32.strict, `max forward ${what}`);
    await runKernel(gpu, maxPool2dBackward, planMaxPool2dBackward(g, caps), [xBuf, y, gyBuf, gx]);
    expectClose(await download(gpu, gx, x.length), maxPool2dBackwardRef(x, gy, g), TOL.f32.balanced, `max backward ${what}`);
  }
  await runKernel(gpu, avgPool2dForward, planAvgPool2d(g, caps), [xBuf, y]);
  expectClose(await download(gpu, y, nOut), avgPool2dRef(x, g), TOL.f32.balanced, `avg forward ${what}`);
  await runKernel(gpu, avgPool2dBackward, planAvgPool2dBackward(g, caps), [gyBuf, gx]);
  expectClose(await download(gpu, gx, x.length), avgPool2dBackwardRef(gy, g), TOL.f32.balanced, `avg backward ${what}`);
  for (const b of [xBuf, gyBuf, y, gx]) b.destroy();
}

describe(`pooling on ${ADAPTER}`, () => {
  for (const c of CASES) {
    it(`${name(c)}: max and avg, forward and backward`, async () => {
      const gpu = await testGpu();
      const options: Pool2dOptions = { poolSize: c.pool, strides: c.strides, padding: c.padding };
      await checkPools(gpu, pool2dGeometry(c.shape, options), inputs(c, sizeOf(c.shape)), gpu.caps, name(c));
    });
  }

  it('ties go to the first maximum in window order (row-major)', async () => {
    const gpu = await testGpu();
    const g = pool2dGeometry([1, 4, 4, 1], { poolSize: [2, 2], strides: [2, 2], padding: 'valid' });
    const xBuf = upload(gpu, new Float32Array(16).fill(1));
    const gx = output(gpu, 16);
    await runKernel(gpu, maxPool2dBackward, planMaxPool2dBackward(g, gpu.caps), [xBuf, upload(gpu, new Float32Array(4).fill(1)), upload(gpu, Float32Array.from([1, 2, 3, 4])), gx]);
    const expected = [1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0];
    expectClose(await download(gpu, gx, 16), expected, TOL.f32.strict, 'first-max routing');
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
