import gridWgsl from '../../shaders/common/grid.wgsl';
import commonWgsl from '../../shaders/pooling/common.wgsl';
import maxPoolWgsl from '../../shaders/pooling/max-pool.wgsl';
import maxPoolBackwardWgsl from '../../shaders/pooling/max-pool-backward.wgsl';
import avgPoolWgsl from '../../shaders/pooling/avg-pool.wgsl';
import avgPoolBackwardWgsl from '../../shaders/pooling/avg-pool-backward.wgsl';
import type { DeviceCaps } from '../gpu/caps.js';
import { ShapeError } from '../errors.js';
import { checkElements } from './elementwise.js';
import { defineKernel, grid1d, workgroupInvocations, type Plan } from './kernel.js';
import { shapeString, sizeOf, type Shape } from './shape.js';

const POOL_PARAMS = {
  count: 'u32', channels: 'u32', inH: 'u32', inW: 'u32', outH: 'u32', outW: 'u32',
  poolH: 'u32', poolW: 'u32', strideH: 'u32', strideW: 'u32', padTop: 'u32', padLeft: 'u32',
} as const;

/** Constants of the pooling and resampling kernels: the workgroup size. */
export interface PoolConstants extends Record<string, number | boolean> {
  WG: number;
}

/** Keras padding: `valid` keeps windows inside the input, `same` gives ceil(in / stride) outputs. */
export type PoolPadding = 'valid' | 'same';

/** The options of a 2-D pooling window, Keras names, each pair [rows, columns]. */
export interface Pool2dOptions {
  readonly poolSize: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly padding: PoolPadding;
}

/**
 * A 2-D pooling computed once: NHWC input [batch, inH, inW, channels] → output
 * [batch, outH, outW, channels]. Output (oh, ow) pools input rows oh·strideH − padTop + [0, poolH)
 * and columns ow·strideW − padLeft + [0, poolW); rows and columns outside the input are skipped.
 * `same` pads as TensorFlow: total max((out − 1)·stride + pool − in, 0), the smaller half
 * before (top/left), the extra cell after.
 */
export interface Pool2dGeometry {
  readonly batch: number;
  readonly inH: number;
  readonly inW: number;
  readonly channels: number;
  readonly poolH: number;
  readonly poolW: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly padTop: number;
  readonly padLeft: number;
  readonly outH: number;
  readonly outW: number;
  readonly inShape: Shape;
  readonly outShape: Shape;
}

function checkPositivePair(where: string, what: string, v: readonly number[]): void {
  if (v.length !== 2 || v.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ShapeError(where, `${what} must be two positive integers [rows, columns] (got [${v.join(', ')}])`);
  }
}

/** Output extent and leading padding along one axis (Keras/TF `valid` and `same`). */
function poolAxis(size: number, pool: number, stride: number, padding: PoolPadding): { out: number; pad: number } {
  if (padding === 'valid') return { out: Math.floor((size - pool) / stride) + 1, pad: 0 };
  const out = Math.ceil(size / stride);
  return { out, pad: Math.floor(Math.max((out - 1) * stride + pool - size, 0) / 2) };
}

/**
 * Validates a pooling of an NHWC `inShape` and computes its geometry. Throws a ShapeError naming
 * `where` for a rank other than 4, non-positive pool sizes or strides, an unknown padding, or a
 * `valid` window larger than the input.
 */
export function pool2dGeometry(inShape: Shape, o: Pool2dOptions, where = 'pool2d'): Pool2dGeometry {
  if (inShape.length !== 4) throw new ShapeError(where, `expects an NHWC input [batch, height, width, channels] (got ${shapeString(inShape)})`);
  checkPositivePair(where, 'poolSize', o.poolSize);
  checkPositivePair(where, 'strides', o.strides);
  if (o.padding !== 'valid' && o.padding !== 'same') throw new ShapeError(where, `padding must be 'valid' or 'same' (got '${String(o.padding)}')`);
  const [batch, inH, inW, channels] = inShape;
  const [poolH, poolW] = o.poolSize;
  if (o.padding === 'valid' && (poolH > inH || poolW > inW)) {
    throw new ShapeError(where, `poolSize [${poolH}, ${poolW}] is larger than the input's spatial size [${inH}, ${inW}] with 'valid' padding (expected a window that fits, got an empty output)`,
      "use padding: 'same' or a smaller poolSize");
  }
  const [strideH, strideW] = o.strides;
  const h = poolAxis(inH, poolH, strideH, o.padding);
  const w = poolAxis(inW, poolW, strideW, o.padding);
  return {
    batch, inH, inW, channels, poolH, poolW, strideH, strideW, padTop: h.pad, padLeft: w.pad, outH: h.out, outW: w.out,
    inShape: [...inShape], outShape: [batch, h.out, w.out, channels],
  };
}

/** The geometry of a global pooling: one window covering the whole [H, W] plane. */
export function globalPool2dGeometry(inShape: Shape, where = 'globalPool2d'): Pool2dGeometry {
  if (inShape.length !== 4) throw new ShapeError(where, `expects an NHWC input [batch, height, width, channels] (got ${shapeString(inShape)})`);
  return pool2dGeometry(inShape, { poolSize: [inShape[1], inShape[2]], strides: [inShape[1], inShape[2]], padding: 'valid' }, where);
}

/** y = max over each window (tf.nn.max_pool, torch max_pool2d). Bindings: x, y. */
export const maxPool2dForward = defineKernel<PoolConstants, typeof POOL_PARAMS>({
  label: 'pooling.maxPool2d.forward', wgsl: [gridWgsl, commonWgsl, maxPoolWgsl], entryPoint: 'maxPool2dForward',
  inputs: ['x'], outputs: ['y'], params: POOL_PARAMS,
});

/** gx: each gy routed to its window's first maximum, found from x and y (a gather). Bindings: x, y, gy, gx. */
export const maxPool2dBackward = defineKernel<PoolConstants, typeof POOL_PARAMS>({
  label: 'pooling.maxPool2d.backward', wgsl: [gridWgsl, commonWgsl, maxPoolBackwardWgsl], entryPoint: 'maxPool2dBackward',
  inputs: ['x', 'y', 'gy'], outputs: ['gx'], params: POOL_PARAMS,
});

/** y = mean over each window's cells inside the input (tf.nn.avg_pool). Bindings: x, y. */
export const avgPool2dForward = defineKernel<PoolConstants, typeof POOL_PARAMS>({
  label: 'pooling.avgPool2d.forward', wgsl: [gridWgsl, commonWgsl, avgPoolWgsl], entryPoint: 'avgPool2dForward',
  inputs: ['x'], outputs: ['y'], params: POOL_PARAMS,
});

/** gx = Σ gy / count over the covering windows (a gather). Bindings: gy, gx. */
export const avgPool2dBackward = defineKernel<PoolConstants, typeof POOL_PARAMS>({
  label: 'pooling.avgPool2d.backward', wgsl: [gridWgsl, commonWgsl, avgPoolBackwardWgsl], entryPoint: 'avgPool2dBackward',
  inputs: ['gy'], outputs: ['gx'], params: POOL_PARAMS,
});

/** The uniform values of a pooling dispatch that writes `count` elements. */
function poolParams(g: Pool2dGeometry, count: number) {
  return {
    count, channels: g.channels, inH: g.inH, inW: g.inW, outH: g.outH, outW: g.outW,
    poolH: g.poolH, poolW: g.poolW, strideH: g.strideH, strideW: g.strideW, padTop: g.padTop, padLeft: g.padLeft,
  };
}

/** A 1-D plan over the `count` elements a dispatch writes (one per invocation). */
export function plan1dCount(count: number, largest: number, caps: DeviceCaps, where: string): { constants: PoolConstants; workgroups: [number, number, number] } {
  checkElements(largest, caps, where);
  const wg = workgroupInvocations(caps);
  return { constants: { WG: wg }, workgroups: grid1d(Math.ceil(count / wg), caps, where) };
}

/** The plan of a pooling pass: forward passes write y (one per output), backward passes gx (one per input). */
export type PoolPlan = Plan<PoolConstants, typeof POOL_PARAMS>;

function planPool(g: Pool2dGeometry, pass: 'forward' | 'backward', caps: DeviceCaps, where: string): PoolPlan {
  const count = sizeOf(pass === 'forward' ? g.outShape : g.inShape);
  const { constants, workgroups } = plan1dCount(count, Math.max(sizeOf(g.inShape), sizeOf(g.outShape)), caps, where);
  return { constants, params: poolParams(g, count), workgroups };
}

/** Plans maxPool2dForward: one invocation per output element. */
export function planMaxPool2d(g: Pool2dGeometry, caps: DeviceCaps): PoolPlan {
  return planPool(g, 'forward', caps, 'maxPool2d');
}

/** Plans maxPool2dBackward: one invocation per input element. */
export function planMaxPool2dBackward(g: Pool2dGeometry, caps: DeviceCaps): PoolPlan {
  return planPool(g, 'backward', caps, 'maxPool2d backward');
}

/** Plans avgPool2dForward: one invocation per output element. */
export function planAvgPool2d(g: Pool2dGeometry, caps: DeviceCaps): PoolPlan {
  return planPool(g, 'forward', caps, 'avgPool2d');
}

/** Plans avgPool2dBackward: one invocation per input element (globalAvgPool2d's gradient with {@link globalPool2dGeometry}). */
export function planAvgPool2dBackward(g: Pool2dGeometry, caps: DeviceCaps): PoolPlan {
  return planPool(g, 'backward', caps, 'avgPool2d backward');
}
