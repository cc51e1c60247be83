import type { Conv2dAttrs, Conv2dBackwardFilterAttrs, Conv2dBackwardInputAttrs, Conv2dTransposeAttrs } from '../../src/graph/ops/conv.js';
import { conv2dGeometry } from '../../src/kernels/conv2d.js';
import { conv2dTransposeGeometry } from '../../src/kernels/conv2d-transpose.js';
import type { ReferenceOp } from './interpreter.js';
import { conv2dBackwardFilterRef, conv2dBackwardInputRef, conv2dRef } from './conv2d.js';
import { conv2dTransposeRef } from './conv2d-transpose.js';

const options = (a: Conv2dAttrs) => ({ strides: a.strides, padding: a.padding, dilation: a.dilation, groups: a.groups, activation: a.activation, alpha: a.alpha });

/** Float64 references of the conv op family, by IR op name, for the graph interpreter. */
export const convReference: Record<string, ReferenceOp> = {
  conv2d: (node, [x, w, b]) => conv2dRef(conv2dGeometry(node.inputs[0].shape, node.inputs[1].shape, options(node.attrs as Conv2dAttrs)), x, w, b),
  conv2dBackwardInput: (node, [gy, w]) => {
    const a = node.attrs as unknown as Conv2dBackwardInputAttrs;
    return conv2dBackwardInputRef(conv2dGeometry(a.inputShape, node.inputs[1].shape, options({ ...a, activation: undefined })), gy, w);
  },
  conv2dBackwardFilter: (node, [x, gy]) => {
    const a = node.attrs as unknown as Conv2dBackwardFilterAttrs;
    return conv2dBackwardFilterRef(conv2dGeometry(node.inputs[0].shape, a.filterShape, options({ ...a, activation: undefined })), x, gy);
  },
  conv2dTranspose: (node, [x, w]) => conv2dTransposeRef(conv2dTransposeGeometry(node.inputs[0].shape, node.inputs[1].shape, node.attrs as Conv2dTransposeAttrs), x, w),
};
