import { describe, expect, it } from 'vitest';
import { numericGrad } from '../helpers/finite-diff.js';
import { randomArray } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import {
  softmaxCrossEntropyBackwardRef, softmaxCrossEntropyOneHotBackwardRef,
  softmaxCrossEntropyOneHotRef, softmaxCrossEntropyRef,
} from '../reference/softmax-cross-entropy.js';
import { planSoftmaxCrossEntropy, softmaxRowThreads } from '../../src/kernels/softmax-cross-entropy.js';
import type { DeviceCaps } from '../../src/gpu/caps.js';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => Array.from(a).reduce((s, v, i) => s + v * b[i], 0);

function caps(invocations: number, perDimension = 65535): DeviceCaps {
  return { limits: { maxComputeInvocationsPerWorkgroup: invocations, maxComputeWorkgroupsPerDimension: perDimension } } as unknown as DeviceCaps;
}

describe('softmax cross-entropy reference gradients (float64 finite differences)', () => {
  for (const [rows, classes] of [[1, 1], [1, 2], [3, 5], [4, 7]]) {
    it(`sparse labels, b${rows} c${classes}`, () => {
      const logits = randomArray(rows * classes, 1, -3, 3);
      const labels = Array.from({ length: rows }, (_, b) => (b * 3) % classes);
      const gRows = randomArray(rows, 2, -2, 2);
      const f = (x: Float64Array): number => dot(softmaxCrossEntropyRef(x, labels, rows, classes), gRows);
      expectClose(softmaxCrossEntropyBackwardRef(logits, labels, gRows, rows, classes), numericGrad(f, logits), TOL.f64.fd, 'gLogits');
    });

    it(`probability targets (not summing to one), b${rows} c${classes}`, () => {
      const logits = randomArray(rows * classes, 3, -3, 3);
      const targets = randomArray(rows * classes, 4, 0, 1);
      const gRows = randomArray(rows, 5, -2, 2);
      const f = (x: Float64Array): number => dot(softmaxCrossEntropyOneHotRef(x, targets, rows, classes), gRows);
      expectClose(softmaxCrossEntropyOneHotBackwardRef(logits, targets, gRows, rows, classes), numericGrad(f, logits), TOL.f64.fd, 'gLogits');
    });
  }

  it('one-hot targets give the same loss and gradient as sparse labels', () => {
    const [rows, classes] = [4, 6];
    const logits = randomArray(rows * classes, 6, -3, 3);
    const labels = [0, 5, 2, 2];
    const oneHot = new Float64Array(rows * classes);
    labels.forEach((l, b) => { oneHot[b * classes + l] = 1; });
    const gRows = randomArray(rows, 7);
    expectClose(softmaxCrossEntropyOneHotRef(logits, oneHot, rows, classes), softmaxCrossEntropyRef(logits, labels, rows, classes), TOL.f64.tight);
    expectClose(softmaxCrossEntropyOneHotBackwardRef(logits, oneHot, gRows, rows, classes),
      softmaxCrossEntropyBackwardRef(logits, labels, gRows, rows, classes), TOL.f64.tight);
  });
});

describe('planSoftmaxCrossEntropy', () => {
  it('shares rows among more invocations as classes grow, within the workgroup', () => {
    expect(softmaxRowThreads(10, caps(256))).toBe(1);
    expect(softmaxRowThreads(31, caps(256))).toBe(1);
    expect(softmaxRowThreads(32, caps(256))).toBe(2);
    expect(softmaxRowThreads(1000, caps(256))).toBe(32);
    expect(softmaxRowThreads(100000, caps(256))).toBe(256);
    expect(softmaxRowThreads(100000, caps(128))).toBe(128);
  });

  it('covers every row, splitting the grid past 65,535 workgroups', () => {
    const small = planSoftmaxCrossEntropy(129, 10, caps(128));
    expect(small.constants).toEqual({ WG: 128, ROW_THREADS: 1 });
    expect(small.workgroups).toEqual([2, 1, 1]);
    const wide = planSoftmaxCrossEntropy(3, 5000, caps(128));
    expect(wide.workgroups).toEqual([3, 1, 1]);
    const many = planSoftmaxCrossEntropy(70000, 4000, caps(256));
    expect(many.constants.ROW_THREADS).toBe(128);
    expect(many.workgroups[0] * many.workgroups[1] * (256 / 128)).toBeGreaterThanOrEqual(70000);
    expect(many.workgroups[0]).toBeLessThanOrEqual(65535);
  });

  it('rejects empty shapes and a rowThreads that is not a power of two', () => {
    expect(() => planSoftmaxCrossEntropy(0, 10, caps(128))).toThrow(/rows/);
    expect(() => planSoftmaxCrossEntropy(4, 10, caps(128), 3)).toThrow(/power of two/);
  });
});
