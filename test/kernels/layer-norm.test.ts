import { describe, expect, it } from 'vitest';
import { groupNormBackwardInput, groupNormBackwardParams, groupNormForward, planGroupNormBackwardInput, planGroupNormBackwardParams, planGroupNormForward } from '../../src/kernels/group-norm.js';
import { layerNormGeometry } from '../../src/kernels/layer-norm.js';
import { runKernel } from '../../src/kernels/launch.js';
import { sizeOf, type Shape } from '../../src/kernels/shape.js';
import { ShapeError } from '../../src/errors.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { download, output, upload } from '../helpers/buffers.js';
import { randomArray, toF32 } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { groupNormBackwardRef } from '../reference/group-norm.js';
import { layerNormRef } from '../reference/layer-norm.js';

interface Case { shape: Shape; axes: number | number[]; center?: number }

// Dense rows (features 1, 3, 127, 129, 300: around the workgroup), trailing NHWC blocks, and
// rows around 1e3.
const CASES: Case[] = [
  { shape: [5, 1], axes: -1 },
  { shape: [4, 3], axes: -1 },
  { shape: [3, 127], axes: 1 },
  { shape: [2, 129], axes: -1 },
  { shape: [2, 300], axes: -1, center: 1000 },
  { shape: [2, 3, 5, 7], axes: -1 },
  { shape: [2, 3, 5, 7], axes: [1, 2, 3] },
  { shape: [2, 3, 5, 7], axes: [-2, -1] },
];

const EPS = 1e-3;

describe(`layer norm on ${ADAPTER}`, () => {
  for (const c of CASES) {
    it(`[${c.shape.join(',')}] axes ${JSON.stringify(c.axes)}: forward and backward`, async () => {
      const gpu = await testGpu();
      const g = layerNormGeometry(c.shape, c.axes);
      const n = sizeOf(c.shape);
      const d = g.channels;
      const x = toF32(randomArray(n, n + d, (c.center ?? 0) - 1, (c.center ?? 0) + 1));
      const gb = toF32(randomArray(2 * d, 7, 0.5, 1.5));
      const gy = toF32(randomArray(n, 8));
      const [xBuf, gbBuf, gyBuf] = [upload(gpu, x), upload(gpu, gb), upload(gpu, gy)];
      const y = output(gpu, n);
      const s = output(gpu, 2 * g.batch);
      await runKernel(gpu, groupNormForward, planGroupNormForward(g, EPS, gpu.caps), [xBuf, gbBuf, y, s]);
      expectClose(await download(gpu, y, n), layerNormRef(x, d, gb.subarray(0, d), gb.subarray(d), EPS), TOL.f32.permissive, 'y');
      const back = groupNormBackwardRef(gy, x, gb, g, EPS);
      const gx = output(gpu, n);
      await runKernel(gpu, groupNormBackwardInput, planGroupNormBackwardInput(g, EPS, gpu.caps), [gyBuf, xBuf, gbBuf, gx]);
      expectClose(await download(gpu, gx, n), back.gx, TOL.f32.permissive, 'gx');
      const dd = output(gpu, 2 * d);
      await runKernel(gpu, groupNormBackwardParams, planGroupNormBackwardParams(g, gpu.caps), [gyBuf, xBuf, s, dd]);
      expectClose(await download(gpu, dd, 2 * d), back.d, TOL.f32.permissive, 'dgamma, dbeta');
    });
  }

  it('axes must be trailing and exclude the batch axis (ShapeError)', () => {
    expect(() => layerNormGeometry([2, 3, 4], [1])).toThrow(ShapeError);
    expect(() => layerNormGeometry([2, 3, 4], [0, 1, 2])).toThrow(ShapeError);
    expect(() => layerNormGeometry([2, 3, 4], 3)).toThrow(/out of range/);
    expect(layerNormGeometry([2, 3, 4], [-1, -2])).toEqual({ batch: 2, positions: 1, channels: 12, groups: 1, groupChannels: 12 });
  });
});
