import {
  globalPool2dGeometry, planAvgPool2d, planAvgPool2dBackward, planMaxPool2d, planMaxPool2dBackward, pool2dGeometry, type Pool2dOptions,
} from '../../kernels/pooling.js';
import { planReduce } from '../../kernels/reduce.js';
import {
  channelCopy, concatenateGeometry, cropping2dGeometry, planChannelCopy, planShift2d, planUpSampling2d, planUpSampling2dBackward,
  upSampling2dBackward, upSampling2dForward, upSampling2dGeometry, zeroPadding2dForward, zeroPadding2dGeometry,
  type Interpolation, type Padding2d,
} from '../../kernels/resample.js';
import { sameShape, shapeString, type Shape } from '../../kernels/shape.js';
import { ShapeError } from '../../errors.js';
import type { Value } from '../ir.js';
import { defineOp, type OpDef } from '../op.js';
import { expectDtype } from './checks.js';

// Pooling and resampling. Every backward is a gather (one invocation per input-gradient element),
// so overlapping windows and bilinear taps need no float atomics. ONNX: MaxPool, AveragePool
// (count_include_pad=0), GlobalAveragePool, Resize, Pad, Concat, Slice.

/** Attributes of the windowed pools (Keras names; pairs are [rows, columns]). */
export type Pool2dAttrs = Pool2dOptions;

/** Attributes of a pooling backward: the forward's, plus the forward input's shape. */
export interface Pool2dBackwardAttrs extends Pool2dOptions {
  readonly inputShape: Shape;
}

function expectGradShape(where: string, gy: Value, expected: Shape, what = 'gradient'): void {
  if (!sameShape(gy.shape, expected)) throw new ShapeError(where, `${what} ${shapeString(gy.shape)} does not match the forward output ${shapeString(expected)}`);
}

/**
 * y = max over each window. The backward finds each window's first maximum again from the saved x
 * and y (see max-pool-backward.wgsl) instead of storing argmax indices.
 */
export const maxPool2dOp = defineOp<Pool2dAttrs>({
  inferShape([x], attrs, where) {
    expectDtype(where, 'x', x, 'f32');
    return [{ shape: pool2dGeometry(x.shape, attrs, where).outShape, dtype: 'f32' }];
  },
  saves: 'inputs+output',
  grad({ node, attrs, gys: [gy], emit }) {
    return [gy ? emit('maxPool2dBackward', [node.inputs[0], node.outputs[0], gy], { ...attrs })[0] : null];
  },
  lower(node, attrs, caps) {
    const plan = planMaxPool2d(pool2dGeometry(node.inputs[0].shape, attrs), caps);
    return [{ kernel: plan.kernel, plan, tensors: [node.inputs[0], node.outputs[0]] }];
  },
});

/** gx from x, y and gy: each gy to its window's first maximum. Inputs [x, y, gy]. */
export const maxPool2dBackwardOp = defineOp<Pool2dAttrs>({
  inferShape([x, y, gy], attrs, where) {
    const outShape = pool2dGeometry(x.shape, attrs, where).outShape;
    expectGradShape(where, y, outShape, 'saved output');
    expectGradShape(where, gy, outShape);
    return [{ shape: x.shape, dtype: 'f32' }];
  },
  saves: 'none',
  lower(node, attrs, caps) {
    const plan = planMaxPool2dBackward(pool2dGeometry(node.inputs[0].shape, attrs), caps);
    return [{ kernel: plan.kernel, plan, tensors: [...node.inputs, node.outputs[0]] }];
  },
});

/** y = mean over each window's cells inside the input (TF 'same' semantics). */
export const avgPool2dOp = defineOp<Pool2dAttrs>({
  inferShape([x], attrs, where) {
    expectDtype(where, 'x', x, 'f32');
    return [{ shape: pool2dGeometry(x.shape, attrs, where).outShape, dtype: 'f32' }];
  },
  saves: 'none',
  grad({ node, attrs, gys: [gy], emit }) {
    return [gy ? emit('avgPool2dBackward', [gy], { ...attrs, inputShape: node.inputs[0].shape })[0] : null];
  },
  lower(node, attrs, caps) {
    const plan = planAvgPool2d(pool2dGeometry(node.inputs[0].shape, attrs), caps);
    return [{ kernel: plan.kernel, plan, tensors: [node.inputs[0], node.outputs[0]] }];
  },
});

/** gx from gy alone. Input [gy]; attrs carry the forward input's shape. */
export const avgPool2dBackwardOp = defineOp<Pool2dBackwardAttrs>({
  inferShape([gy], attrs, where) {
    expectGradShape(where, gy, pool2dGeometry(attrs.inputShape, attrs, where).outShape);
    return [{ shape: attrs.inputShape, dtype: 'f32' }];
  },
  saves: 'none',
  lower(node, attrs, caps) {
    const plan = planAvgPool2dBackward(pool2dGeometry(attrs.inputShape, attrs), caps);
    return [{ kernel: plan.kernel, plan, tensors: [node.inputs[0], node.outputs[0]] }];
  },
});

/**
 * y[n,c] = mean over h, w of x[n,h,w,c]: [N,H,W,C] → [N,C]. Lowers to the mean reduction over
 * axes [1, 2] (its keepdims output [N,1,1,C] is [N,C]'s layout), whose chooser picks a workgroup
 * per output when there are few outputs over a large plane; the gradient is avgPool2dBackward with
 * one H×W window: one dispatch, each gx element reads one gy.
 */
export const globalAvgPool2dOp = defineOp<Record<string, never>>({
  inferShape([x], _attrs, where) {
    expectDtype(where, 'x', x, 'f32');
    const g = globalPool2dGeometry(x.shape, where);
    return [{ shape: [g.batch, g.channels], dtype: 'f32' }];
  },
  saves: 'none',
  grad({ node, gys: [gy], emit }) {
    if (!gy) return [null];
    const x = node.inputs[0];
    const [n, h, w, c] = x.shape;
    const g4 = emit('reshape', [gy], { shape: [n, 1, 1, c] })[0];
    return [emit('avgPool2dBackward', [g4], { poolSize: [h, w], strides: [h, w], padding: 'valid', inputShape: x.shape })[0]];
  },
  lower(node, _attrs, caps) {
    const plan = planReduce('mean', node.inputs[0].shape, [1, 2], caps);
    return [{ kernel: plan.kernel, plan, tensors: [node.inputs[0], node.outputs[0]] }];
  },
});

export interface UpSampling2dAttrs {
  readonly size: readonly [number, number];
  readonly interpolation: Interpolation;
}

export interface UpSampling2dBackwardAttrs extends UpSampling2dAttrs {
  readonly inputShape: Shape;
}

/** y = x enlarged by integer factors, nearest or bilinear (half-pixel centres). */
export const upSampling2dOp = defineOp<UpSampling2dAttrs>({
  inferShape([x], attrs, where) {
    expectDtype(where, 'x', x, 'f32');
    return [{ shape: upSampling2dGeometry(x.shape, attrs.size, attrs.interpolation, where).outShape, dtype: 'f32' }];
  },
  saves: 'none',
  grad({ node, attrs, gys: [gy], emit }) {
    return [gy ? emit('upSampling2dBackward', [gy], { ...attrs, inputShape: node.inputs[0].shape })[0] : null];
  },
  lower(node, attrs, caps) {
    const g = upSampling2dGeometry(node.inputs[0].shape, attrs.size, attrs.interpolation);
    return [{ kernel: upSampling2dForward, plan: planUpSampling2d(g, caps), tensors: [node.inputs[0], node.outputs[0]] }];
  },
});

/** gx = the upsampling's transpose applied to gy. Input [gy]. */
export const upSampling2dBackwardOp = defineOp<UpSampling2dBackwardAttrs>({
  inferShape([gy], attrs, where) {
    expectGradShape(where, gy, upSampling2dGeometry(attrs.inputShape, attrs.size, attrs.interpolation, where).outShape);
    return [{ shape: attrs.inputShape, dtype: 'f32' }];
  },
  saves: 'none',
  lower(node, attrs, caps) {
    const g = upSampling2dGeometry(attrs.inputShape, attrs.size, attrs.interpolation);
    return [{ kernel: upSampling2dBackward, plan: planUpSampling2dBackward(g, caps), tensors: [node.inputs[0], node.outputs[0]] }];
  },
});

/** y = x with zero rows and columns around it; the gradient is a cropping2d. */
export const zeroPadding2dOp = defineOp<{ readonly padding: Padding2d }>({
  inferShape([x], attrs, where) {
    expectDtype(where, 'x', x, 'f32');
    return [{ shape: zeroPadding2dGeometry(x.shape, attrs.padding, where).outShape, dtype: 'f32' }];
  },
  saves: 'none',
  grad({ attrs, gys: [gy], emit }) {
    return [gy ? emit('cropping2d', [gy], { cropping: attrs.padding })[0] : null];
  },
  lower(node, attrs, caps) {
    const g = zeroPadding2dGeometry(node.inputs[0].shape, attrs.padding);
    return [{ kernel: zeroPadding2dForward, plan: planShift2d(g, caps), tensors: [node.inputs[0], node.outputs[0]] }];
  },
});

/** y = x without rows and columns at its borders (Keras Cropping2D); the gradient is a zeroPadding2d. */
export const cropping2dOp = defineOp<{ readonly cropping: Padding2d }>({
  inferShape([x], attrs, where) {
    expectDtype(where, 'x', x, 'f32');
    return [{ shape: cropping2dGeometry(x.shape, attrs.cropping, where).outShape, dtype: 'f32' }];
  },
  saves: 'none',
  grad({ attrs, gys: [gy], emit }) {
    return [gy ? emit('zeroPadding2d', [gy], { padding: attrs.cropping })[0] : null];
  },
  lower(node, attrs, caps) {
    const g = cropping2dGeometry(node.inputs[0].shape, attrs.cropping);
    return [{ kernel: zeroPadding2dForward, plan: planShift2d(g, caps), tensors: [node.inputs[0], node.outputs[0]] }];
  },
});

/**
 * y = the inputs joined along the last (channel) axis; any number ≥ 2 of inputs. Lowers to one
 * channelCopy per input, each binding that input and y (two storage buffers whatever the count).
 */
export const concatenateOp = defineOp<Record<string, never>>({
  inferShape(xs, _attrs, where) {
    xs.forEach((x, i) => expectDtype(where, `input ${i}`, x, 'f32'));
    return [{ shape: concatenateGeometry(xs.map((x) => x.shape), where).outShape, dtype: 'f32' }];
  },
  saves: 'none',
  grad({ node, gys: [gy], needs, emit }) {
    if (!gy) return node.inputs.map(() => null);
    const { offsets } = concatenateGeometry(node.inputs.map((x) => x.shape));
    return node.inputs.map((x, i) => (needs[i] ? emit('channelSlice', [gy], { begin: offsets[i], size: x.shape[x.shape.length - 1] })[0] : null));
  },
  lower(node, _attrs, caps) {
    const { outShape, offsets, rows } = concatenateGeometry(node.inputs.map((x) => x.shape));
    const total = outShape[outShape.length - 1];
    return node.inputs.map((x, i) => {
      const width = x.shape[x.shape.length - 1];
      const plan = planChannelCopy({ rows, width, srcChannels: width, srcOffset: 0, dstChannels: total, dstOffset: offsets[i] }, caps);
      return { kernel: channelCopy, plan, tensors: [x, node.outputs[0]] };
    });
  },
});

export interface ChannelSliceAttrs {
  readonly begin: number;
  readonly size: number;
}

/** y = x[..., begin : begin + size] (the gradient of concatenate; ONNX Slice on the last axis). No gradient rule. */
export const channelSliceOp = defineOp<ChannelSliceAttrs>({
  inferShape([x], attrs, where) {
    const c = x.shape[x.shape.length - 1];
    if (!Number.isInteger(attrs.begin) || !Number.isInteger(attrs.size) || attrs.begin < 0 || attrs.size < 1 || attrs.begin + attrs.size > c) {
      throw new ShapeError(where, `channel slice [${attrs.begin}, ${attrs.begin + attrs.size}) is outside the ${c} channels of ${shapeString(x.shape)}`);
    }
    return [{ shape: [...x.shape.slice(0, -1), attrs.size], dtype: x.dtype }];
  },
  saves: 'none',
  lower(node, attrs, caps) {
    const x = node.inputs[0];
    const c = x.shape[x.shape.length - 1];
    const plan = planChannelCopy({ rows: x.size / c, width: attrs.size, srcChannels: c, srcOffset: attrs.begin, dstChannels: attrs.size, dstOffset: 0 }, caps);
    return [{ kernel: channelCopy, plan, tensors: [x, node.outputs[0]] }];
  },
});

/** Pooling and resampling: max/avg/global pooling, upsampling, padding, concatenation. */
export const poolingOps: Record<string, OpDef<never>> = {
  maxPool2d: maxPool2dOp as OpDef<never>,
  maxPool2dBackward: maxPool2dBackwardOp as OpDef<never>,
  avgPool2d: avgPool2dOp as OpDef<never>,
  avgPool2dBackward: avgPool2dBackwardOp as OpDef<never>,
  globalAvgPool2d: globalAvgPool2dOp as OpDef<never>,
  upSampling2d: upSampling2dOp as OpDef<never>,
  upSampling2dBackward: upSampling2dBackwardOp as OpDef<never>,
  zeroPadding2d: zeroPadding2dOp as OpDef<never>,
  cropping2d: cropping2dOp as OpDef<never>,
  concatenate: concatenateOp as OpDef<never>,
  channelSlice: channelSliceOp as OpDef<never>,
};
