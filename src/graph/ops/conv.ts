import { gradFromOutput, type Activation } from '../../kernels/activation.js';
import { conv2dDispatch, conv2dGeometry, explicitPadding, type Conv2dGeometry, type Conv2dPadding, type Conv2dVariant } from '../../kernels/conv2d.js';
import { conv2dTransposeGeometry, type Conv2dTransposeOptions } from '../../kernels/conv2d-transpose.js';
import { sameShape, shapeString, type Shape } from '../../kernels/shape.js';
import { ShapeError, UnsupportedOpError } from '../../errors.js';
import type { Value } from '../ir.js';
import { defineOp, type Emit, type OpDef } from '../op.js';
import { expectDtype } from './checks.js';

/** Attributes shared by conv2d and its backward ops (TF/Keras names: strides, padding, dilations, groups). */
export interface Conv2dAttrs {
  strides?: number | readonly [number, number];
  padding?: Conv2dPadding;
  dilation?: number | readonly [number, number];
  groups?: number;
  /** Fused epilogue activation (set by the fusion pass or given directly). */
  activation?: Activation;
  alpha?: number;
  /** Forces a kernel variant (tests and benchmarks); chosen by chooseConv2d otherwise. */
  variant?: Conv2dVariant;
}

/** conv2dBackwardInput: the shape of x it differentiates with respect to. */
export interface Conv2dBackwardInputAttrs extends Conv2dAttrs { inputShape: Shape }
/** conv2dBackwardFilter: the shape of the filter it differentiates with respect to. */
export interface Conv2dBackwardFilterAttrs extends Conv2dAttrs { filterShape: Shape }

function geometry(x: Shape, w: Shape, a: Conv2dAttrs, where: string): Conv2dGeometry {
  return conv2dGeometry(x, w, { strides: a.strides, padding: a.padding, dilation: a.dilation, groups: a.groups, activation: a.activation, alpha: a.alpha }, where);
}

/** Convolution attributes with the padding made explicit, for the backward nodes of a node. */
function backwardAttrs(g: Conv2dGeometry): Conv2dAttrs {
  return { strides: [g.strideH, g.strideW], padding: explicitPadding(g), dilation: [g.dilationH, g.dilationW], groups: g.groups };
}

function expectShape(where: string, what: string, v: Value, shape: Shape): void {
  if (!sameShape(v.shape, shape)) throw new ShapeError(where, `${what} must be ${shapeString(shape)} (got ${shapeString(v.shape)})`);
}

/** The gradient at the convolution's pre-activation output, when an activation is fused. */
function preActivationGrad(emit: Emit, gy: Value, y: Value, attrs: Conv2dAttrs, where: string): Value {
  const act = attrs.activation ?? 'linear';
  if (act === 'linear') return gy;
  if (!gradFromOutput(act)) throw new UnsupportedOpError(where, `a fused ${act} activation has no gradient from the output`, 'apply it as a separate unary op');
  return emit('unaryBackward', [gy, y], { activation: act, alpha: attrs.alpha })[0];
}

/** y = activation(conv2d(x, w) + b): x NHWC, w HWIO [kh, kw, inC / groups, filters], b [filters]. */
export const conv2dOp = defineOp<Conv2dAttrs>({
  inferShape([x, w, b], attrs, where) {
    expectDtype(where, 'x', x, 'f32');
    expectDtype(where, 'filter', w, 'f32');
    const g = geometry(x.shape, w.shape, attrs, where);
    if (b) expectShape(where, 'bias', b, [g.outC]);
    return [{ shape: [g.batch, g.outH, g.outW, g.outC], dtype: 'f32' }];
  },
  saves: 'inputs',
  grad({ node, attrs, gys: [gy], needs, emit }) {
    if (!gy) return [null, null, null];
    const [x, w, b] = node.inputs;
    const g = geometry(x.shape, w.shape, attrs, node.layer);
    const gz = preActivationGrad(emit, gy, node.outputs[0], attrs, `conv2d (${node.layer})`);
    const conv = backwardAttrs(g);
    return [
      needs[0] ? emit('conv2dBackwardInput', [gz, w], { ...conv, inputShape: x.shape })[0] : null,
      needs[1] ? emit('conv2dBackwardFilter', [x, gz], { ...conv, filterShape: w.shape })[0] : null,
      b && needs[2] ? emit('reshape', [emit('reduce', [gz], { op: 'sum', axes: [0, 1, 2] })[0]], { shape: b.shape })[0] : null,
    ];
  },
  lower(node, attrs, caps) {
    const [x, w, b] = node.inputs;
    const d = conv2dDispatch(geometry(x.shape, w.shape, attrs, node.layer), caps, 'forward', Boolean(b), attrs.variant);
    return [{ kernel: d.kernel, plan: d.plan, tensors: b ? [x, w, b, node.outputs[0]] : [x, w, node.outputs[0]] }];
  },
});

/** gx = ∂/∂x of Σ gy·conv2d(x, w): inputs gy, w; output shaped like x (attrs.inputShape). */
export const conv2dBackwardInputOp = defineOp<Conv2dBackwardInputAttrs>({
  inferShape([gy, w], attrs, where) {
    const g = geometry(attrs.inputShape, w.shape, { ...attrs, activation: undefined }, where);
    expectShape(where, 'gy', gy, [g.batch, g.outH, g.outW, g.outC]);
    return [{ shape: attrs.inputShape, dtype: 'f32' }];
  },
  saves: 'inputs',
  grad({ node, attrs, gys: [ggx], needs, emit }) {
    if (!ggx) return [null, null];
    const [gy, w] = node.inputs;
    const conv = { strides: attrs.strides, padding: attrs.padding, dilation: attrs.dilation, groups: attrs.groups };
    return [
      needs[0] ? emit('conv2d', [ggx, w], conv)[0] : null,
      needs[1] ? emit('conv2dBackwardFilter', [ggx, gy], { ...conv, filterShape: w.shape })[0] : null,
    ];
  },
  lower(node, attrs, caps) {
    const [gy, w] = node.inputs;
    const d = conv2dDispatch(geometry(attrs.inputShape, w.shape, { ...attrs, activation: undefined }, node.layer), caps, 'backwardInput', false, attrs.variant);
    return [{ kernel: d.kernel, plan: d.plan, tensors: [gy, w, node.outputs[0]] }];
  },
});

/** gw = ∂/∂w of Σ gy·conv2d(x, w): inputs x, gy; output shaped like w (attrs.filterShape). */
export const conv2dBackwardFilterOp = defineOp<Conv2dBackwardFilterAttrs>({
  inferShape([x, gy], attrs, where) {
    const g = geometry(x.shape, attrs.filterShape, { ...attrs, activation: undefined }, where);
    expectShape(where, 'gy', gy, [g.batch, g.outH, g.outW, g.outC]);
    return [{ shape: attrs.filterShape, dtype: 'f32' }];
  },
  saves: 'inputs',
  grad({ node, attrs, gys: [ggw], needs, emit }) {
    if (!ggw) return [null, null];
    const [x, gy] = node.inputs;
    const conv = { strides: attrs.strides, padding: attrs.padding, dilation: attrs.dilation, groups: attrs.groups };
    return [
      needs[0] ? emit('conv2dBackwardInput', [gy, ggw], { ...conv, inputShape: x.shape })[0] : null,
      needs[1] ? emit('conv2d', [x, ggw], conv)[0] : null,
    ];
  },
  lower(node, attrs, caps) {
    const [x, gy] = node.inputs;
    const d = conv2dDispatch(geometry(x.shape, attrs.filterShape, { ...attrs, activation: undefined }, node.layer), caps, 'backwardFilter', false, attrs.variant);
    return [{ kernel: d.kernel, plan: d.plan, tensors: [x, gy, node.outputs[0]] }];
  },
});

/** Keras `Conv2DTranspose` attributes (no groups, as Keras). */
export interface Conv2dTransposeAttrs extends Conv2dTransposeOptions { variant?: Conv2dVariant }

/**
 * y = conv2dTranspose(x, w): x NHWC [batch, h, w, inC], w [kh, kw, filters, inC] (Keras layout),
 * y [batch, h', w', filters] with Keras' output length. Runs conv2d's backward-input kernels.
 */
export const conv2dTransposeOp = defineOp<Conv2dTransposeAttrs>({
  inferShape([x, w], attrs, where) {
    expectDtype(where, 'x', x, 'f32');
    expectDtype(where, 'filter', w, 'f32');
    const g = conv2dTransposeGeometry(x.shape, w.shape, attrs, where);
    return [{ shape: [g.batch, g.inH, g.inW, g.inC], dtype: 'f32' }];
  },
  saves: 'inputs',
  grad({ node, attrs, gys: [gy], needs, emit }) {
    if (!gy) return [null, null];
    const [x, w] = node.inputs;
    const conv = backwardAttrs(conv2dTransposeGeometry(x.shape, w.shape, attrs, node.layer));
    return [
      needs[0] ? emit('conv2d', [gy, w], { ...conv })[0] : null,
      needs[1] ? emit('conv2dBackwardFilter', [gy, x], { ...conv, filterShape: w.shape })[0] : null,
    ];
  },
  lower(node, attrs, caps) {
    const [x, w] = node.inputs;
    const d = conv2dDispatch(conv2dTransposeGeometry(x.shape, w.shape, attrs, node.layer), caps, 'backwardInput', false, attrs.variant);
    return [{ kernel: d.kernel, plan: d.plan, tensors: [x, w, node.outputs[0]] }];
  },
});

/** Convolutions: conv2d and conv2dTranspose, forward and backward. */
export const convOps: Record<string, OpDef<never>> = {
  conv2d: conv2dOp as OpDef<never>,
  conv2dBackwardInput: conv2dBackwardInputOp as OpDef<never>,
  conv2dBackwardFilter: conv2dBackwardFilterOp as OpDef<never>,
  conv2dTranspose: conv2dTransposeOp as OpDef<never>,
};
