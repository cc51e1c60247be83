import commonWgsl from '../../shaders/softmax-cross-entropy/common.wgsl';
import forwardWgsl from '../../shaders/softmax-cross-entropy/forward.wgsl';
import backwardWgsl from '../../shaders/softmax-cross-entropy/backward.wgsl';
import forwardOneHotWgsl from '../../shaders/softmax-cross-entropy/forward-one-hot.wgsl';
import backwardOneHotWgsl from '../../shaders/softmax-cross-entropy/backward-one-hot.wgsl';
import gridWgsl from '../../shaders/common/grid.wgsl';
import type { DeviceCaps } from '../gpu/caps.js';
import { ShapeError } from '../errors.js';
import { defineKernel, grid1d, workgroupInvocations, type Kernel, type Plan } from './kernel.js';

const SCE_PARAMS = { rows: 'u32', classes: 'u32' } as const;

export interface SoftmaxCrossEntropyConstants extends Record<string, number | boolean> {
  /** Invocations per workgroup. */
  WG: number;
  /** Invocations sharing one row: a power of two dividing WG (1 = a row per invocation). */
  ROW_THREADS: number;
}

type SceKernel = Kernel<SoftmaxCrossEntropyConstants, typeof SCE_PARAMS>;

function sceKernel(label: string, file: string, entryPoint: string, inputs: string[], outputs: string[]): SceKernel {
  return defineKernel<SoftmaxCrossEntropyConstants, typeof SCE_PARAMS>({
    label, wgsl: [gridWgsl, commonWgsl, file], entryPoint, inputs, outputs, params: SCE_PARAMS,
  });
}

/**
 * Per-row softmax cross-entropy with sparse labels: logits f32 [B,C], labels u32 [B] → rowLoss f32 [B],
 * rowLoss[b] = logsumexp(logits[b]) − logits[b, labels[b]]; NaN where labels[b] ≥ C.
 * Mirrors Keras `SparseCategoricalCrossentropy(from_logits=True, reduction='none')` and PyTorch
 * `F.cross_entropy(logits, labels, reduction='none')`. Plan with {@link planSoftmaxCrossEntropy}.
 */
export const softmaxCrossEntropyForward = sceKernel(
  'softmax-cross-entropy.forward', forwardWgsl, 'softmaxCrossEntropyForward', ['logits', 'labels'], ['rowLoss']);

/**
 * Per-row softmax cross-entropy with one-hot or probability targets: logits f32 [B,C], targets f32 [B,C]
 * → rowLoss f32 [B] = −Σ_c targets[b,c]·log softmax(logits[b])_c (Keras `CategoricalCrossentropy(from_logits=True)`).
 */
export const softmaxCrossEntropyOneHotForward = sceKernel(
  'softmax-cross-entropy.forwardOneHot', forwardOneHotWgsl, 'softmaxCrossEntropyOneHotForward', ['logits', 'targets'], ['rowLoss']);

/**
 * Gradient of {@link softmaxCrossEntropyForward}: logits [B,C], labels u32 [B], gRows f32 [B] → gLogits f32 [B,C]
 * = (softmax(logits[b]) − onehot(labels[b])) · gRows[b]; a row with labels[b] ≥ C is NaN.
 */
export const softmaxCrossEntropyBackward = sceKernel(
  'softmax-cross-entropy.backward', backwardWgsl, 'softmaxCrossEntropyBackward', ['logits', 'labels', 'gRows'], ['gLogits']);

/**
 * Gradient of {@link softmaxCrossEntropyOneHotForward}: logits, targets [B,C], gRows [B] → gLogits [B,C]
 * = (softmax(logits[b]) · Σ_c targets[b,c] − targets[b]) · gRows[b] (= softmax − targets for targets summing to 1).
 */
export const softmaxCrossEntropyOneHotBackward = sceKernel(
  'softmax-cross-entropy.backwardOneHot', backwardOneHotWgsl, 'softmaxCrossEntropyOneHotBackward', ['logits', 'targets', 'gRows'], ['gLogits']);

/**
 * How many invocations share a row: one per row while a row is short (no tree, no idle lanes),
 * growing to the whole workgroup at about 16 classes per invocation for wide rows.
 */
export function softmaxRowThreads(classes: number, caps: DeviceCaps): number {
  const wg = workgroupInvocations(caps);
  let threads = 1;
  while (threads * 2 <= wg && threads * 2 * 16 <= classes) threads *= 2;
  return threads;
}

/**
 * Plans any of the four softmax cross-entropy kernels for `rows` × `classes` logits: one workgroup
 * of WG invocations covers WG / ROW_THREADS rows; the grid is 1-D, split over x and y.
 */
export function planSoftmaxCrossEntropy(
  rows: number, classes: number, caps: DeviceCaps, rowThreads = softmaxRowThreads(classes, caps),
): Plan<SoftmaxCrossEntropyConstants, typeof SCE_PARAMS> {
  if (rows < 1 || classes < 1 || !Number.isInteger(rows) || !Number.isInteger(classes)) {
    throw new ShapeError('softmaxCrossEntropy', `logits must be [rows ≥ 1, classes ≥ 1] (got [${rows}, ${classes}])`);
  }
  const wg = workgroupInvocations(caps);
  if (rowThreads < 1 || rowThreads > wg || (rowThreads & (rowThreads - 1)) !== 0) {
    throw new ShapeError('softmaxCrossEntropy', `rowThreads must be a power of two ≤ ${wg} (got ${rowThreads})`);
  }
  return {
    constants: { WG: wg, ROW_THREADS: rowThreads },
    params: { rows, classes },
    workgroups: grid1d(Math.ceil(rows / (wg / rowThreads)), caps, 'softmaxCrossEntropy'),
  };
}
