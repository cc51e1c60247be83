import { describe, expect, it } from 'vitest';
import { groupNormBackwardInput, groupNormBackwardParams, groupNormForward, groupNormGeometry, planGroupNormBackwardInput, planGroupNormBackwardParams, planGroupNormForward } from '../../src/kernels/group-norm.js';
import { runKernel } from '../../src/kernels/launch.js';
import { sizeOf, type Shape } from '../../src/kernels/shape.js';
import { ShapeError } from '../../src/errors.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { download, output, upload } from '../helpers/buffers.js';
import { randomArray, toF32 } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { groupNormBackwardRef, groupNormForwardRef } from '../reference/group-norm.js';

interface Case { shape: Shape; groups: number; center?: number }

// One group (instance-free layer norm over H·W·C), groups = channels (instance norm), channels not
// a multiple of 4, groups of 1×1 positions, group sizes around the workgroup (128 / 256), and
// inputs 1e3 ± 1.
const CASES: Case[] = [
  { shape: [1, 1, 1, 4], groups: 2 },
  { shape: [2, 3, 5, 6], groups: 1 },
  { shape: [2, 3, 5, 6], groups: 3 },
  { shape: [3, 4, 4, 6], groups: 6 },
  { shape: [2, 1, 1, 10], groups: 5 },
  { shape: [1, 5, 51, 5], groups: 5 },
  { shape: [2, 16, 16, 1], groups: 1 },
  { shape: [2, 7, 9, 12], groups: 4, center: 1000 },
];

const EPS = 1e-3;

describe(`group norm on ${ADAPTER}`, () => {
  for (const c of CASES) {
    it(`[${c.shape.join(',')}] groups ${c.groups}${c.center ? ` around ${c.center}` : ''}: forward and backward`, async () => {
      const gpu = await testGpu();
      const g = groupNormGeometry(c.shape, c.groups);
      const n = sizeOf(c.shape);
      const x = toF32(randomArray(n, n + c.groups, (c.center ?? 0) - 1, (c.center ?? 0) + 1));
      const gb = toF32(randomArray(2 * g.channels, 5, 0.5, 1.5));
      const gy = toF32(randomArray(n, 6));
      const [xBuf, gbBuf, gyBuf] = [upload(gpu, x), upload(gpu, gb), upload(gpu, gy)];
      const y = output(gpu, n);
      const s = output(gpu, 2 * g.batch * g.groups);
      await runKernel(gpu, groupNormForward, planGroupNormForward(g, EPS, gpu.caps), [xBuf, gbBuf, y, s]);
      const ref = groupNormForwardRef(x, gb, g, EPS);
      expectClose(await download(gpu, y, n), ref.y, TOL.f32.permissive, 'y');
      expectClose(await download(gpu, s, 2 * g.batch * g.groups), ref.stats, { atol: 1e-4, rtol: 1e-4 }, 'stats');

      const back = groupNormBackwardRef(gy, x, gb, g, EPS);
      const gx = output(gpu, n);
      await runKernel(gpu, groupNormBackwardInput, planGroupNormBackwardInput(g, EPS, gpu.caps), [gyBuf, xBuf, gbBuf, gx]);
      expectClose(await download(gpu, gx, n), back.gx, TOL.f32.permissive, 'gx');
      const d = output(gpu, 2 * g.channels);
      await runKernel(gpu, groupNormBackwardParams, planGroupNormBackwardParams(g, gpu.caps), [gyBuf, xBuf, s, d]);
      const rows = g.batch * g.positions;
      expectClose(await download(gpu, d, 2 * g.channels), back.d, { atol: TOL.f32.permissive.atol * Math.sqrt(rows), rtol: TOL.f32.permissive.rtol }, 'dgamma, dbeta');
    });
  }

  it('groups must divide the channels (ShapeError)', () => {
    expect(() => groupNormGeometry([2, 4, 4, 6], 4)).toThrow(ShapeError);
    expect(() => groupNormGeometry([2, 4, 4, 6], 0)).toThrow(/positive divisor of the channels \(6\)/);
  });
});
