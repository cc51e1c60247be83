import { batchNormFold, batchNormFoldBias, planBatchNormFold } from '../../kernels/batch-norm-fold.js';
import {
  batchNormApply, batchNormBackwardInference, batchNormBackwardInput, batchNormBackwardReduce, batchNormGeometry, batchNormStats, batchNormUpdate,
  planBatchNormApply, planBatchNormBackwardInference, planBatchNormBackwardInput, planBatchNormBackwardReduce, planBatchNormStats, planBatchNormUpdate,
  planStackRows, planUnstackRows, stackRows, unstackRows,
} from '../../kernels/batch-norm.js';
import { checkDropout, dropoutForward, planDropout } from '../../kernels/dropout.js';
import {
  groupNormBackwardInput, groupNormBackwardParams, groupNormForward, groupNormGeometry, planGroupNormBackwardInput, planGroupNormBackwardParams,
  planGroupNormForward, type GroupNormGeometry,
} from '../../kernels/group-norm.js';
import { layerNormAxes, layerNormGeometry } from '../../kernels/layer-norm.js';
import { sameShape, shapeString, type Shape } from '../../kernels/shape.js';
import { ShapeError } from '../../errors.js';
import type { Value } from '../ir.js';
import { defineOp, type OpDef } from '../op.js';
import { expectDtype } from './checks.js';

// Normalization and regularization ops. BatchNorm keeps a per-channel table t [4, C] = (mean,
// var, gamma, beta) — batch moments in training, moving averages in inference — so that every
// kernel fits four storage bindings; layer and group norm read gb [2, ...] = (gamma, beta), built by
// `stack`, whose gradient is the [2, ...] table their parameter-gradient kernel writes.

function expectShape(where: string, what: string, v: Value, shape: Shape): void {
  if (!sameShape(v.shape, shape)) throw new ShapeError(where, `${what} must be ${shapeString(shape)} (got ${shapeString(v.shape)})`);
}

function channelsOf(x: Value): number {
  return x.shape[x.shape.length - 1];
}

// ---------------------------------------------------------------------------------------------
// stack / unstack: two equal tensors as rows of a [2, ...] table and back.

export type StackAttrs = Record<string, never>;

/** y = [a; b], shape [2, ...a.shape] (ONNX Concat of unsqueezed operands, `torch.stack`). */
export const stackOp = defineOp<StackAttrs>({
  inferShape([a, b], _attrs, where) {
    expectDtype(where, 'a', a, 'f32');
    expectShape(where, 'b', b, a.shape);
    return [{ shape: [2, ...a.shape], dtype: 'f32' }];
  },
  saves: 'none',
  grad({ gys: [gy], emit }) {
    return gy ? emit('unstack', [gy], { row: 0 }) : [null, null];
  },
  lower(node, _attrs, caps) {
    const [a, b] = node.inputs;
    return [{ kernel: stackRows, plan: planStackRows(a.size, 0, caps), tensors: [a, b, node.outputs[0]] }];
  },
});

export type UnstackAttrs = { row: number };

/** [y[row], y[row + 1]] of a [k, ...] table (backward use only: no gradient rule). */
export const unstackOp = defineOp<UnstackAttrs>({
  inferShape([y], attrs, where) {
    if (y.shape.length < 2 || !(attrs.row >= 0 && attrs.row + 2 <= y.shape[0])) throw new ShapeError(where, `rows ${attrs.row}, ${attrs.row + 1} are not in ${shapeString(y.shape)}`);
    const shape = y.shape.slice(1);
    return [{ shape, dtype: 'f32' }, { shape, dtype: 'f32' }];
  },
  saves: 'none',
  lower(node, attrs, caps) {
    const [a, b] = node.outputs;
    return [{ kernel: unstackRows, plan: planUnstackRows(a.size, attrs.row, caps), tensors: [node.inputs[0], a, b] }];
  },
});

// ---------------------------------------------------------------------------------------------
// BatchNorm.

export type BatchNormAttrs = { epsilon: number };

function checkBatchNormInputs(where: string, x: Value, rest: readonly Value[]): number {
  expectDtype(where, 'x', x, 'f32');
  if (x.shape.length < 2) throw new ShapeError(where, `input must be [batch, ..., channels] (rank ≥ 2, got ${shapeString(x.shape)})`);
  const c = channelsOf(x);
  for (const v of rest) expectShape(where, v.name, v, [c]);
  return c;
}

/**
 * Training-mode BatchNorm (ONNX BatchNormalization with training_mode=1): normalises x [..., C]
 * with the biased batch moments over every axis but the last. Inputs x, gamma [C], beta [C];
 * outputs y and the table t [4, C] = (batch mean, batch var, gamma, beta) that the backward pass
 * and the moving-average update (batchNormUpdate) read.
 */
export const batchNormTrainOp = defineOp<BatchNormAttrs>({
  inferShape([x, gamma, beta], _attrs, where) {
    const c = checkBatchNormInputs(where, x, [gamma, beta]);
    return [{ shape: x.shape, dtype: 'f32' }, { shape: [4, c], dtype: 'f32' }];
  },
  saves: 'inputs+output',
  grad({ node, attrs, gys: [gy], needs, emit }) {
    if (!gy) return [null, null, null];
    const [x] = node.inputs;
    const b = emit('batchNormBackwardReduce', [gy, x, node.outputs[1]], { epsilon: attrs.epsilon })[0];
    const [dgamma, dbeta] = needs[1] || needs[2] ? emit('unstack', [b], { row: 0 }) : [null, null];
    const dx = needs[0] ? emit('batchNormBackwardInput', [gy, x, b])[0] : null;
    return [dx, dgamma, dbeta];
  },
  lower(node, attrs, caps) {
    const [x, gamma, beta] = node.inputs;
    const [y, t] = node.outputs;
    const g = batchNormGeometry(x.shape);
    return [
      { kernel: batchNormStats, plan: planBatchNormStats(g, caps), tensors: [x, t] },
      { kernel: stackRows, plan: planStackRows(g.channels, 2, caps), tensors: [gamma, beta, t] },
      { kernel: batchNormApply, plan: planBatchNormApply(g, attrs.epsilon, caps), tensors: [x, t, y] },
    ];
  },
});

/**
 * Inference-mode BatchNorm (ONNX BatchNormalization): inputs x, gamma, beta, moving mean, moving
 * variance (all [C] but x); outputs y and the table t [4, C]. Its gradient treats the statistics
 * as constants (a frozen layer, Keras `trainable = false`); the moving statistics get none.
 */
export const batchNormOp = defineOp<BatchNormAttrs>({
  inferShape([x, gamma, beta, mean, variance], _attrs, where) {
    const c = checkBatchNormInputs(where, x, [gamma, beta, mean, variance]);
    return [{ shape: x.shape, dtype: 'f32' }, { shape: [4, c], dtype: 'f32' }];
  },
  saves: 'inputs+output',
  grad({ node, attrs, gys: [gy], needs, emit }) {
    if (!gy) return [null, null, null, null, null];
    const [x] = node.inputs;
    const t = node.outputs[1];
    const dx = needs[0] ? emit('batchNormBackwardInference', [gy, t], { epsilon: attrs.epsilon })[0] : null;
    // With fixed statistics dgamma = Σ gy·x̂ and dbeta = Σ gy are the same sums as in training.
    const [dgamma, dbeta] = needs[1] || needs[2]
      ? emit('unstack', [emit('batchNormBackwardReduce', [gy, x, t], { epsilon: attrs.epsilon })[0]], { row: 0 })
      : [null, null];
    return [dx, dgamma, dbeta, null, null];
  },
  lower(node, attrs, caps) {
    const [x, gamma, beta, mean, variance] = node.inputs;
    const [y, t] = node.outputs;
    const g = batchNormGeometry(x.shape);
    return [
      { kernel: stackRows, plan: planStackRows(g.channels, 0, caps), tensors: [mean, variance, t] },
      { kernel: stackRows, plan: planStackRows(g.channels, 2, caps), tensors: [gamma, beta, t] },
      { kernel: batchNormApply, plan: planBatchNormApply(g, attrs.epsilon, caps), tensors: [x, t, y] },
    ];
  },
});

export type BatchNormUpdateAttrs = { momentum: number };

/**
 * Updates the moving mean and variance in place from a training-mode table t (Keras:
 * moving ← moving·momentum + batch·(1 − momentum), biased batch variance). No outputs; kept by
 * dead-code elimination because it mutates inputs 1 and 2.
 */
export const batchNormUpdateOp = defineOp<BatchNormUpdateAttrs>({
  inferShape([t, mean, variance], _attrs, where) {
    if (t.shape.length !== 2 || t.shape[0] !== 4) throw new ShapeError(where, `t must be [4, channels] (got ${shapeString(t.shape)})`);
    expectShape(where, 'moving mean', mean, [t.shape[1]]);
    expectShape(where, 'moving variance', variance, [t.shape[1]]);
    return [];
  },
  saves: 'none',
  mutates: [1, 2],
  lower(node, attrs, caps) {
    const [t, mean, variance] = node.inputs;
    return [{ kernel: batchNormUpdate, plan: planBatchNormUpdate(t.shape[1], attrs.momentum, caps), tensors: [t, mean, variance] }];
  },
});

/** Training-mode backward sums: b [5, C] = (dgamma, dbeta, mean, σ⁻¹, gamma·σ⁻¹) from gy, x, t. */
export const batchNormBackwardReduceOp = defineOp<BatchNormAttrs>({
  inferShape([, x]) {
    return [{ shape: [5, channelsOf(x)], dtype: 'f32' }];
  },
  saves: 'none',
  lower(node, attrs, caps) {
    const [gy, x, t] = node.inputs;
    return [{ kernel: batchNormBackwardReduce, plan: planBatchNormBackwardReduce(batchNormGeometry(x.shape), attrs.epsilon, caps), tensors: [gy, x, t, node.outputs[0]] }];
  },
});

/** Training-mode input gradient from gy, x and the table b of batchNormBackwardReduce. */
export const batchNormBackwardInputOp = defineOp<Record<string, never>>({
  inferShape([gy]) {
    return [{ shape: gy.shape, dtype: 'f32' }];
  },
  saves: 'none',
  lower(node, _attrs, caps) {
    const [gy, x, b] = node.inputs;
    return [{ kernel: batchNormBackwardInput, plan: planBatchNormBackwardInput(batchNormGeometry(x.shape), caps), tensors: [gy, x, b, node.outputs[0]] }];
  },
});

/** Inference-mode input gradient gx = gy·gamma/√(var + ε) from gy and the table t. */
export const batchNormBackwardInferenceOp = defineOp<BatchNormAttrs>({
  inferShape([gy]) {
    return [{ shape: gy.shape, dtype: 'f32' }];
  },
  saves: 'none',
  lower(node, attrs, caps) {
    const [gy, t] = node.inputs;
    return [{ kernel: batchNormBackwardInference, plan: planBatchNormBackwardInference(batchNormGeometry(gy.shape), attrs.epsilon, caps), tensors: [gy, t, node.outputs[0]] }];
  },
});

// ---------------------------------------------------------------------------------------------
// Layer and group normalization (one set of kernels: layer norm is one group at one position).

export type LayerNormAttrs = { axes: readonly number[]; epsilon: number };
export type GroupNormAttrs = { groups: number; epsilon: number };
export type GroupNormBackwardAttrs = { geometry: GroupNormGeometry; epsilon: number };

/** A layer- or group-norm op: the geometry of its input, and the shape of its gamma and beta. */
function groupNormLike<A extends { epsilon: number }>(geometryOf: (x: Value, attrs: A, where: string) => GroupNormGeometry, paramShapeOf: (x: Value, attrs: A) => Shape) {
  return defineOp<A>({
    inferShape([x, gb], attrs, where) {
      expectDtype(where, 'x', x, 'f32');
      const g = geometryOf(x, attrs, where);
      expectShape(where, 'gamma/beta table', gb, [2, ...paramShapeOf(x, attrs)]);
      return [{ shape: x.shape, dtype: 'f32' }, { shape: [g.batch * g.groups, 2], dtype: 'f32' }];
    },
    saves: 'inputs+output',
    grad({ node, attrs, gys: [gy], needs, emit }) {
      if (!gy) return [null, null];
      const [x, gb] = node.inputs;
      const geometry = geometryOf(x, attrs, node.op);
      const dx = needs[0] ? emit('groupNormBackwardInput', [gy, x, gb], { geometry, epsilon: attrs.epsilon })[0] : null;
      const dgb = needs[1] ? emit('groupNormBackwardParams', [gy, x, node.outputs[1]], { geometry, epsilon: attrs.epsilon, paramShape: gb.shape })[0] : null;
      return [dx, dgb];
    },
    lower(node, attrs, caps) {
      const [x, gb] = node.inputs;
      const g = geometryOf(x, attrs, node.op);
      return [{ kernel: groupNormForward, plan: planGroupNormForward(g, attrs.epsilon, caps), tensors: [x, gb, ...node.outputs] }];
    },
  });
}

/**
 * Layer normalization (ONNX LayerNormalization) of x over its trailing `axes`: inputs x and
 * gb [2, ...x.shape[axes]] = (gamma, beta); outputs y and per-row statistics [rows, 2] = (mean, σ⁻¹).
 */
export const layerNormOp = groupNormLike<LayerNormAttrs>(
  (x, attrs, where) => layerNormGeometry(x.shape, attrs.axes, where),
  (x, attrs) => x.shape.slice(layerNormAxes(x.shape, attrs.axes)[0]),
);

/**
 * Group normalization (ONNX GroupNormalization, channels last) of x [N, ..., C] in `groups`
 * groups: inputs x and gb [2, C]; outputs y and per-group statistics [N·groups, 2].
 */
export const groupNormOp = groupNormLike<GroupNormAttrs>((x, attrs, where) => groupNormGeometry(x.shape, attrs.groups, where), (x) => [channelsOf(x)]);

/** Input gradient of layer/group norm from gy, x, gb. */
export const groupNormBackwardInputOp = defineOp<GroupNormBackwardAttrs>({
  inferShape([gy]) {
    return [{ shape: gy.shape, dtype: 'f32' }];
  },
  saves: 'none',
  lower(node, attrs, caps) {
    const [gy, x, gb] = node.inputs;
    return [{ kernel: groupNormBackwardInput, plan: planGroupNormBackwardInput(attrs.geometry, attrs.epsilon, caps), tensors: [gy, x, gb, node.outputs[0]] }];
  },
});

/** Gradient of the gb table ([2, ...] = (dgamma, dbeta)) of layer/group norm from gy, x and the statistics. */
export const groupNormBackwardParamsOp = defineOp<GroupNormBackwardAttrs & { paramShape: Shape }>({
  inferShape(_inputs, attrs) {
    return [{ shape: attrs.paramShape, dtype: 'f32' }];
  },
  saves: 'none',
  lower(node, attrs, caps) {
    const [gy, x, s] = node.inputs;
    return [{ kernel: groupNormBackwardParams, plan: planGroupNormBackwardParams(attrs.geometry, caps), tensors: [gy, x, s, node.outputs[0]] }];
  },
});

// ---------------------------------------------------------------------------------------------
// Dropout.

export type DropoutAttrs = { rate: number; seed: number; spatial: boolean };

/**
 * Inverted dropout (ONNX Dropout in training mode; `spatial` drops whole channels per sample, as
 * Keras SpatialDropout2D / PyTorch Dropout2d). The mask comes from a counter-based RNG keyed by
 * (seed, step.seed, step.index, element), so the gradient is the same op on gy.
 */
export const dropoutOp = defineOp<DropoutAttrs>({
  inferShape([x], attrs, where) {
    expectDtype(where, 'x', x, 'f32');
    checkDropout(x.shape, attrs.rate, attrs.spatial, where);
    return [{ shape: x.shape, dtype: 'f32' }];
  },
  saves: 'none',
  grad({ attrs, gys: [gy], emit }) {
    return [gy ? emit('dropout', [gy], attrs)[0] : null];
  },
  lower(node, attrs, caps) {
    return [{ kernel: dropoutForward, plan: planDropout(node.inputs[0].shape, attrs.rate, attrs.seed, attrs.spatial, caps), tensors: [node.inputs[0], node.outputs[0]] }];
  },
});

/** Normalization and regularization: batch/layer/group norm, dropout. */
/**
 * The per-channel (scale, shift) that folds an inference BatchNorm into the layer before it.
 * Inputs gamma, beta, moving mean, moving variance [C] and optionally that layer's bias [C];
 * outputs f [2, C] = (scale, shift) and the scratch table t [4, C]. Inference only (no gradient).
 */
export const batchNormFoldOp = defineOp<BatchNormAttrs>({
  inferShape([gamma, ...rest], _attrs, where) {
    const c = gamma.shape[0];
    for (const v of rest) expectShape(where, v.name, v, [c]);
    return [{ shape: [2, c], dtype: 'f32' }, { shape: [4, c], dtype: 'f32' }];
  },
  saves: 'none',
  lower(node, attrs, caps) {
    const [gamma, beta, mean, variance, bias] = node.inputs;
    const [f, t] = node.outputs;
    const c = gamma.shape[0];
    const plan = planBatchNormFold(c, attrs.epsilon, caps);
    return [
      { kernel: stackRows, plan: planStackRows(c, 0, caps), tensors: [mean, variance, t] },
      { kernel: stackRows, plan: planStackRows(c, 2, caps), tensors: [gamma, beta, t] },
      bias ? { kernel: batchNormFoldBias, plan, tensors: [t, bias, f] } : { kernel: batchNormFold, plan, tensors: [t, f] },
    ];
  },
});

export const normalizationOps: Record<string, OpDef<never>> = {
  batchNormFold: batchNormFoldOp as OpDef<never>,
  stack: stackOp as OpDef<never>,
  unstack: unstackOp as OpDef<never>,
  batchNormTrain: batchNormTrainOp as OpDef<never>,
  batchNorm: batchNormOp as OpDef<never>,
  batchNormUpdate: batchNormUpdateOp as OpDef<never>,
  batchNormBackwardReduce: batchNormBackwardReduceOp as OpDef<never>,
  batchNormBackwardInput: batchNormBackwardInputOp as OpDef<never>,
  batchNormBackwardInference: batchNormBackwardInferenceOp as OpDef<never>,
  layerNorm: layerNormOp as OpDef<never>,
  groupNorm: groupNormOp as OpDef<never>,
  groupNormBackwardInput: groupNormBackwardInputOp as OpDef<never>,
  groupNormBackwardParams: groupNormBackwardParamsOp as OpDef<never>,
  dropout: dropoutOp as OpDef<never>,
};
