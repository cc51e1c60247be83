import {
  planSoftmaxCrossEntropy, softmaxCrossEntropyBackward, softmaxCrossEntropyForward,
  softmaxCrossEntropyOneHotBackward, softmaxCrossEntropyOneHotForward,
} from '../../kernels/softmax-cross-entropy.js';
import { shapeString } from '../../kernels/shape.js';
import { ShapeError } from '../../errors.js';
import { defineOp, type OpDef } from '../op.js';
import { expectDtype, expectRank } from './checks.js';

/**
 * Per-row softmax cross-entropy. logits [B,C]; labels u32 [B] (sparse) or f32 [B,C] (one-hot or
 * probabilities) → rowLoss [B]. The loss is its mean, a separate `reduce` node.
 */
export const softmaxCrossEntropyOp = defineOp<Record<string, never>>({
  inferShape([logits, labels], _a, where) {
    expectRank(where, 'logits', logits, 2);
    expectDtype(where, 'logits', logits, 'f32');
    const [b, c] = logits.shape;
    const sparse = labels.dtype === 'u32';
    const ok = sparse ? labels.shape.length === 1 && labels.shape[0] === b : labels.shape.length === 2 && labels.shape[0] === b && labels.shape[1] === c;
    if (!ok) {
      throw new ShapeError(where, `labels ${shapeString(labels.shape)}:${labels.dtype} do not match logits ${shapeString(logits.shape)}`,
        `use u32 class indices of shape [${b}] or f32 one-hot targets of shape [${b}, ${c}]`);
    }
    return [{ shape: [b], dtype: 'f32' }];
  },
  saves: 'inputs',
  grad({ node, gys: [gy], needs, emit }) {
    if (!gy) return [null, null];
    const [logits, labels] = node.inputs;
    return [needs[0] ? emit('softmaxCrossEntropyBackward', [logits, labels, gy])[0] : null, null];
  },
  lower(node, _a, caps) {
    const [logits, labels] = node.inputs;
    const plan = planSoftmaxCrossEntropy(logits.shape[0], logits.shape[1], caps);
    const kernel = labels.dtype === 'u32' ? softmaxCrossEntropyForward : softmaxCrossEntropyOneHotForward;
    return [{ kernel, plan, tensors: [logits, labels, node.outputs[0]] }];
  },
});

export const softmaxCrossEntropyBackwardOp = defineOp<Record<string, never>>({
  inferShape([logits]) {
    return [{ shape: logits.shape, dtype: 'f32' }];
  },
  saves: 'none',
  lower(node, _a, caps) {
    const [logits, labels, gy] = node.inputs;
    const plan = planSoftmaxCrossEntropy(logits.shape[0], logits.shape[1], caps);
    const kernel = labels.dtype === 'u32' ? softmaxCrossEntropyBackward : softmaxCrossEntropyOneHotBackward;
    return [{ kernel, plan, tensors: [logits, labels, gy, node.outputs[0]] }];
  },
});

/** The losses op family, by IR name. */
export const lossOps: Record<string, OpDef<never>> = {
  softmaxCrossEntropy: softmaxCrossEntropyOp as OpDef<never>,
  softmaxCrossEntropyBackward: softmaxCrossEntropyBackwardOp as OpDef<never>,
};
