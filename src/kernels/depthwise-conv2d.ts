import activationWgsl from '../../shaders/common/activation.wgsl';
import gridWgsl from '../../shaders/common/grid.wgsl';
import commonWgsl from '../../shaders/depthwise-conv2d/common.wgsl';
import forwardWgsl from '../../shaders/depthwise-conv2d/forward.wgsl';
import forwardBindings from '../../shaders/depthwise-conv2d/forward-bindings.wgsl';
import forwardBiasBindings from '../../shaders/depthwise-conv2d/forward-bias-bindings.wgsl';
import forwardVec4Wgsl from '../../shaders/depthwise-conv2d/forward-vec4.wgsl';
import forwardVec4Bindings from '../../shaders/depthwise-conv2d/forward-vec4-bindings.wgsl';
import forwardVec4BiasBindings from '../../shaders/depthwise-conv2d/forward-vec4-bias-bindings.wgsl';
import forwardSubgroupWgsl from '../../shaders/depthwise-conv2d/forward-subgroup.wgsl';
import subgroupWindowWgsl from '../../shaders/depthwise-conv2d/subgroup-window.wgsl';
import backwardInputSubgroupWgsl from '../../shaders/depthwise-conv2d/backward-input-subgroup.wgsl';
import backwardInputWgsl from '../../shaders/depthwise-conv2d/backward-input.wgsl';
import backwardInputVec4Wgsl from '../../shaders/depthwise-conv2d/backward-input-vec4.wgsl';
import backwardFilterWgsl from '../../shaders/depthwise-conv2d/backward-filter.wgsl';
import backwardFilterVec4Wgsl from '../../shaders/depthwise-conv2d/backward-filter-vec4.wgsl';
import { subgroupsFit, type DeviceCaps } from '../gpu/caps.js';
import { ACTIVATIONS, type Activation } from './activation.js';
import { checkElements } from './elementwise.js';
import { checkGrid, defineKernel, grid1d, workgroupInvocations, type Kernel, type Plan } from './kernel.js';
import { shapeString, type Shape } from './shape.js';
import { ShapeError } from '../errors.js';

/**
 * Padding as Keras names it, or explicit: one number for every side, [[top, bottom], [left, right]]
 * (Keras ZeroPadding2D), or [top, bottom, left, right] (as conv2d takes it).
 */
export type DepthwisePadding = 'same' | 'valid' | number
  | readonly [readonly [number, number], readonly [number, number]] | readonly [number, number, number, number];

/** The attributes of a depthwise convolution (Keras `DepthwiseConv2D` option names). */
export interface DepthwiseConv2dAttrs {
  readonly strides?: number | readonly [number, number];
  readonly padding?: DepthwisePadding;
  readonly dilationRate?: number | readonly [number, number];
}

/**
 * A depthwise convolution's shapes, computed once: x [batch, inH, inW, inChannels], filter
 * [kernelH, kernelW, inChannels, multiplier], y [batch, outH, outW, inChannels · multiplier].
 */
export interface DepthwiseConv2dGeometry {
  readonly batch: number;
  readonly inH: number;
  readonly inW: number;
  readonly inChannels: number;
  readonly multiplier: number;
  readonly outChannels: number;
  readonly kernelH: number;
  readonly kernelW: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly dilationH: number;
  readonly dilationW: number;
  readonly padTop: number;
  readonly padBottom: number;
  readonly padLeft: number;
  readonly padRight: number;
  readonly outH: number;
  readonly outW: number;
  readonly inputShape: Shape;
  readonly filterShape: Shape;
  readonly outputShape: Shape;
}

function pair(where: string, what: string, v: number | readonly [number, number] | undefined): [number, number] {
  const p: [number, number] = v === undefined ? [1, 1] : typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (p.length !== 2 || !p.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new ShapeError(where, `${what} must be positive integers (expected ≥ 1, got ${JSON.stringify(v)})`);
  }
  return p;
}

/** TF's 'same': out = ceil(in / stride), the odd pixel of padding at the end. */
function samePadding(size: number, k: number, stride: number, dilation: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + (k - 1) * dilation + 1 - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

function explicitPadding(where: string, padding: DepthwisePadding): [[number, number], [number, number]] {
  const flat = Array.isArray(padding) && padding.length === 4 ? [[padding[0], padding[1]], [padding[2], padding[3]]] : padding;
  const rows = (typeof padding === 'number' ? [[padding, padding], [padding, padding]] : flat) as unknown as readonly (readonly number[] | undefined)[];
  const p: [[number, number], [number, number]] = [[rows[0]?.[0] ?? -1, rows[0]?.[1] ?? -1], [rows[1]?.[0] ?? -1, rows[1]?.[1] ?? -1]];
  if (!p.flat().every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(where, `padding must be 'same', 'valid', a whole number ≥ 0, [[top, bottom], [left, right]] or [top, bottom, left, right] (got ${JSON.stringify(padding)})`);
  }
  return p;
}

/**
 * Validates and computes the geometry of y = depthwiseConv2d(x, filter[, bias]). `where` names the
 * op and layer in errors. Throws a ShapeError for ranks other than 4, a filter whose third axis is
 * not x's channels, strides or dilations below 1, an empty output, or a bias that is not [outC].
 */
export function depthwiseConv2dGeometry(x: Shape, filter: Shape, attrs: DepthwiseConv2dAttrs, where = 'depthwiseConv2d', bias?: Shape): DepthwiseConv2dGeometry {
  if (x.length !== 4) throw new ShapeError(where, `input must be NHWC [batch, height, width, channels] (got ${shapeString(x)})`);
  if (filter.length !== 4) {
    throw new ShapeError(where, `filter must be [kh, kw, inChannels, multiplier] (got ${shapeString(filter)})`, 'Keras DepthwiseConv2D layout; PyTorch weights [C·M, 1, kh, kw] need transposing');
  }
  const [batch, inH, inW, inChannels] = x;
  const [kernelH, kernelW, fc, multiplier] = filter;
  if (fc !== inChannels) {
    throw new ShapeError(where, `filter in-channels must equal input channels (expected ${inChannels}, got filter ${shapeString(filter)} for input ${shapeString(x)})`);
  }
  if (!(Number.isInteger(multiplier) && multiplier >= 1)) throw new ShapeError(where, `depth multiplier must be ≥ 1 (got ${multiplier} in filter ${shapeString(filter)})`);
  const [strideH, strideW] = pair(where, 'strides', attrs.strides);
  const [dilationH, dilationW] = pair(where, 'dilationRate', attrs.dilationRate);
  const padding = attrs.padding ?? 'valid';
  let pads: [[number, number], [number, number]];
  if (padding === 'same') pads = [samePadding(inH, kernelH, strideH, dilationH), samePadding(inW, kernelW, strideW, dilationW)];
  else if (padding === 'valid') pads = [[0, 0], [0, 0]];
  else pads = explicitPadding(where, padding);
  const [[padTop, padBottom], [padLeft, padRight]] = pads;
  const span = (k: number, d: number) => (k - 1) * d + 1;
  const outH = Math.floor((inH + padTop + padBottom - span(kernelH, dilationH)) / strideH) + 1;
  const outW = Math.floor((inW + padLeft + padRight - span(kernelW, dilationW)) / strideW) + 1;
  if (outH < 1 || outW < 1) {
    throw new ShapeError(where, `output would be empty: input ${shapeString(x)} padded by [[${padTop}, ${padBottom}], [${padLeft}, ${padRight}]] is smaller than the dilated ${kernelH}×${kernelW} kernel (span ${span(kernelH, dilationH)}×${span(kernelW, dilationW)})`,
      "use padding 'same' or a smaller kernel or dilation");
  }
  const outChannels = inChannels * multiplier;
  if (bias && (bias.length !== 1 || bias[0] !== outChannels)) {
    throw new ShapeError(where, `bias must be [${outChannels}] = inChannels × multiplier (got ${shapeString(bias)})`);
  }
  return {
    batch, inH, inW, inChannels, multiplier, outChannels, kernelH, kernelW, strideH, strideW, dilationH, dilationW,
    padTop, padBottom, padLeft, padRight, outH, outW,
    inputShape: [...x], filterShape: [...filter], outputShape: [batch, outH, outW, outChannels],
  };
}

const PARAMS = {
  batch: 'u32', inH: 'u32', inW: 'u32', inC: 'u32', outH: 'u32', outW: 'u32', outC: 'u32', multiplier: 'u32',
  kernelH: 'u32', kernelW: 'u32', strideH: 'u32', strideW: 'u32', dilationH: 'u32', dilationW: 'u32', padTop: 'u32', padLeft: 'u32',
  rowsPerChunk: 'u32', count: 'u32', alpha: 'f32',
} as const;

/** The uniform block of every depthwise kernel (shaders/depthwise-conv2d/common.wgsl). */
export type DepthwiseParams = typeof PARAMS;

/**
 * Pipeline constants: 0 for a tap count, stride or dilation means "read it from the uniform"
 * (the direct variants); the fast variants set them so the shader compiler unrolls the tap loops.
 */
export interface DepthwiseConstants extends Record<string, number | boolean> {
  WG: number;
  KERNEL_H: number;
  KERNEL_W: number;
  STRIDE_H: number;
  STRIDE_W: number;
  DILATION_H: number;
  DILATION_W: number;
  ACTIVATION: number;
}

/** Output columns per invocation of the tiled and vec4 variants (`TILE_W` in common.wgsl). */
export const DEPTHWISE_TILE_W = 4;
/** The longest strip of rows a lane of the subgroup kernels walks down. */
const SUBGROUP_MAX_STRIP_ROWS = 32;

/**
 * The strips of the subgroup kernels over a [batch, rows, cols] plane: 8 columns × stripRows rows
 * (the rows split evenly, at most 32), 8 lanes each. Long strips spread the 2 extra window rows
 * and the index arithmetic over more outputs.
 */
function subgroupStrips(batch: number, rows: number, cols: number): { stripRows: number; strips: number } {
  const stripRows = Math.ceil(rows / Math.ceil(rows / SUBGROUP_MAX_STRIP_ROWS));
  return { stripRows, strips: batch * Math.ceil(rows / stripRows) * Math.ceil(cols / 8) };
}

type DepthwiseKernel = Kernel<DepthwiseConstants, DepthwiseParams>;
const scalarForward = [gridWgsl, activationWgsl, commonWgsl, forwardWgsl];
const vec4Forward = [gridWgsl, activationWgsl, commonWgsl, forwardVec4Wgsl];
const subgroupForward = [activationWgsl, commonWgsl, subgroupWindowWgsl, forwardSubgroupWgsl];

function kernel(label: string, wgsl: string[], entryPoint: string, inputs: string[], outputs: string[], enables?: string[]): DepthwiseKernel {
  return defineKernel<DepthwiseConstants, DepthwiseParams>({ label, wgsl, entryPoint, inputs, outputs, params: PARAMS, ...(enables ? { enables } : {}) });
}

/** y = act(depthwise(x, w)), one output per invocation (the readable specification). Bindings: x, w, y. */
export const depthwiseConv2dForwardDirect = kernel('depthwiseConv2d.forwardDirect', [...scalarForward, forwardBindings], 'depthwiseConv2dForwardDirect', ['x', 'w'], ['y']);
/** As {@link depthwiseConv2dForwardDirect} with a fused bias. Bindings: x, w, b, y. */
export const depthwiseConv2dForwardDirectBias = kernel('depthwiseConv2d.forwardDirectBias', [...scalarForward, forwardBiasBindings], 'depthwiseConv2dForwardDirect', ['x', 'w', 'b'], ['y']);
/** Four output columns of one channel per invocation, taps unrolled. Bindings: x, w, y. */
export const depthwiseConv2dForwardTiled = kernel('depthwiseConv2d.forwardTiled', [...scalarForward, forwardBindings], 'depthwiseConv2dForwardTiled', ['x', 'w'], ['y']);
/** As {@link depthwiseConv2dForwardTiled} with a fused bias. Bindings: x, w, b, y. */
export const depthwiseConv2dForwardTiledBias = kernel('depthwiseConv2d.forwardTiledBias', [...scalarForward, forwardBiasBindings], 'depthwiseConv2dForwardTiled', ['x', 'w', 'b'], ['y']);
/** A vec4 of channels × four output columns per invocation (multiplier 1, inC % 4 = 0). Bindings: x, w, y. */
export const depthwiseConv2dForwardVec4 = kernel('depthwiseConv2d.forwardVec4', [...vec4Forward, forwardVec4Bindings], 'depthwiseConv2dForwardVec4', ['x', 'w'], ['y']);
/** As {@link depthwiseConv2dForwardVec4} with a fused bias. Bindings: x, w, b, y. */
export const depthwiseConv2dForwardVec4Bias = kernel('depthwiseConv2d.forwardVec4Bias', [...vec4Forward, forwardVec4BiasBindings], 'depthwiseConv2dForwardVec4', ['x', 'w', 'b'], ['y']);
/** 3×3 (stride 1 or 2, dilation 1): a vec4 of channels down a strip of output rows per invocation, neighbour columns and taps shared through subgroup shuffles (CPU adapters). Bindings: x, w, y. */
export const depthwiseConv2dForwardSubgroup = kernel('depthwiseConv2d.forwardSubgroup', [...subgroupForward, forwardVec4Bindings], 'depthwiseConv2dForwardSubgroup', ['x', 'w'], ['y'], ['subgroups']);
/** As {@link depthwiseConv2dForwardSubgroup} with a fused bias. Bindings: x, w, b, y. */
export const depthwiseConv2dForwardSubgroupBias = kernel('depthwiseConv2d.forwardSubgroupBias', [...subgroupForward, forwardVec4BiasBindings], 'depthwiseConv2dForwardSubgroup', ['x', 'w', 'b'], ['y'], ['subgroups']);
/** gx from gy and w, one input element per invocation. Bindings: gy, w, gx. */
export const depthwiseConv2dBackwardInputDirect = kernel('depthwiseConv2d.backwardInputDirect', [gridWgsl, commonWgsl, backwardInputWgsl], 'depthwiseConv2dBackwardInputDirect', ['gy', 'w'], ['gx']);
/** gx, a vec4 of channels × four input columns per invocation (multiplier 1, inC % 4 = 0). Bindings: gy, w, gx. */
export const depthwiseConv2dBackwardInputVec4 = kernel('depthwiseConv2d.backwardInputVec4', [gridWgsl, commonWgsl, backwardInputVec4Wgsl], 'depthwiseConv2dBackwardInputVec4', ['gy', 'w'], ['gx']);
/** gx for 3×3 stride 1 (dilation 1): the subgroup forward's walk over gy with the filter turned (CPU adapters; multiplier 1, inC % 4 = 0). Bindings: gy, w, gx. */
export const depthwiseConv2dBackwardInputSubgroup = kernel('depthwiseConv2d.backwardInputSubgroup', [commonWgsl, subgroupWindowWgsl, backwardInputSubgroupWgsl], 'depthwiseConv2dBackwardInputSubgroup', ['gy', 'w'], ['gx'], ['subgroups']);
/** Partial filter gradients [chunks, kh, kw, inC, M], one per invocation. Bindings: x, gy, gw. */
export const depthwiseConv2dBackwardFilterDirect = kernel('depthwiseConv2d.backwardFilterDirect', [gridWgsl, commonWgsl, backwardFilterWgsl], 'depthwiseConv2dBackwardFilterDirect', ['x', 'gy'], ['gw']);
/** Partial filter gradients, a vec4 of channels for a row of taps per invocation (multiplier 1, inC % 4 = 0, kw ≤ 7). Bindings: x, gy, gw. */
export const depthwiseConv2dBackwardFilterVec4 = kernel('depthwiseConv2d.backwardFilterVec4', [gridWgsl, commonWgsl, backwardFilterVec4Wgsl], 'depthwiseConv2dBackwardFilterVec4', ['x', 'gy'], ['gw']);

export type DepthwiseForwardVariant = 'direct' | 'tiled' | 'vec4' | 'subgroup';
export type DepthwiseBackwardVariant = 'direct' | 'vec4' | 'subgroup';

/** The variant of each pass for one geometry. */
export interface DepthwiseChoice {
  readonly forward: DepthwiseForwardVariant;
  readonly backwardInput: DepthwiseBackwardVariant;
  readonly backwardFilter: DepthwiseBackwardVariant;
}

/** Above this many taps, unrolling bloats the shader more than it saves: use the direct loops. */
export const MAX_UNROLLED_TAPS = 49;

/** Whether the vec4 variants apply: one output channel per input channel, channels a multiple of 4. */
export function depthwiseVec4(g: DepthwiseConv2dGeometry): boolean {
  return g.multiplier === 1 && g.inChannels % 4 === 0;
}

/** The widest kernel the vec4 backward-filter pass holds a row of taps for (MAX_KW in its shader). */
export const MAX_VEC4_FILTER_KW = 7;

/** Whether the subgroup forward applies: vec4 channels, 3×3, dilation 1, strides 1 or 2, and subgroups of ≥ 8 lanes. */
export function depthwiseSubgroupFits(g: DepthwiseConv2dGeometry, caps: DeviceCaps): boolean {
  return depthwiseVec4(g) && subgroupsFit(caps) && g.kernelH === 3 && g.kernelW === 3 && g.dilationH === 1 && g.dilationW === 1
    && g.strideH <= 2 && g.strideW <= 2;
}

/**
 * Picks each pass's variant. vec4 where the channels allow (multiplier 1, inC % 4 = 0: the
 * MobileNet case); otherwise the tiled scalar forward and the direct backward kernels. On CPU
 * adapters with subgroups the 3×3 forward shares its taps by subgroup broadcasts. Kernels
 * larger than 7×7 use the direct loops everywhere (unrolling 50+ taps bloats the shader), and the
 * vec4 backward-filter pass needs kw ≤ 7.
 */
export function chooseDepthwiseConv2d(g: DepthwiseConv2dGeometry, caps: DeviceCaps): DepthwiseChoice {
  const vec4 = depthwiseVec4(g);
  const unroll = g.kernelH * g.kernelW <= MAX_UNROLLED_TAPS;
  const cpuSubgroups = caps.software && depthwiseSubgroupFits(g, caps);
  return {
    forward: cpuSubgroups ? 'subgroup' : !unroll ? 'direct' : vec4 ? 'vec4' : 'tiled',
    backwardInput: cpuSubgroups && g.strideH === 1 && g.strideW === 1 ? 'subgroup' : unroll && vec4 ? 'vec4' : 'direct',
    backwardFilter: unroll && vec4 && g.kernelW <= MAX_VEC4_FILTER_KW ? 'vec4' : 'direct',
  };
}

/** A depthwise plan with the kernel it dispatches. */
export interface DepthwisePlan extends Plan<DepthwiseConstants, DepthwiseParams> {
  readonly kernel: DepthwiseKernel;
}

function constants(g: DepthwiseConv2dGeometry, caps: DeviceCaps, specialised: boolean, activation: Activation = 'linear'): DepthwiseConstants {
  const s = (v: number) => (specialised ? v : 0);
  return {
    WG: Math.min(64, workgroupInvocations(caps)),
    KERNEL_H: s(g.kernelH), KERNEL_W: s(g.kernelW), STRIDE_H: s(g.strideH), STRIDE_W: s(g.strideW),
    DILATION_H: s(g.dilationH), DILATION_W: s(g.dilationW), ACTIVATION: ACTIVATIONS[activation],
  };
}

function params(g: DepthwiseConv2dGeometry, count: number, alpha = 0, rowsPerChunk = 0) {
  return {
    batch: g.batch, inH: g.inH, inW: g.inW, inC: g.inChannels, outH: g.outH, outW: g.outW, outC: g.outChannels, multiplier: g.multiplier,
    kernelH: g.kernelH, kernelW: g.kernelW, strideH: g.strideH, strideW: g.strideW, dilationH: g.dilationH, dilationW: g.dilationW,
    padTop: g.padTop, padLeft: g.padLeft, rowsPerChunk, count, alpha,
  };
}

function checkSizes(g: DepthwiseConv2dGeometry, caps: DeviceCaps, where: string): void {
  checkElements(g.batch * g.inH * g.inW * g.inChannels, caps, `${where} input`);
  checkElements(g.batch * g.outH * g.outW * g.outChannels, caps, `${where} output`);
}

const tiles = (n: number) => Math.ceil(n / DEPTHWISE_TILE_W);

/**
 * Plans y = activation(depthwise(x, w) + b) (Keras `DepthwiseConv2D`, PyTorch `Conv2d(groups=inC)`).
 * Tensors in binding order: x, w, [b,] y. Throws a LimitError when a tensor exceeds a binding.
 */
export function planDepthwiseConv2dForward(
  g: DepthwiseConv2dGeometry, caps: DeviceCaps,
  options: { bias?: boolean; activation?: Activation; alpha?: number; variant?: DepthwiseForwardVariant } = {},
): DepthwisePlan {
  const where = 'depthwiseConv2d forward';
  checkSizes(g, caps, where);
  const variant = options.variant ?? chooseDepthwiseConv2d(g, caps).forward;
  const bias = options.bias ?? false;
  const wg = Math.min(64, workgroupInvocations(caps));
  if (variant === 'subgroup') {
    if (!depthwiseSubgroupFits(g, caps)) throw new Error(`${where}: the subgroup variant needs vec4 channels, a 3×3 kernel, dilation 1, strides ≤ 2 and subgroups of ≥ 8 lanes`);
    const { stripRows, strips } = subgroupStrips(g.batch, g.outH, g.outW);
    const workgroups: [number, number, number] = [g.outChannels / 4, Math.ceil(strips / (wg / 8)), 1];
    checkGrid(workgroups, caps, where);
    return {
      kernel: bias ? depthwiseConv2dForwardSubgroupBias : depthwiseConv2dForwardSubgroup,
      constants: constants(g, caps, true, options.activation),
      params: params(g, strips, options.alpha ?? 0.2, stripRows),
      workgroups,
    };
  }
  const rows = g.batch * g.outH;
  const count = variant === 'direct' ? rows * g.outW * g.outChannels
    : variant === 'tiled' ? rows * tiles(g.outW) * g.outChannels
      : g.batch * Math.ceil(g.outH / 2) * tiles(g.outW) * (g.outChannels / 4);
  const kernels = {
    direct: [depthwiseConv2dForwardDirect, depthwiseConv2dForwardDirectBias],
    tiled: [depthwiseConv2dForwardTiled, depthwiseConv2dForwardTiledBias],
    vec4: [depthwiseConv2dForwardVec4, depthwiseConv2dForwardVec4Bias],
  }[variant];
  return {
    kernel: kernels[bias ? 1 : 0],
    constants: constants(g, caps, variant !== 'direct', options.activation),
    params: params(g, count, options.alpha ?? 0.2),
    workgroups: grid1d(Math.ceil(count / wg), caps, where),
  };
}

/** Plans gx = depthwise backward-input(gy, w). Tensors in binding order: gy, w, gx. */
export function planDepthwiseConv2dBackwardInput(g: DepthwiseConv2dGeometry, caps: DeviceCaps, variant: DepthwiseBackwardVariant = chooseDepthwiseConv2d(g, caps).backwardInput): DepthwisePlan {
  const where = 'depthwiseConv2d backward-input';
  checkSizes(g, caps, where);
  const wg = Math.min(64, workgroupInvocations(caps));
  if (variant === 'subgroup') {
    if (!depthwiseSubgroupFits(g, caps) || g.strideH !== 1 || g.strideW !== 1) {
      throw new Error(`${where}: the subgroup variant needs vec4 channels, a 3×3 kernel, stride 1, dilation 1 and subgroups of ≥ 8 lanes`);
    }
    const { stripRows, strips } = subgroupStrips(g.batch, g.inH, g.inW);
    const workgroups: [number, number, number] = [g.inChannels / 4, Math.ceil(strips / (wg / 8)), 1];
    checkGrid(workgroups, caps, where);
    return { kernel: depthwiseConv2dBackwardInputSubgroup, constants: constants(g, caps, true), params: params(g, strips, 0, stripRows), workgroups };
  }
  const rows = g.batch * g.inH;
  const count = variant === 'direct' ? rows * g.inW * g.inChannels : g.batch * Math.ceil(g.inH / 2) * tiles(g.inW) * (g.inChannels / 4);
  return {
    kernel: variant === 'direct' ? depthwiseConv2dBackwardInputDirect : depthwiseConv2dBackwardInputVec4,
    constants: constants(g, caps, variant !== 'direct'),
    params: params(g, count),
    workgroups: grid1d(Math.ceil(count / wg), caps, where),
  };
}

/** Work items the partial filter gradient aims for: enough to fill a GPU, few enough that each sums a long run. */
const FILTER_TARGET_ITEMS = 4096;
/** A chunk sums at least this many output rows (and at most all of them). */
const FILTER_MIN_ROWS = 4;

/**
 * How many chunks the backward-filter pass splits the N·outH output rows into: a pure function of
 * the geometry (it fixes the shape of the partial-gradient tensor when the graph is built).
 * Returns the chunk count and rows per chunk; chunks · rowsPerChunk ≥ N·outH.
 */
export function depthwiseFilterChunks(g: DepthwiseConv2dGeometry): { chunks: number; rowsPerChunk: number } {
  const rows = g.batch * g.outH;
  const items = g.kernelH * g.kernelW * Math.ceil(g.outChannels / 4);
  const wanted = Math.max(1, Math.min(Math.ceil(FILTER_TARGET_ITEMS / items), Math.floor(rows / FILTER_MIN_ROWS)));
  const rowsPerChunk = Math.ceil(rows / wanted);
  return { chunks: Math.ceil(rows / rowsPerChunk), rowsPerChunk };
}

/**
 * Plans the partial filter gradients gwPart [chunks, kh, kw, inC, M] (chunks from
 * {@link depthwiseFilterChunks}); their sum over the first axis is the filter gradient.
 * Tensors in binding order: x, gy, gwPart.
 */
export function planDepthwiseConv2dBackwardFilter(g: DepthwiseConv2dGeometry, caps: DeviceCaps, variant: DepthwiseBackwardVariant = chooseDepthwiseConv2d(g, caps).backwardFilter): DepthwisePlan {
  const where = 'depthwiseConv2d backward-filter';
  if (variant === 'subgroup') throw new Error(`${where}: no subgroup variant (direct or vec4)`);
  checkSizes(g, caps, where);
  const { chunks, rowsPerChunk } = depthwiseFilterChunks(g);
  const wg = Math.min(64, workgroupInvocations(caps));
  const count = chunks * g.kernelH * (variant === 'direct' ? g.kernelW * g.outChannels : g.outChannels / 4);
  return {
    kernel: variant === 'direct' ? depthwiseConv2dBackwardFilterDirect : depthwiseConv2dBackwardFilterVec4,
    constants: constants(g, caps, variant !== 'direct'),
    params: params(g, count, 0, rowsPerChunk),
    workgroups: grid1d(Math.ceil(count / wg), caps, where),
  };
}
