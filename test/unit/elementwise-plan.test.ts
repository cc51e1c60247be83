import { describe, expect, it } from 'vitest';
import { ShapeError, LimitError } from '../../src/errors.js';
import { biasAddForward, planBiasAdd } from '../../src/kernels/bias-add.js';
import {
  binaryForward, binaryForwardVec4, broadcastReduceAxes, broadcastShapes, broadcastTo, collapseBroadcast, planBinary, planBroadcastTo, planScale,
  planUnary, planUnaryBackward, scaleForward, scaleForwardVec4, unaryBackward, unaryBackwardVec4, unaryForward, unaryForwardVec4,
} from '../../src/kernels/elementwise.js';
import type { Kernel } from '../../src/kernels/kernel.js';
import { reduceCooperative, reduceForward } from '../../src/kernels/reduce.js';
import { fakeCaps } from '../helpers/caps.js';

describe('broadcast helpers', () => {
  it('broadcastShapes follows NumPy', () => {
    expect(broadcastShapes([2, 3], [3])).toEqual([2, 3]);
    expect(broadcastShapes([], [4])).toEqual([4]);
    expect(broadcastShapes([4, 1, 6], [5, 1])).toEqual([4, 5, 6]);
    expect(broadcastShapes([1], [1])).toEqual([1]);
    expect(broadcastShapes([0, 3], [1, 3])).toEqual([0, 3]);
    expect(() => broadcastShapes([2, 3], [2])).toThrow(ShapeError);
    expect(() => broadcastShapes([2, 3], [2], 'binary add')).toThrow(/binary add: shapes \[2, 3\] and \[2\] do not broadcast/);
  });

  it('broadcastReduceAxes lists leading and stretched axes', () => {
    expect(broadcastReduceAxes([3], [2, 3])).toEqual([0]);
    expect(broadcastReduceAxes([2, 1], [2, 3])).toEqual([1]);
    expect(broadcastReduceAxes([1, 3, 1], [4, 2, 3, 5])).toEqual([0, 1, 3]);
    expect(broadcastReduceAxes([2, 3], [2, 3])).toEqual([]);
    expect(broadcastReduceAxes([1], [1, 1])).toEqual([0]);
  });

  it('collapseBroadcast merges dims walked alike and drops size-1 dims', () => {
    expect(collapseBroadcast([2, 3, 4], [[2, 3, 4], [2, 3, 4]])).toEqual({ shape: [24], strides: [[1], [1]] });
    expect(collapseBroadcast([8, 7, 7, 16], [[8, 7, 7, 16], [16]])).toEqual({ shape: [392, 16], strides: [[16, 1], [0, 1]] });
    expect(collapseBroadcast([4, 3, 6, 5], [[4, 1, 6, 1], [1, 3, 1, 5]])).toEqual({
      shape: [4, 3, 6, 5], strides: [[6, 0, 1, 0], [0, 5, 0, 1]],
    });
    expect(collapseBroadcast([2, 1, 4, 5], [[2, 1, 1, 5], [1, 1, 4, 1]])).toEqual({ shape: [2, 4, 5], strides: [[5, 0, 1], [0, 1, 0]] });
    expect(collapseBroadcast([1, 1], [[1], []])).toEqual({ shape: [1], strides: [[0], [0]] });
    expect(collapseBroadcast([], [[], []])).toEqual({ shape: [1], strides: [[0], [0]] });
  });
});

describe('elementwise plans', () => {
  for (const kind of ['core', 'compat'] as const) {
    const caps = fakeCaps(kind);
    const wg = kind === 'core' ? 256 : 128;
    it(`${kind}: 1-D kernels use ${wg} invocations and WG·4 elements per workgroup`, () => {
      expect([planUnary('relu', 1001, 0, caps).kernel, planUnaryBackward('gelu', 1001, 0, caps).kernel, planScale(1001, 2, caps).kernel]).toEqual([unaryForward, unaryBackward, scaleForward]);
      for (const plan of [planUnary('relu', 1001, 0, caps), planUnaryBackward('gelu', 1001, 0, caps), planScale(1001, 2, caps), planBiasAdd(91, 11, 'relu', 0, caps)]) {
        expect(plan.constants.WG).toBe(wg);
        expect(plan.constants.ELEMS).toBe(4);
        expect(plan.workgroups).toEqual([Math.ceil(1001 / (wg * 4)), 1, 1]);
      }
      // Counts that are multiples of 4 run the vec4 kernels over count / 4 vec4.
      for (const [plan, kernel] of [[planUnary('relu', 4000, 0, caps), unaryForwardVec4], [planUnaryBackward('gelu', 4000, 0, caps), unaryBackwardVec4], [planScale(4000, 2, caps), scaleForwardVec4]] as const) {
        expect(plan.kernel).toBe(kernel);
        expect(plan.params.count).toBe(1000);
        expect(plan.workgroups).toEqual([Math.ceil(1000 / (wg * 4)), 1, 1]);
      }
      expect(planUnary('relu', 4001, 0, caps).kernel).toBe(unaryForward);
      expect(planUnary('sigmoid', 1, 0, caps).constants.ACTIVATION).toBe(4);
      expect(planUnaryBackward('leakyRelu', 5, 0.3, caps).params).toEqual({ count: 5, alpha: 0.3 });
    });
  }

  it('spreads more than 65,535 workgroups over y', () => {
    // Compat's 128 MiB binding holds at most 65,536 blocks of 128·4 floats; core's larger one more.
    const plan = planUnary('relu', 100_000_001, 0, fakeCaps('core'));
    const [x, y] = plan.workgroups;
    expect(x).toBeLessThanOrEqual(65535);
    expect(y).toBeGreaterThan(1);
    expect(x * y * 256 * 4).toBeGreaterThanOrEqual(100_000_001);
  });

  it('rejects a tensor larger than one storage binding', () => {
    expect(() => planUnary('relu', 40_000_000, 0, fakeCaps('compat'))).toThrow(LimitError);
  });

  it('planBinary returns the broadcast shape and collapsed strides', () => {
    const plan = planBinary('div', [8, 7, 7, 15], [15], fakeCaps('compat'));
    expect(plan.outShape).toEqual([8, 7, 7, 15]);
    expect(plan.constants.OP).toBe(3);
    expect(plan.params).toEqual({ count: 8 * 7 * 7 * 15, rank: 2, outShape: [392, 15], aStrides: [15, 1], bStrides: [0, 1] });
  });

  it('planBinary takes the vec4 kernel when the innermost merged dim is a multiple of 4 that no operand is broadcast along', () => {
    const caps = fakeCaps('compat');
    const bias = planBinary('add', [8, 7, 7, 16], [16], caps);
    expect(bias.kernel).toBe(binaryForwardVec4);
    expect(bias.params).toEqual({ count: 8 * 7 * 7 * 4, rank: 2, outShape: [392, 4], aStrides: [4, 1], bStrides: [0, 1] });
    expect(planBinary('mul', [128, 32, 32, 16], [128, 1, 1, 16], caps).params).toEqual({ count: 128 * 32 * 32 * 4, rank: 3, outShape: [128, 1024, 4], aStrides: [4096, 4, 1], bStrides: [4, 0, 1] });
    expect(planBinary('sub', [6, 10], [6, 10], caps).kernel).toBe(binaryForwardVec4);
    expect(planBinary('sub', [5, 7], [5, 7], caps).kernel).toBe(binaryForward);
    expect(planBinary('add', [8, 7, 7, 18], [18], caps).kernel).toBe(binaryForward);
    expect(planBinary('add', [4, 8], [4, 1], caps).kernel).toBe(binaryForward);
  });

  it('planBroadcastTo validates the target shape', () => {
    expect(planBroadcastTo([3, 1], [2, 3, 4], fakeCaps('core')).params).toEqual({ count: 24, rank: 3, outShape: [2, 3, 4], xStrides: [0, 1, 0] });
    expect(() => planBroadcastTo([3, 2], [3, 4], fakeCaps('core'))).toThrow(/broadcastTo: cannot broadcast \[3, 2\] to \[3, 4\]/);
  });
});
