import { describe, expect, it } from 'vitest';
import { gradFromOutput, type Activation, ACTIVATIONS } from '../../src/kernels/activation.js';
import {
  binaryForward, broadcastReduceAxes, broadcastTo, planBinary, planBroadcastTo, planScale, planUnary, planUnaryBackward,
  scaleForward, unaryBackward, unaryForward, type BinaryOp,
} from '../../src/kernels/elementwise.js';
import { workgroupInvocations } from '../../src/kernels/kernel.js';
import { runKernel } from '../../src/kernels/launch.js';
import { planReduce } from '../../src/kernels/reduce.js';
import { sizeOf, type Shape } from '../../src/kernels/shape.js';
import type { DeviceCaps } from '../../src/gpu/caps.js';
import { ShapeError } from '../../src/errors.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { download, output, upload } from '../helpers/buffers.js';
import { randomArray, toF32 } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { binaryBackwardRef, binaryRef, broadcastToRef, scaleRef, unaryBackwardRef, unaryRef } from '../reference/elementwise.js';

const ACTIVATION_NAMES = Object.keys(ACTIVATIONS) as Activation[];
const ALPHA = 0.15;

/** Counts around one invocation, one workgroup (WG·4 elements; WG = 128 or 256) and a few workgroups. */
const COUNTS = [1, 3, 127, 128, 129, 511, 512, 513, 1023, 1024, 1025, 5000];

/** caps with a tiny per-dimension workgroup limit, so grid1d spreads a small dispatch over x and y. */
function tinyGridCaps(caps: DeviceCaps): DeviceCaps {
  return { ...caps, limits: { ...caps.limits, maxComputeWorkgroupsPerDimension: 3 } };
}

describe(`elementwise unary on ${ADAPTER}`, () => {
  for (const activation of ACTIVATION_NAMES) {
    it(`${activation} forward and backward, counts ${COUNTS.join(' ')}`, async () => {
      const gpu = await testGpu();
      for (const count of COUNTS) {
        const x = toF32(randomArray(count, count, -7, 7));
        const y = output(gpu, count);
        const plan = planUnary(activation, count, ALPHA, gpu.caps);
        await runKernel(gpu, plan.kernel, plan, [upload(gpu, x), y]);
        const yRef = unaryRef(activation, x, ALPHA);
        expectClose(await download(gpu, y, count), yRef, TOL.f32.balanced, `${activation} forward n${count}`);

        const gy = toF32(randomArray(count, count + 1));
        const t = gradFromOutput(activation) ? toF32(yRef) : x;
        const gx = output(gpu, count);
        const back = planUnaryBackward(activation, count, ALPHA, gpu.caps);
        await runKernel(gpu, back.kernel, back, [upload(gpu, gy), upload(gpu, t), gx]);
        expectClose(await download(gpu, gx, count), unaryBackwardRef(activation, gy, x, ALPHA), TOL.f32.balanced, `${activation} backward n${count}`);
      }
    });
  }

  it('scale, counts around the workgroup block', async () => {
    const gpu = await testGpu();
    for (const count of COUNTS) {
      const x = toF32(randomArray(count, 7 * count));
      const y = output(gpu, count);
      const plan = planScale(count, -2.5, gpu.caps);
      await runKernel(gpu, plan.kernel, plan, [upload(gpu, x), y]);
      expectClose(await download(gpu, y, count), scaleRef(x, -2.5), TOL.f32.strict, `scale n${count}`);
    }
  });

  it('a 2-D workgroup grid (grid1d over a tiny per-dimension limit) covers every element once', async () => {
    const gpu = await testGpu();
    const caps = tinyGridCaps(gpu.caps);
    const count = workgroupInvocations(gpu.caps) * 4 * 7 + 5; // 8 workgroups → a 3×3 grid, one spare
    const plan = planUnary('relu', count, 0, caps);
    expect(plan.workgroups[1]).toBeGreaterThan(1);
    const x = toF32(randomArray(count, 11));
    const y = output(gpu, count);
    await runKernel(gpu, plan.kernel, plan, [upload(gpu, x), y]);
    expectClose(await download(gpu, y, count), unaryRef('relu', x, 0), TOL.f32.strict);
  });
});

interface BinaryCase { a: Shape; b: Shape }

// Equal shapes, bias-like and reversed broadcasts, both operands broadcast, scalars, size-1 dims,
// rank 6, and sizes around the workgroup block.
const BINARY_CASES: BinaryCase[] = [
  { a: [1], b: [1] },
  { a: [], b: [3, 4] },
  { a: [5, 7], b: [5, 7] },
  { a: [33, 17], b: [17] },
  { a: [17], b: [33, 17] },
  { a: [4, 1, 6, 1], b: [1, 3, 1, 5] },
  { a: [2, 3, 1], b: [2, 1, 4] },
  { a: [3, 1, 4, 1, 2, 5], b: [1, 2, 1, 3, 2, 1] },
  { a: [2, 5, 5, 3], b: [2, 1, 1, 3] },
  { a: [1, 1, 1023], b: [1025, 1] },
  { a: [257, 129], b: [129] },
  // binaryForwardVec4 (innermost merged dim a multiple of 4, no operand broadcast along it): same
  // shape, a bias over NHWC channels on either side, a per-sample channel scale (rank 3).
  { a: [2, 9, 7, 4], b: [2, 9, 7, 4] },
  { a: [3, 5, 6, 12], b: [12] },
  { a: [1, 1, 20], b: [7, 3, 20] },
  { a: [3, 5, 7, 8], b: [3, 1, 1, 8] },
];
const BINARY_OPS: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'squaredDifference'];

const shapeName = (s: Shape): string => `[${s.join(',')}]`;

describe(`elementwise binary on ${ADAPTER}`, () => {
  for (const c of BINARY_CASES) {
    it(`${shapeName(c.a)} ∘ ${shapeName(c.b)}, all ops`, async () => {
      const gpu = await testGpu();
      const a = toF32(randomArray(sizeOf(c.a), 21));
      // b stays away from zero so div is well-conditioned.
      const b = toF32(randomArray(sizeOf(c.b), 22).map((v) => (v < 0 ? v - 0.5 : v + 0.5)));
      const aBuf = upload(gpu, a);
      const bBuf = upload(gpu, b);
      for (const op of BINARY_OPS) {
        const plan = planBinary(op, c.a, c.b, gpu.caps);
        const ref = binaryRef(op, a, c.a, b, c.b);
        expect(plan.outShape).toEqual(ref.shape);
        const y = output(gpu, ref.y.length);
        await runKernel(gpu, plan.kernel, plan, [aBuf, bBuf, y]);
        expectClose(await download(gpu, y, ref.y.length), ref.y, TOL.f32.balanced, `${op} ${shapeName(c.a)} ${shapeName(c.b)}`);
      }
    });
  }

  it('over a 2-D workgroup grid', async () => {
    const gpu = await testGpu();
    const shapeA = [9, workgroupInvocations(gpu.caps) * 4 - 1];
    const plan = planBinary('mul', shapeA, [1], tinyGridCaps(gpu.caps));
    expect(plan.workgroups[1]).toBeGreaterThan(1);
    const a = toF32(randomArray(sizeOf(shapeA), 23));
    const y = output(gpu, a.length);
    expect(plan.kernel).toBe(binaryForward);
    await runKernel(gpu, plan.kernel, plan, [upload(gpu, a), upload(gpu, new Float32Array([3])), y]);
    expectClose(await download(gpu, y, a.length), scaleRef(a, 3), TOL.f32.strict);
  });

  it('rejects shapes that do not broadcast, naming the op and both shapes', async () => {
    const gpu = await testGpu();
    expect(() => planBinary('add', [2, 3], [4], gpu.caps)).toThrow(ShapeError);
    expect(() => planBinary('sub', [2, 3], [4], gpu.caps)).toThrow(/binary sub.*\[2, 3\].*\[4\]/);
    expect(() => planBinary('add', [1, 1, 1, 1, 1, 1, 2], [2], gpu.caps)).toThrow(/rank 7/);
  });

  // The GPU side of a broadcasting op's backward: gy times the partial (binary mul), summed over
  // the broadcast axes (reduce) back to each operand's shape.
  for (const c of [{ a: [33, 17], b: [17] }, { a: [4, 1, 6, 1], b: [1, 3, 1, 5] }, { a: [300, 2], b: [1, 1] }] as BinaryCase[]) {
    it(`mul backward by binary + reduce, ${shapeName(c.a)} ∘ ${shapeName(c.b)}`, async () => {
      const gpu = await testGpu();
      const a = toF32(randomArray(sizeOf(c.a), 31));
      const b = toF32(randomArray(sizeOf(c.b), 32));
      const outShape = planBinary('mul', c.a, c.b, gpu.caps).outShape;
      const gy = toF32(randomArray(sizeOf(outShape), 33));
      const ref = binaryBackwardRef('mul', a, c.a, b, c.b, gy);
      const gyBuf = upload(gpu, gy);
      const sides = [{ selfShape: c.a, other: b, otherShape: c.b, expected: ref.ga }, { selfShape: c.b, other: a, otherShape: c.a, expected: ref.gb }];
      for (const { selfShape, other, otherShape, expected } of sides) {
        const prod = output(gpu, sizeOf(outShape));
        const mul = planBinary('mul', outShape, otherShape, gpu.caps);
        await runKernel(gpu, mul.kernel, mul, [gyBuf, upload(gpu, other), prod]);
        const reduce = planReduce('sum', outShape, broadcastReduceAxes(selfShape, outShape), gpu.caps);
        expect(sizeOf(reduce.outShape)).toBe(sizeOf(selfShape));
        const g = output(gpu, sizeOf(selfShape));
        await runKernel(gpu, reduce.kernel, reduce, [prod, g]);
        expectClose(await download(gpu, g, sizeOf(selfShape)), expected, TOL.f32.balanced, `grad of ${shapeName(selfShape)}`);
      }
    });
  }
});

const BROADCAST_CASES: { from: Shape; to: Shape }[] = [
  { from: [1], to: [1] },
  { from: [], to: [5, 3] },
  { from: [3], to: [4, 3] },
  { from: [4, 1], to: [4, 3] },
  { from: [1, 1, 1], to: [2, 3, 4] },
  { from: [2, 1, 4], to: [3, 2, 5, 4] },
  { from: [1, 3, 1, 5, 1, 2], to: [2, 3, 4, 5, 3, 2] },
  { from: [129], to: [257, 129] },
];

describe(`elementwise broadcastTo on ${ADAPTER}`, () => {
  for (const c of BROADCAST_CASES) {
    it(`${shapeName(c.from)} → ${shapeName(c.to)}`, async () => {
      const gpu = await testGpu();
      const x = toF32(randomArray(sizeOf(c.from), 41));
      const y = output(gpu, sizeOf(c.to));
      await runKernel(gpu, broadcastTo, planBroadcastTo(c.from, c.to, gpu.caps), [upload(gpu, x), y]);
      expectClose(await download(gpu, y, sizeOf(c.to)), broadcastToRef(x, c.from, c.to), TOL.f32.strict);
    });
  }

  it('rejects a shape that is not a broadcast of the input', async () => {
    const gpu = await testGpu();
    expect(() => planBroadcastTo([3], [4, 2], gpu.caps)).toThrow(/broadcastTo.*\[3\].*\[4, 2\]/);
    expect(() => planBroadcastTo([4, 3], [3], gpu.caps)).toThrow(ShapeError);
    expect(() => planBroadcastTo([2, 3], [1, 3], gpu.caps)).toThrow(ShapeError);
  });
});
