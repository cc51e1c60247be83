import { gradFromOutput, type Activation } from '../../kernels/activation.js';
import {
  depthwiseConv2dGeometry, depthwiseFilterChunks, planDepthwiseConv2dBackwardFilter, planDepthwiseConv2dBackwardInput,
  planDepthwiseConv2dForward, type DepthwiseConv2dAttrs, type DepthwiseConv2dGeometry,
} from '../../kernels/depthwise-conv2d.js';
import { sameShape, shapeString, type Shape } from '../../kernels/shape.js';
import { ShapeError, UnsupportedOpError } from '../../errors.js';
import type { Value } from '../ir.js';
import { defineOp, type OpDef } from '../op.js';
import { expectDtype } from './checks.js';

/** Attributes of `depthwiseConv2d`: strides, padding, dilation, and an optional fused activation. */
export interface DepthwiseConv2dOpAttrs extends DepthwiseConv2dAttrs {
  activation?: Activation;
  /** leakyRelu's slope. */
  alpha?: number;
}

/** Attributes of the backward ops: the forward's, plus the shape they produce. */
export interface DepthwiseBackwardInputAttrs extends DepthwiseConv2dAttrs { inputShape: Shape }
export interface DepthwiseBackwardFilterAttrs extends DepthwiseConv2dAttrs { filterShape: Shape }

function convAttrs(a: DepthwiseConv2dAttrs): DepthwiseConv2dAttrs {
  return { strides: a.strides, padding: a.padding, dilationRate: a.dilationRate };
}

function forwardGeometry(inputs: readonly Value[], attrs: DepthwiseConv2dAttrs, where: string): DepthwiseConv2dGeometry {
  const [x, w, b] = inputs;
  return depthwiseConv2dGeometry(x.shape, w.shape, attrs, where, b?.shape);
}

/**
 * y = activation(depthwiseConv2d(x, filter) + bias): x NHWC, filter [kh, kw, inC, M] (Keras
 * `DepthwiseConv2D`), y NHWC with inC·M channels, channel c·M + m. ONNX `Conv` with group = inC.
 * A fused activation must be one whose derivative reads the output (relu, relu6, leakyRelu,
 * sigmoid, tanh) for the gradient rule to apply.
 */
export const depthwiseConv2dOp = defineOp<DepthwiseConv2dOpAttrs>({
  inferShape(inputs, attrs, where) {
    inputs.forEach((v, i) => expectDtype(where, ['x', 'filter', 'bias'][i], v, 'f32'));
    return [{ shape: forwardGeometry(inputs, attrs, where).outputShape, dtype: 'f32' }];
  },
  saves: 'inputs+output',
  grad({ node, attrs, gys: [gy], needs, emit }) {
    const [x, w, b] = node.inputs;
    if (!gy) return [null, null, null];
    const act = attrs.activation ?? 'linear';
    let g = gy;
    if (act !== 'linear') {
      if (!gradFromOutput(act)) {
        throw new UnsupportedOpError(`depthwiseConv2d (${node.layer})`, `a fused ${act} activation has no gradient rule (its derivative needs the pre-activation)`, 'apply it as a separate activation layer');
      }
      g = emit('unaryBackward', [gy, node.outputs[0]], { activation: act, alpha: attrs.alpha })[0];
    }
    const conv = convAttrs(attrs);
    const gx = needs[0] ? emit('depthwiseConv2dBackwardInput', [g, w], { ...conv, inputShape: x.shape })[0] : null;
    let gw: Value | null = null;
    if (needs[1]) {
      const parts = emit('depthwiseConv2dBackwardFilter', [x, g], { ...conv, filterShape: w.shape })[0];
      const summed = parts.shape[0] > 1 ? emit('reduce', [parts], { op: 'sum', axes: [0] })[0] : parts;
      gw = emit('reshape', [summed], { shape: w.shape })[0];
    }
    const gb = b && needs[2] ? emit('reshape', [emit('reduce', [g], { op: 'sum', axes: [0, 1, 2] })[0]], { shape: b.shape })[0] : null;
    return [gx, gw, gb];
  },
  lower(node, attrs, caps) {
    const g = forwardGeometry(node.inputs, attrs, `depthwiseConv2d (${node.layer})`);
    const plan = planDepthwiseConv2dForward(g, caps, { bias: node.inputs.length === 3, activation: attrs.activation, alpha: attrs.alpha });
    return [{ kernel: plan.kernel, plan, tensors: [...node.inputs, node.outputs[0]] }];
  },
});

/** gx = the input gradient of a depthwise convolution, from gy and the filter. */
export const depthwiseConv2dBackwardInputOp = defineOp<DepthwiseBackwardInputAttrs>({
  inferShape([gy, w], attrs, where) {
    const g = depthwiseConv2dGeometry(attrs.inputShape, w.shape, attrs, where);
    if (!sameShape(gy.shape, g.outputShape)) throw new ShapeError(where, `gy must be ${shapeString(g.outputShape)} (got ${shapeString(gy.shape)})`);
    return [{ shape: g.inputShape, dtype: 'f32' }];
  },
  saves: 'inputs',
  lower(node, attrs, caps) {
    const g = depthwiseConv2dGeometry(attrs.inputShape, node.inputs[1].shape, attrs, `depthwiseConv2dBackwardInput (${node.layer})`);
    const plan = planDepthwiseConv2dBackwardInput(g, caps);
    return [{ kernel: plan.kernel, plan, tensors: [...node.inputs, node.outputs[0]] }];
  },
});

/**
 * Partial filter gradients [chunks, kh, kw, inC, M] of a depthwise convolution from x and gy, each
 * summed over one chunk of the batch·outH output rows; their sum over axis 0 is the gradient
 * (no float atomics). The chunk count is fixed by the geometry (depthwiseFilterChunks).
 */
export const depthwiseConv2dBackwardFilterOp = defineOp<DepthwiseBackwardFilterAttrs>({
  inferShape([x, gy], attrs, where) {
    const g = depthwiseConv2dGeometry(x.shape, attrs.filterShape, attrs, where);
    if (!sameShape(gy.shape, g.outputShape)) throw new ShapeError(where, `gy must be ${shapeString(g.outputShape)} (got ${shapeString(gy.shape)})`);
    return [{ shape: [depthwiseFilterChunks(g).chunks, ...g.filterShape], dtype: 'f32' }];
  },
  saves: 'inputs',
  lower(node, attrs, caps) {
    const g = depthwiseConv2dGeometry(node.inputs[0].shape, attrs.filterShape, attrs, `depthwiseConv2dBackwardFilter (${node.layer})`);
    const plan = planDepthwiseConv2dBackwardFilter(g, caps);
    return [{ kernel: plan.kernel, plan, tensors: [...node.inputs, node.outputs[0]] }];
  },
});

/** Depthwise convolution (with channel multiplier), forward and backward. */
export const depthwiseOps: Record<string, OpDef<never>> = {
  depthwiseConv2d: depthwiseConv2dOp as OpDef<never>,
  depthwiseConv2dBackwardInput: depthwiseConv2dBackwardInputOp as OpDef<never>,
  depthwiseConv2dBackwardFilter: depthwiseConv2dBackwardFilterOp as OpDef<never>,
};
