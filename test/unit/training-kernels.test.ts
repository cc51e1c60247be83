import { describe, expect, it } from 'vitest';
import { reflectStruct } from '../helpers/wgsl-reflect.js';
import { uniformLayout } from '../../src/gpu/uniforms.js';
import type { DeviceCaps } from '../../src/gpu/caps.js';
import { kernelSource, type Kernel } from '../../src/kernels/kernel.js';
import { STEP_FIELDS } from '../../src/kernels/step.js';
import { packStats, readStats, STATS_BYTES } from '../../src/kernels/stats.js';
import statsWgsl from '../../shaders/common/stats.wgsl';
import {
  softmaxCrossEntropyBackward, softmaxCrossEntropyForward, softmaxCrossEntropyOneHotBackward, softmaxCrossEntropyOneHotForward,
} from '../../src/kernels/softmax-cross-entropy.js';
import { metricsClassification, metricsLoss, planMetrics } from '../../src/kernels/metrics.js';
import { gradNormFinalize, gradNormPartialCount, gradNormPartials, planGradNormFinalize, planGradNormPartials } from '../../src/kernels/grad-norm.js';
import { optimizerStateSlots, optimizerStep, planOptimizer } from '../../src/kernels/optimizer.js';
import { gather, planGather } from '../../src/kernels/gather.js';

const KERNELS: Kernel[] = [
  softmaxCrossEntropyForward, softmaxCrossEntropyOneHotForward, softmaxCrossEntropyBackward, softmaxCrossEntropyOneHotBackward,
  metricsClassification, metricsLoss, gradNormPartials, gradNormFinalize, optimizerStep, gather,
] as unknown as Kernel[];

function caps(invocations: number): DeviceCaps {
  return { limits: { maxComputeInvocationsPerWorkgroup: invocations, maxComputeWorkgroupsPerDimension: 65535 } } as unknown as DeviceCaps;
}

const HYPER = { lrMult: 1, momentum: 0, nesterov: false, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, clipValue: 0 };

describe('loss, metrics, grad-norm, optimizer and gather kernels: descriptors', () => {
  it('the binding orders are the documented ones', () => {
    expect([softmaxCrossEntropyForward.inputs, softmaxCrossEntropyForward.outputs]).toEqual([['logits', 'labels'], ['rowLoss']]);
    expect([softmaxCrossEntropyOneHotForward.inputs, softmaxCrossEntropyOneHotForward.outputs]).toEqual([['logits', 'targets'], ['rowLoss']]);
    expect([softmaxCrossEntropyBackward.inputs, softmaxCrossEntropyBackward.outputs]).toEqual([['logits', 'labels', 'gRows'], ['gLogits']]);
    expect([softmaxCrossEntropyOneHotBackward.inputs, softmaxCrossEntropyOneHotBackward.outputs]).toEqual([['logits', 'targets', 'gRows'], ['gLogits']]);
    expect([metricsClassification.inputs, metricsClassification.outputs, metricsClassification.step]).toEqual([['rowLoss', 'logits', 'labels'], ['stats'], true]);
    expect([metricsLoss.inputs, metricsLoss.outputs, metricsLoss.step]).toEqual([['rowLoss'], ['stats'], true]);
    expect([gradNormPartials.inputs, gradNormPartials.outputs, gradNormPartials.step]).toEqual([['grads'], ['partials'], undefined]);
    expect([gradNormFinalize.inputs, gradNormFinalize.outputs, gradNormFinalize.step]).toEqual([['partials'], ['stats'], true]);
    expect([optimizerStep.inputs, optimizerStep.outputs, optimizerStep.step]).toEqual([['grads', 'stats'], ['params', 'state'], true]);
    expect([gather.inputs, gather.outputs, gather.step]).toEqual([['source', 'indices'], ['batch'], true]);
  });

  it('struct Stats is 32 bytes and readStats/packStats follow its field order', () => {
    const fields = reflectStruct(statsWgsl, 'Stats');
    expect(fields.map(([n]) => n)).toEqual(['lossSum', 'correct', 'count', 'firstBad', 'gradScale', 'gradNorm', 'correctTopK', 'pad0']);
    expect(uniformLayout(Object.fromEntries(fields) as Record<string, 'u32' | 'f32'>).size).toBe(STATS_BYTES);
    const values = { lossSum: 1.5, correct: 7, count: 9, firstBad: 3, gradScale: 0.25, gradNorm: 4.5, correctTopK: 8 };
    expect(readStats(packStats(values))).toEqual(values);
    const view = new DataView(packStats(values));
    expect([view.getUint32(4, true), view.getUint32(12, true), view.getFloat32(20, true), view.getUint32(24, true)]).toEqual([7, 3, 4.5, 8]);
  });
});

describe('loss, metrics, grad-norm, optimizer and gather kernels: plans', () => {
  it('metrics and finalize are one workgroup', () => {
    expect(planMetrics(1000, 10, caps(256)).workgroups).toEqual([1, 1, 1]);
    expect(planGradNormFinalize(5, 1, caps(128))).toEqual({ constants: { WG: 128 }, params: { count: 5, maxNorm: 1 }, workgroups: [1, 1, 1] });
  });

  it('grad-norm partials: one per chunk of WG·16 elements, written at the offset', () => {
    expect(gradNormPartialCount(1, caps(128))).toBe(1);
    expect(gradNormPartialCount(2048, caps(128))).toBe(1);
    expect(gradNormPartialCount(2049, caps(128))).toBe(2);
    expect(gradNormPartialCount(4096, caps(256))).toBe(1);
    const plan = planGradNormPartials(11_000_000, 17, caps(256));
    expect(plan.params).toEqual({ count: 11_000_000, partialOffset: 17 });
    expect(plan.workgroups).toEqual([gradNormPartialCount(11_000_000, caps(256)), 1, 1]);
  });

  it('optimizer: state slots, constants and a grid split past 65,535 workgroups', () => {
    expect(['sgd', 'adam', 'adamw', 'rmsprop'].map((k) => optimizerStateSlots(k as 'sgd', 0))).toEqual([0, 2, 2, 1]);
    expect(optimizerStateSlots('sgd', 0.9)).toBe(1);
    const plan = planOptimizer('adamw', 20_000_000, { ...HYPER, nesterov: true }, caps(128));
    expect(plan.constants).toEqual({ WG: 128, OPTIMIZER: 2, NESTEROV: true });
    expect(plan.workgroups[0]).toBeLessThanOrEqual(65535);
    expect(plan.workgroups[0] * plan.workgroups[1] * 128).toBeGreaterThanOrEqual(20_000_000);
    expect(() => planOptimizer('rmsprop', 10, { ...HYPER, momentum: 0.9 }, caps(128))).toThrow(/momentum/);
  });

  it('gather: one invocation per output word', () => {
    expect(planGather(64, 784, 60000, caps(256)).workgroups).toEqual([196, 1, 1]);
    expect(() => planGather(0, 784, 10, caps(256))).toThrow(/batchRows/);
  });
});
