import { describe, expect, it } from 'vitest';
import { planBroadcastTo, broadcastTo } from '../../src/kernels/elementwise.js';
import { workgroupInvocations } from '../../src/kernels/kernel.js';
import { runKernel } from '../../src/kernels/launch.js';
import { planReduce, reduceCooperative, reduceForward, type ReduceOp, type ReduceVariant } from '../../src/kernels/reduce.js';
import { sizeOf, type Shape } from '../../src/kernels/shape.js';
import type { DeviceCaps } from '../../src/gpu/caps.js';
import { ShapeError } from '../../src/errors.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { download, output, upload } from '../helpers/buffers.js';
import { randomArray, toF32 } from '../helpers/random.js';
import { expectClose, TOL, type Tolerance } from '../helpers/tolerance.js';
import { reduceBackwardRef, reduceRef } from '../reference/reduce.js';

interface ReduceCase { shape: Shape; axes: number[] }

// Contiguous axes ([outer, reduced, inner]), strided axes (alternating kept/reduced groups), size-1
// dims, negative axes, no axes, rank 6, and extents around the workgroup size.
const CASES: ReduceCase[] = [
  { shape: [1], axes: [0] },
  { shape: [5], axes: [] },
  { shape: [7], axes: [-1] },
  { shape: [2, 3, 4], axes: [0] },
  { shape: [2, 3, 4], axes: [1] },
  { shape: [2, 3, 4], axes: [2] },
  { shape: [2, 3, 4], axes: [0, 1] },
  { shape: [2, 3, 4], axes: [1, 2] },
  { shape: [2, 3, 4], axes: [0, 2] },
  { shape: [2, 3, 4], axes: [2, 1, 0] },
  { shape: [3, 1, 5, 7], axes: [1] },
  { shape: [3, 1, 5, 7], axes: [0, 3] },
  { shape: [3, 1, 5, 7], axes: [1, 2] },
  { shape: [2, 3, 1, 4, 5, 3], axes: [0, 2, 4] },
  { shape: [2, 3, 1, 4, 5, 3], axes: [1, 3, 5] },
  { shape: [2, 3, 2, 4, 5, 3], axes: [0, 2, 3, 5] },
  { shape: [127, 3], axes: [0] },
  { shape: [128, 3], axes: [0] },
  { shape: [129, 3], axes: [0] },
  { shape: [255, 2], axes: [0] },
  { shape: [256, 2], axes: [0] },
  { shape: [257, 2], axes: [0] },
  { shape: [3, 127], axes: [0] },
  { shape: [3, 257], axes: [0] },
  { shape: [513, 5], axes: [1] },
  { shape: [8192, 10], axes: [0] },
  { shape: [64, 8, 8, 16], axes: [0, 1, 2] },
  { shape: [100_000], axes: [0] },
  { shape: [100, 1000], axes: [0, 1] },
];

const shapeName = (c: ReduceCase): string => `[${c.shape.join(',')}] axes [${c.axes.join(',')}]`;

/** f32 sums of n terms drift by about √n ulps of the partial sums: widen atol with the reduced count. */
function sumTolerance(redCount: number): Tolerance {
  return { atol: TOL.f32.balanced.atol * Math.max(1, Math.sqrt(redCount)), rtol: TOL.f32.balanced.rtol };
}

function tinyGridCaps(caps: DeviceCaps): DeviceCaps {
  return { ...caps, limits: { ...caps.limits, maxComputeWorkgroupsPerDimension: 3 } };
}

describe(`reduce on ${ADAPTER}`, () => {
  for (const c of CASES) {
    it(`${shapeName(c)}: sum and mean, both variants`, async () => {
      const gpu = await testGpu();
      const x = toF32(randomArray(sizeOf(c.shape), sizeOf(c.shape) + c.axes.length));
      const xBuf = upload(gpu, x);
      for (const op of ['sum', 'mean'] as ReduceOp[]) {
        const expected = reduceRef(op, x, c.shape, c.axes);
        const redCount = x.length / expected.length;
        for (const variant of ['perOutput', 'cooperative'] as ReduceVariant[]) {
          const plan = planReduce(op, c.shape, c.axes, gpu.caps, variant);
          expect(sizeOf(plan.outShape)).toBe(expected.length);
          const y = output(gpu, expected.length);
          await runKernel(gpu, plan.kernel, plan, [xBuf, y]);
          const tol = op === 'sum' ? sumTolerance(redCount) : TOL.f32.balanced;
          expectClose(await download(gpu, y, expected.length), expected, tol, `${op} ${variant} ${shapeName(c)}`);
        }
      }
    });
  }

  it('picks the cooperative variant for a bias gradient and a full reduction, per-output for many outputs', async () => {
    const gpu = await testGpu();
    expect(planReduce('sum', [8192, 10], [0], gpu.caps).kernel).toBe(reduceCooperative);
    expect(planReduce('sum', [100_000], [0], gpu.caps).variant).toBe('cooperative');
    expect(planReduce('sum', [64, 56, 56, 8], [3], gpu.caps).kernel).toBe(reduceForward);
    expect(planReduce('mean', [3, 4], [0], gpu.caps).variant).toBe('perOutput');
  });

  it('workgroups fit compat limits (a power of two ≤ 128, or 256 when allowed)', async () => {
    const gpu = await testGpu();
    const wg = planReduce('sum', [8192, 10], [0], gpu.caps).constants.WG;
    expect(wg).toBeLessThanOrEqual(workgroupInvocations(gpu.caps));
    expect(Math.log2(wg) % 1).toBe(0);
  });

  for (const variant of ['perOutput', 'cooperative'] as ReduceVariant[]) {
    it(`${variant} over a 2-D workgroup grid`, async () => {
      const gpu = await testGpu();
      const wg = workgroupInvocations(gpu.caps);
      const shape = variant === 'cooperative' ? [300, 8] : [5, 8 * wg - 3];
      const plan = planReduce('sum', shape, [0], tinyGridCaps(gpu.caps), variant);
      expect(plan.workgroups[1]).toBeGreaterThan(1);
      const x = toF32(randomArray(sizeOf(shape), 51));
      const expected = reduceRef('sum', x, shape, [0]);
      const y = output(gpu, expected.length);
      await runKernel(gpu, plan.kernel, plan, [upload(gpu, x), y]);
      expectClose(await download(gpu, y, expected.length), expected, sumTolerance(shape[0]));
    });
  }

  it('backward of a mean: broadcastTo then scale matches the reference', async () => {
    // d mean / dx = broadcast(gy) / n: the graph emits broadcastTo and a scale; here broadcastTo
    // alone against the sum's backward, which is the same up to the factor.
    const gpu = await testGpu();
    const shape = [4, 6, 5];
    const axes = [0, 2];
    const plan = planReduce('sum', shape, axes, gpu.caps);
    const gy = toF32(randomArray(sizeOf(plan.outShape), 61));
    const gx = output(gpu, sizeOf(shape));
    await runKernel(gpu, broadcastTo, planBroadcastTo(plan.outShape, shape, gpu.caps), [upload(gpu, gy), gx]);
    expectClose(await download(gpu, gx, sizeOf(shape)), reduceBackwardRef('sum', gy, shape, axes), TOL.f32.strict);
  });

  it('rejects axes out of range or listed twice, and ranks above 6', async () => {
    const gpu = await testGpu();
    expect(() => planReduce('sum', [2, 3, 4], [3], gpu.caps)).toThrow(ShapeError);
    expect(() => planReduce('sum', [2, 3, 4], [-4], gpu.caps)).toThrow(/reduce sum: axis -4 is out of range/);
    expect(() => planReduce('mean', [2, 3, 4], [1, 1], gpu.caps)).toThrow(/reduce mean: axis 1 is listed twice/);
    expect(() => planReduce('sum', [2, 3, 4], [2, -1], gpu.caps)).toThrow(/listed twice/);
    expect(() => planReduce('sum', [2, 3, 4], [0.5], gpu.caps)).toThrow(ShapeError);
    expect(() => planReduce('sum', [1, 1, 1, 1, 1, 1, 1], [0], gpu.caps)).toThrow(/rank 7/);
  });
});
