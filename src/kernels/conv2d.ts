import activationWgsl from '../../shaders/common/activation.wgsl';
import commonWgsl from '../../shaders/conv2d/common.wgsl';
import forwardWgsl from '../../shaders/conv2d/forward.wgsl';
import forwardIo from '../../shaders/conv2d/forward-io.wgsl';
import forwardBiasIo from '../../shaders/conv2d/forward-bias-io.wgsl';
import forwardVec4Wgsl from '../../shaders/conv2d/forward-vec4.wgsl';
import forwardX4 from '../../shaders/conv2d/forward-x4.wgsl';
import forwardX1 from '../../shaders/conv2d/forward-x1.wgsl';
import forwardOut from '../../shaders/conv2d/forward-out.wgsl';
import forwardOutBias from '../../shaders/conv2d/forward-out-bias.wgsl';
import forwardSubgroupWgsl from '../../shaders/conv2d/forward-subgroup.wgsl';
import backwardInputWgsl from '../../shaders/conv2d/backward-input.wgsl';
import backwardFilterWgsl from '../../shaders/conv2d/backward-filter.wgsl';
import backwardInputVec4Wgsl from '../../shaders/conv2d/backward-input-vec4.wgsl';
import backwardFilterVec4Wgsl from '../../shaders/conv2d/backward-filter-vec4.wgsl';
import backwardInputSubgroupWgsl from '../../shaders/conv2d/backward-input-subgroup.wgsl';
import backwardFilterSubgroupWgsl from '../../shaders/conv2d/backward-filter-subgroup.wgsl';
import { subgroupsFit, type DeviceCaps } from '../gpu/caps.js';
import { ShapeError } from '../errors.js';
import { ACTIVATIONS, type Activation } from './activation.js';
import { checkGrid, defineKernel, subgroupWorkgroup, type Kernel, type Plan } from './kernel.js';
import { matmulDispatch } from './matmul.js';
import { shapeString, type Shape } from './shape.js';

const CONV2D_PARAMS = {
  batch: 'u32', inH: 'u32', inW: 'u32', inC: 'u32', outH: 'u32', outW: 'u32', outC: 'u32', groups: 'u32',
  kh: 'u32', kw: 'u32', strideH: 'u32', strideW: 'u32', dilationH: 'u32', dilationW: 'u32', padTop: 'u32', padLeft: 'u32',
  cinG: 'u32', coutG: 'u32', alpha: 'f32',
} as const;
type Conv2dParams = typeof CONV2D_PARAMS;

export interface Conv2dConstants extends Record<string, number | boolean> {
  WG_X: number;
  WG_Y: number;
  ACTIVATION: number;
}

const fwd = (label: string, entryPoint: string, io: string | string[], body: string, bias: boolean, enables?: string[]) => defineKernel<Conv2dConstants, Conv2dParams>({
  label, wgsl: [activationWgsl, commonWgsl, ...(typeof io === 'string' ? [io] : io), body], entryPoint,
  inputs: bias ? ['x', 'w', 'b'] : ['x', 'w'], outputs: ['y'], params: CONV2D_PARAMS, ...(enables ? { enables } : {}),
});

/** y = activation(conv2d(x, w)), one output per invocation: the readable specification. */
export const conv2dForwardDirect = fwd('conv2d.forwardDirect', 'conv2dForwardDirect', forwardIo, forwardWgsl, false);
/** y = activation(conv2d(x, w)), a 4 pixels × 4 channels register block per invocation. */
export const conv2dForward = fwd('conv2d.forward', 'conv2dForward', forwardIo, forwardWgsl, false);
/** y = activation(conv2d(x, w)), register blocks over vec4 views (cinG, coutG multiples of 4). */
export const conv2dForwardVec4 = fwd('conv2d.forwardVec4', 'conv2dForwardVec4', [forwardX4, forwardOut], forwardVec4Wgsl, false);
/** y = activation(conv2d(x, w)), 4 pixels × 16 channels per invocation, filter values shared through subgroup broadcasts (CPU adapters). */
export const conv2dForwardSubgroup = fwd('conv2d.forwardSubgroup', 'conv2dForwardSubgroup', [forwardX4, forwardOut], forwardSubgroupWgsl, false, ['subgroups']);
/** y = activation(conv2d(x, w)), 32×64 tiles staged in workgroup memory (GPUs). */
export const conv2dForwardTiled = fwd('conv2d.forwardTiled', 'conv2dForwardTiled', forwardIo, forwardWgsl, false);
export const conv2dForwardDirectBias = fwd('conv2d.forwardDirectBias', 'conv2dForwardDirect', forwardBiasIo, forwardWgsl, true);
export const conv2dForwardBias = fwd('conv2d.forwardBias', 'conv2dForward', forwardBiasIo, forwardWgsl, true);
export const conv2dForwardSubgroupBias = fwd('conv2d.forwardSubgroupBias', 'conv2dForwardSubgroup', [forwardX4, forwardOutBias], forwardSubgroupWgsl, true, ['subgroups']);
/** The subgroup forward reading x as scalars: any cinG (RGB and grey stems), coutG a multiple of 4. */
export const conv2dForwardSubgroupX1 = fwd('conv2d.forwardSubgroupX1', 'conv2dForwardSubgroup', [forwardX1, forwardOut], forwardSubgroupWgsl, false, ['subgroups']);
export const conv2dForwardSubgroupX1Bias = fwd('conv2d.forwardSubgroupX1Bias', 'conv2dForwardSubgroup', [forwardX1, forwardOutBias], forwardSubgroupWgsl, true, ['subgroups']);
export const conv2dForwardVec4Bias = fwd('conv2d.forwardVec4Bias', 'conv2dForwardVec4', [forwardX4, forwardOutBias], forwardVec4Wgsl, true);
export const conv2dForwardTiledBias = fwd('conv2d.forwardTiledBias', 'conv2dForwardTiled', forwardBiasIo, forwardWgsl, true);

const bwd = (label: string, entryPoint: string, body: string, inputs: string[], output: string, enables?: string[]) => defineKernel<Conv2dConstants, Conv2dParams>({
  label, wgsl: [commonWgsl, body], entryPoint, inputs, outputs: [output], params: CONV2D_PARAMS, ...(enables ? { enables } : {}),
});

/** gx = conv2d's input gradient (conv2dTranspose's forward), one element per invocation. */
export const conv2dBackwardInputDirect = bwd('conv2d.backwardInputDirect', 'conv2dBackwardInputDirect', backwardInputWgsl, ['gy', 'w'], 'gx');
/** gx = conv2d's input gradient, 4 pixels × 4 channels per invocation. */
export const conv2dBackwardInput = bwd('conv2d.backwardInput', 'conv2dBackwardInput', backwardInputWgsl, ['gy', 'w'], 'gx');
/** gw = conv2d's filter gradient, one element per invocation, reducing over batch and space. */
export const conv2dBackwardFilterDirect = bwd('conv2d.backwardFilterDirect', 'conv2dBackwardFilterDirect', backwardFilterWgsl, ['x', 'gy'], 'gw');
/** gw = conv2d's filter gradient, 4 in × 4 out channels of one tap per invocation. */
export const conv2dBackwardFilter = bwd('conv2d.backwardFilter', 'conv2dBackwardFilter', backwardFilterWgsl, ['x', 'gy'], 'gw');
/** gx = conv2d's input gradient, 4 pixels × 8 channels per invocation over vec4 views (cinG, coutG multiples of 4). */
export const conv2dBackwardInputVec4 = bwd('conv2d.backwardInputVec4', 'conv2dBackwardInputVec4', backwardInputVec4Wgsl, ['gy', 'w'], 'gx');
/** gx = conv2d's input gradient, 4 pixels × 16 channels per invocation, filter rows shared through subgroup broadcasts (CPU adapters; cinG, coutG multiples of 4). */
export const conv2dBackwardInputSubgroup = bwd('conv2d.backwardInputSubgroup', 'conv2dBackwardInputSubgroup', backwardInputSubgroupWgsl, ['gy', 'w'], 'gx', ['subgroups']);
/** gw = conv2d's filter gradient for few input channels per group (cinG < 4): a workgroup per tap row, channel and 16 filters, its lanes splitting the pixels, summed by subgroupAdd (CPU adapters). */
export const conv2dBackwardFilterSubgroup = bwd('conv2d.backwardFilterSubgroup', 'conv2dBackwardFilterSubgroup', backwardFilterSubgroupWgsl, ['x', 'gy'], 'gw', ['subgroups']);
/** gw = conv2d's filter gradient, 8 in × 8 out channels of one tap per invocation over vec4 views (cinG, coutG multiples of 4). */
export const conv2dBackwardFilterVec4 = bwd('conv2d.backwardFilterVec4', 'conv2dBackwardFilterVec4', backwardFilterVec4Wgsl, ['x', 'gy'], 'gw');

/** Padding: Keras/TF 'same' (extra row/column at the bottom/right) and 'valid', or explicit [top, bottom, left, right]. */
export type Conv2dPadding = 'same' | 'valid' | readonly [number, number, number, number];

export interface Conv2dOptions {
  readonly strides?: number | readonly [number, number];
  readonly padding?: Conv2dPadding;
  readonly dilation?: number | readonly [number, number];
  readonly groups?: number;
  readonly activation?: Activation;
  /** leakyRelu's slope. */
  readonly alpha?: number;
}

/**
 * Everything about one convolution, computed once: x [batch, inH, inW, inC] NHWC,
 * w [kh, kw, inC / groups, outC] HWIO, y [batch, outH, outW, outC].
 */
export interface Conv2dGeometry {
  readonly batch: number;
  readonly inH: number;
  readonly inW: number;
  readonly inC: number;
  readonly outH: number;
  readonly outW: number;
  readonly outC: number;
  readonly kh: number;
  readonly kw: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly dilationH: number;
  readonly dilationW: number;
  readonly padTop: number;
  readonly padBottom: number;
  readonly padLeft: number;
  readonly padRight: number;
  readonly groups: number;
  /** Input channels per group (the filter's third axis). */
  readonly cinG: number;
  /** Output channels per group. */
  readonly coutG: number;
  readonly activation: Activation;
  readonly alpha: number;
}

function pair(v: number | readonly [number, number] | undefined, what: string, where: string): [number, number] {
  const p: [number, number] = v === undefined ? [1, 1] : typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!p.every((d) => Number.isInteger(d) && d >= 1)) throw new ShapeError(where, `${what} must be positive integers (got ${JSON.stringify(v)})`);
  return p;
}

/** Output length and the padding before/after along one axis (Keras/TF semantics). */
function axis(size: number, k: number, stride: number, dilation: number, padding: Conv2dPadding, before: number, after: number): [number, number, number] {
  const dk = (k - 1) * dilation + 1;
  if (padding === 'same') {
    const out = Math.ceil(size / stride);
    const total = Math.max((out - 1) * stride + dk - size, 0);
    return [out, Math.floor(total / 2), total - Math.floor(total / 2)];
  }
  if (padding === 'valid') return [Math.floor((size - dk) / stride) + 1, 0, 0];
  return [Math.floor((size + before + after - dk) / stride) + 1, before, after];
}

/**
 * Validates a convolution and computes its geometry. `where` names the op and layer in errors,
 * e.g. `conv2d (block1.conv)`.
 */
export function conv2dGeometry(inputShape: Shape, filterShape: Shape, options: Conv2dOptions = {}, where = 'conv2d'): Conv2dGeometry {
  if (inputShape.length !== 4) throw new ShapeError(where, `input must be NHWC [batch, height, width, channels] (got ${shapeString(inputShape)})`);
  if (filterShape.length !== 4) throw new ShapeError(where, `filter must be HWIO [kh, kw, inChannels / groups, filters] (got ${shapeString(filterShape)})`);
  const [batch, inH, inW, inC] = inputShape;
  const [kh, kw, cinG, outC] = filterShape;
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new ShapeError(where, `groups must be a positive integer (got ${groups})`);
  if (cinG * groups !== inC) {
    throw new ShapeError(where, `input channels (${inC}) must equal filter in-channels × groups (${cinG} × ${groups}); input ${shapeString(inputShape)}, filter ${shapeString(filterShape)}`,
      'filters are HWIO: [kh, kw, inChannels / groups, filters]');
  }
  if (outC % groups !== 0) throw new ShapeError(where, `filters (${outC}) must be divisible by groups (${groups}); filter ${shapeString(filterShape)}`);
  const [strideH, strideW] = pair(options.strides, 'strides', where);
  const [dilationH, dilationW] = pair(options.dilation, 'dilation', where);
  const padding = options.padding ?? 'valid';
  if (typeof padding !== 'string' && (padding.length !== 4 || !padding.every((p) => Number.isInteger(p) && p >= 0))) {
    throw new ShapeError(where, `explicit padding must be 4 non-negative integers [top, bottom, left, right] (got ${JSON.stringify(padding)})`);
  }
  const explicit = typeof padding === 'string' ? [0, 0, 0, 0] : padding;
  const [outH, padTop, padBottom] = axis(inH, kh, strideH, dilationH, padding, explicit[0], explicit[1]);
  const [outW, padLeft, padRight] = axis(inW, kw, strideW, dilationW, padding, explicit[2], explicit[3]);
  if (outH < 1 || outW < 1) {
    throw new ShapeError(where, `output would be empty (${outH}×${outW}): input ${shapeString(inputShape)}, filter ${shapeString(filterShape)}, dilation ${dilationH}×${dilationW}, padding ${JSON.stringify(padding)}`,
      "use padding 'same' or a smaller kernel");
  }
  return {
    batch, inH, inW, inC, outH, outW, outC, kh, kw, strideH, strideW, dilationH, dilationW,
    padTop, padBottom, padLeft, padRight, groups, cinG, coutG: outC / groups,
    activation: options.activation ?? 'linear', alpha: options.alpha ?? 0.2,
  };
}

/** The explicit [top, bottom, left, right] padding of a geometry, for backward ops. */
export function explicitPadding(g: Conv2dGeometry): [number, number, number, number] {
  return [g.padTop, g.padBottom, g.padLeft, g.padRight];
}

export type Conv2dPass = 'forward' | 'backwardInput' | 'backwardFilter';

/**
 * Variants, simple to fast: `direct` (one output per invocation), `blocked` (4×4 register blocks,
 * no workgroup memory: CPU adapters), `vec4` (register blocks with vec4 loads over channels, every
 * pass; cinG and coutG multiples of 4), `subgroup` (forward: vec4 output channels with filter
 * values shared across lanes by subgroup broadcasts; coutG a multiple of 4, x read as vec4 when
 * cinG is one too and as scalars otherwise; subgroups of ≥ 8 lanes), `tiled` (workgroup-memory
 * tiles: GPUs; forward only), and `matmul` (a 1×1 stride-1 unpadded ungrouped convolution is a
 * plain product [N·H·W, C]·[C, K]).
 */
export type Conv2dVariant = 'direct' | 'blocked' | 'vec4' | 'subgroup' | 'tiled' | 'matmul';

/** Whether the convolution is a plain matrix product of NHWC rows (src/kernels/matmul.ts). */
export function isPointwise(g: Conv2dGeometry): boolean {
  return g.kh === 1 && g.kw === 1 && g.strideH === 1 && g.strideW === 1 && g.groups === 1
    && g.padTop === 0 && g.padBottom === 0 && g.padLeft === 0 && g.padRight === 0;
}

/** Whether the vec4 variants apply: channels per group (in and out) multiples of 4. */
export function vec4Fits(g: Conv2dGeometry): boolean {
  return g.cinG % 4 === 0 && g.coutG % 4 === 0;
}

/** Widest kernel the subgroup filter gradient holds a row of taps for (MAX_KW in its shader). */
export const MAX_SUBGROUP_FILTER_KW = 7;

/** Whether the subgroup filter gradient applies: few input channels per group (< 4), coutG a multiple of 4, kw ≤ 7. */
export function stemFilterFits(g: Conv2dGeometry): boolean {
  return g.cinG < 4 && g.coutG % 4 === 0 && g.kw <= MAX_SUBGROUP_FILTER_KW;
}

/** The variants that can run a pass of a geometry on a device (all but `direct` may be missing). */
export function conv2dVariants(g: Conv2dGeometry, pass: Conv2dPass, caps: DeviceCaps): Conv2dVariant[] {
  const out: Conv2dVariant[] = ['direct', 'blocked'];
  if (vec4Fits(g)) out.push('vec4');
  if (g.coutG % 4 === 0 && pass === 'forward' && subgroupsFit(caps)) out.push('subgroup');
  if (vec4Fits(g) && pass === 'backwardInput' && subgroupsFit(caps)) out.push('subgroup');
  if (pass === 'backwardFilter' && stemFilterFits(g) && subgroupsFit(caps)) out.push('subgroup');
  if (pass === 'forward') out.push('tiled');
  if (isPointwise(g)) out.push('matmul');
  return out;
}

/**
 * Picks the variant of one pass. On CPU adapters (lavapipe, llvmpipe) workgroup memory and
 * barriers cost more than they save, and every storage load with a computed offset is a per-lane
 * gather whatever its width, so register blocks win: with subgroups of ≥ 8 lanes the subgroup
 * kernels (values every lane needs are loaded once per subgroup and broadcast, a register
 * shuffle) for the forward pass, the input gradient and stems' filter gradient; otherwise vec4
 * loads where channel counts per group allow. Pointwise convolutions are matmuls (the subgroup
 * matmul there when channels are multiples of 4, measured as fast or faster than the subgroup
 * convolution with a 1×1 window). GPUs take the workgroup-memory tiles for the forward pass
 * and register blocks backward. A tiny output (fewer than 4 rows and 4 columns of the implicit
 * GEMM) goes direct.
 */
export function chooseConv2d(g: Conv2dGeometry, caps: DeviceCaps, pass: Conv2dPass = 'forward'): Conv2dVariant {
  const cpuSubgroups = caps.software && subgroupsFit(caps);
  if (isPointwise(g) && cpuSubgroups && vec4Fits(g)) return 'matmul';
  if (cpuSubgroups && pass === 'forward' && g.coutG % 4 === 0) return 'subgroup';
  if (cpuSubgroups && pass === 'backwardInput' && vec4Fits(g)) return 'subgroup';
  if (cpuSubgroups && pass === 'backwardFilter' && stemFilterFits(g)) return 'subgroup';
  if (isPointwise(g)) return 'matmul';
  const [rows, cols] = pass === 'forward' ? [g.batch * g.outH * g.outW, g.coutG]
    : pass === 'backwardInput' ? [g.batch * g.inH * g.inW, g.cinG] : [g.kh * g.kw * g.cinG, g.coutG];
  if (rows < 4 && cols < 4) return 'direct';
  if (pass !== 'forward') return caps.software && vec4Fits(g) ? 'vec4' : 'blocked';
  if (!caps.software && rows >= 32 && cols >= 32) return 'tiled';
  return vec4Fits(g) ? 'vec4' : 'blocked';
}

const WG_X = 16;
const WG_Y = 8;

function params(g: Conv2dGeometry) {
  return {
    batch: g.batch, inH: g.inH, inW: g.inW, inC: g.inC, outH: g.outH, outW: g.outW, outC: g.outC, groups: g.groups,
    kh: g.kh, kw: g.kw, strideH: g.strideH, strideW: g.strideW, dilationH: g.dilationH, dilationW: g.dilationW,
    padTop: g.padTop, padLeft: g.padLeft, cinG: g.cinG, coutG: g.coutG, alpha: g.alpha,
  };
}

/** Plans one pass of a convolution with a WGSL conv2d kernel (every variant but `matmul`). */
export function planConv2d(g: Conv2dGeometry, caps: DeviceCaps, pass: Conv2dPass, variant: Exclude<Conv2dVariant, 'matmul'>): Plan<Conv2dConstants, Conv2dParams> {
  const block = variant === 'direct' ? 1 : 4;
  // The filter gradient's lanes split the output pixels (64 of them; its workgroup memory holds 64 / 8 subgroups).
  const subgroupWg = pass === 'backwardFilter' ? 64
    : subgroupWorkgroup(pass === 'forward' ? g.batch * g.outH * g.outW : g.batch * Math.ceil(g.inH / g.strideH) * Math.ceil(g.inW / g.strideW));
  let workgroups: [number, number, number];
  if (variant === 'tiled') {
    workgroups = [Math.ceil(g.coutG / 64), Math.ceil((g.batch * g.outH * g.outW) / 32), g.groups];
  } else if (variant === 'subgroup' && pass === 'forward') {
    workgroups = [Math.ceil((g.batch * g.outH * g.outW) / (subgroupWg * 4)), Math.ceil(g.coutG / 16), g.groups];
  } else if (variant === 'subgroup' && pass === 'backwardInput') {
    // One stride class (h mod sh, w mod sw) per z slice; the largest class sizes x.
    const classPixels = g.batch * Math.ceil(g.inH / g.strideH) * Math.ceil(g.inW / g.strideW);
    workgroups = [Math.ceil(classPixels / (subgroupWg * 4)), Math.ceil(g.cinG / 16), g.groups * g.strideH * g.strideW];
  } else if (variant === 'subgroup') {
    workgroups = [Math.ceil(g.coutG / 16), g.cinG * g.kh, g.groups];
  } else if (pass === 'forward') {
    workgroups = [Math.ceil(g.coutG / (WG_X * block)), Math.ceil((g.batch * g.outH * g.outW) / (WG_Y * block)), g.groups];
  } else if (pass === 'backwardInput') {
    workgroups = [Math.ceil(g.cinG / (WG_X * (variant === 'vec4' ? 8 : block))), Math.ceil((g.batch * g.inH * g.inW) / (WG_Y * block)), g.groups];
  } else if (variant === 'vec4') {
    const blocks = g.kh * g.kw * Math.ceil(g.cinG / 8) * Math.ceil(g.coutG / 8);
    workgroups = [Math.ceil(blocks / (WG_X * WG_Y)), 1, g.groups];
  } else {
    const rows = variant === 'direct' ? g.kh * g.kw * g.cinG : g.kh * g.kw * Math.ceil(g.cinG / 4);
    workgroups = [Math.ceil(g.coutG / (WG_X * block)), Math.ceil(rows / WG_Y), g.groups];
  }
  checkGrid(workgroups, caps, `conv2d ${pass}`);
  const wg = variant === 'subgroup' ? { WG_X: subgroupWg, WG_Y: 1 } : { WG_X, WG_Y };
  return { constants: { ...wg, ACTIVATION: ACTIVATIONS[g.activation] }, params: params(g), workgroups };
}

const FORWARD: Record<Exclude<Conv2dVariant, 'matmul'>, [Kernel, Kernel]> = {
  direct: [conv2dForwardDirect, conv2dForwardDirectBias],
  blocked: [conv2dForward, conv2dForwardBias],
  vec4: [conv2dForwardVec4, conv2dForwardVec4Bias],
  subgroup: [conv2dForwardSubgroup, conv2dForwardSubgroupBias],
  tiled: [conv2dForwardTiled, conv2dForwardTiledBias],
};

const BACKWARD: Record<Exclude<Conv2dPass, 'forward'>, Partial<Record<'direct' | 'blocked' | 'vec4' | 'subgroup', Kernel>>> = {
  backwardInput: { direct: conv2dBackwardInputDirect, blocked: conv2dBackwardInput, vec4: conv2dBackwardInputVec4, subgroup: conv2dBackwardInputSubgroup },
  backwardFilter: { direct: conv2dBackwardFilterDirect, blocked: conv2dBackwardFilter, vec4: conv2dBackwardFilterVec4, subgroup: conv2dBackwardFilterSubgroup },
};

/** One dispatch of a convolution pass: kernel and plan. Tensors bind in the order of the pass's kernels. */
export interface Conv2dDispatch {
  readonly kernel: Kernel;
  readonly plan: Plan;
  readonly variant: Conv2dVariant;
}

/**
 * The dispatch of one pass. Tensors bind as: forward [x, w, (b), y]; backwardInput [gy, w, gx];
 * backwardFilter [x, gy, gw] (the matmul variant reads the same buffers as [N·H·W, C] matrices).
 */
export function conv2dDispatch(g: Conv2dGeometry, caps: DeviceCaps, pass: Conv2dPass, hasBias = false, variant = chooseConv2d(g, caps, pass)): Conv2dDispatch {
  if (!conv2dVariants(g, pass, caps).includes(variant)) throw new Error(`conv2d: variant ${variant} cannot run ${pass} of this geometry`);
  if (pass !== 'forward' && (hasBias || g.activation !== 'linear')) throw new Error(`conv2d ${pass}: no bias or activation epilogue`);
  if (variant === 'matmul') {
    const rows = g.batch * g.inH * g.inW;
    const base = { batch: 1, transA: false, transB: false, activation: g.activation, alpha: g.alpha };
    const mg = pass === 'forward' ? { ...base, m: rows, n: g.outC, k: g.inC }
      : pass === 'backwardInput' ? { ...base, m: rows, n: g.inC, k: g.outC, transB: true }
        : { ...base, m: g.inC, n: g.outC, k: rows, transA: true };
    const md = matmulDispatch(mg, caps, hasBias);
    return { kernel: md.kernel, plan: md.plan, variant };
  }
  const plan = planConv2d(g, caps, pass, variant);
  const kernel = pass === 'forward' && variant === 'subgroup' && !vec4Fits(g) ? (hasBias ? conv2dForwardSubgroupX1Bias : conv2dForwardSubgroupX1)
    : pass === 'forward' ? FORWARD[variant][hasBias ? 1 : 0] : BACKWARD[pass][variant as Exclude<typeof variant, 'tiled'>]!;
  return { kernel, plan, variant };
}
