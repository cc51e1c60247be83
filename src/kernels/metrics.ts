import metricsWgsl from '../../shaders/metrics.wgsl';
import statsWgsl from '../../shaders/common/stats.wgsl';
import stepWgsl from '../../shaders/common/step.wgsl';
import type { DeviceCaps } from '../gpu/caps.js';
import { ShapeError } from '../errors.js';
import { defineKernel, workgroupInvocations, type Plan } from './kernel.js';

const METRICS_PARAMS = { rows: 'u32', classes: 'u32', topK: 'u32' } as const;

export interface MetricsConstants extends Record<string, number | boolean> {
  /** Invocations of the single workgroup (a power of two). */
  WG: number;
}

/**
 * Accumulates loss and accuracy into the stats block (`shaders/common/stats.wgsl`): rowLoss f32 [B],
 * logits f32 [B,C], labels u32 [B] → stats. Over rows b < min(B, step.validRows): lossSum += Σ rowLoss,
 * correct += #(argmax(logits[b]) == labels[b]) (first maximum wins ties), correctTopK += #(label among
 * the topK largest logits, same tie rule), count += rows; a non-finite
 * loss sets firstBad = step.index + 1 unless already set. Per-step uniform: yes.
 */
export const metricsClassification = defineKernel<MetricsConstants, typeof METRICS_PARAMS>({
  label: 'metrics.classification', wgsl: [statsWgsl, stepWgsl, metricsWgsl], entryPoint: 'metricsClassification',
  inputs: ['rowLoss', 'logits', 'labels'], outputs: ['stats'], params: METRICS_PARAMS, step: true,
});

/** {@link metricsClassification} without accuracy, for regression losses: rowLoss f32 [B] → stats. */
export const metricsLoss = defineKernel<MetricsConstants, typeof METRICS_PARAMS>({
  label: 'metrics.loss', wgsl: [statsWgsl, stepWgsl, metricsWgsl], entryPoint: 'metricsLoss',
  inputs: ['rowLoss'], outputs: ['stats'], params: METRICS_PARAMS, step: true,
});

/** Plans either metrics kernel (`classes` = 0 for {@link metricsLoss}): one workgroup. */
export function planMetrics(rows: number, classes: number, caps: DeviceCaps, topK = 5): Plan<MetricsConstants, typeof METRICS_PARAMS> {
  if (rows < 1 || classes < 0 || !Number.isInteger(rows) || !Number.isInteger(classes)) {
    throw new ShapeError('metrics', `expected rows ≥ 1 and classes ≥ 0 (got rows ${rows}, classes ${classes})`);
  }
  return { constants: { WG: workgroupInvocations(caps) }, params: { rows, classes, topK }, workgroups: [1, 1, 1] };
}
