import activationWgsl from '../../shaders/common/activation.wgsl';
import gridWgsl from '../../shaders/common/grid.wgsl';
import conv2dCommonWgsl from '../../shaders/conv2d/common.wgsl';
import depthwiseCommonWgsl from '../../shaders/depthwise-conv2d/common.wgsl';
import conv2dForwardWgsl from '../../shaders/f16/conv2d-forward.wgsl';
import conv2dForwardIo from '../../shaders/f16/conv2d-forward-io.wgsl';
import conv2dForwardBiasIo from '../../shaders/f16/conv2d-forward-bias-io.wgsl';
import depthwiseForwardWgsl from '../../shaders/f16/depthwise-forward.wgsl';
import depthwiseForwardBindings from '../../shaders/f16/depthwise-forward-bindings.wgsl';
import depthwiseForwardBiasBindings from '../../shaders/f16/depthwise-forward-bias-bindings.wgsl';
import matmulCoreWgsl from '../../shaders/f16/matmul-core.wgsl';
import matmulForwardWgsl from '../../shaders/f16/matmul-forward.wgsl';
import matmulForwardIo from '../../shaders/f16/matmul-forward-io.wgsl';
import matmulForwardBiasIo from '../../shaders/f16/matmul-forward-bias-io.wgsl';
import type { DeviceCaps } from '../gpu/caps.js';
import { LimitError, UnsupportedOpError } from '../errors.js';
import { ACTIVATIONS, type Activation } from './activation.js';
import { conv2dDispatch, isPointwise, planConv2d, type Conv2dConstants, type Conv2dGeometry, type Conv2dVariant } from './conv2d.js';
import {
  chooseDepthwiseConv2d, planDepthwiseConv2dForward,
  type DepthwiseConstants, type DepthwiseConv2dGeometry, type DepthwiseForwardVariant, type DepthwiseParams,
} from './depthwise-conv2d.js';
import { checkGrid, defineKernel, DTYPE_BYTES, type DType, type Kernel, type Plan } from './kernel.js';
import {
  matmul as matmulF32, matmulBias as matmulBiasF32, matmulDirect as matmulDirectF32, planMatmul, type MatmulConstants, type MatmulGeometry, type MatmulVariant,
} from './matmul.js';

// Half-precision forward kernels: conv2d, depthwise conv2d and pointwise (matmul), f16 storage and
// f32 accumulation. Their WGSL (shaders/f16/) is dtype-generic: storage is `array<scalar>`, every
// load is `f32(…)` and every store `scalar(…)`, so the same source with the f32 prelude is an f32
// kernel. They reuse the f32 families' index helpers (conv2d/common.wgsl,
// depthwise-conv2d/common.wgsl), uniform blocks and planners; only the bindings and bodies are
// separate, so they can later replace the f32 scalar variants outright.

/** The storage precision a kernel runs at. Accumulation is always f32. */
export type Precision = 'f32' | 'f16';

/** What to do with an f16 request on a device without `shader-f16`. */
export type MissingF16 = 'error' | 'f32';

/**
 * Picks the storage precision of a float op: f16 exactly when the tensors are f16 and the device
 * has `shader-f16`; f32 for f32 tensors. An f16 request on a device without the feature throws an
 * UnsupportedOpError naming `where` (the op and layer), unless `onMissing` is `'f32'`, which falls
 * back to f32 storage (the caller then allocates f32 tensors). Integer dtypes are not float ops.
 */
export function choosePrecision(dtype: DType, caps: DeviceCaps, where: string, onMissing: MissingF16 = 'error'): Precision {
  if (dtype === 'f32') return 'f32';
  if (dtype !== 'f16') {
    throw new UnsupportedOpError(where, `no ${dtype} kernel (expected f32 or f16, got ${dtype})`);
  }
  if (caps.f16) return 'f16';
  if (onMissing === 'f32') return 'f32';
  throw new UnsupportedOpError(where, "f16 tensors need the device feature 'shader-f16' (expected caps.f16 true, got false)",
    "use f32 tensors, allow the f32 fallback, or request an adapter with 'shader-f16' (compatibility-mode devices lack it)");
}

/**
 * Bytes of a storage binding for `elements` values of `precision`: WebGPU binding sizes are
 * multiples of 4, so an odd count of halves is padded by one (never read or written).
 */
export function storageBytes(elements: number, precision: Precision): number {
  return Math.max(4, Math.ceil((elements * DTYPE_BYTES[precision]) / 4) * 4);
}

function checkBinding(elements: number, precision: Precision, caps: DeviceCaps, where: string): void {
  const bytes = storageBytes(elements, precision);
  if (bytes > caps.limits.maxStorageBufferBindingSize) {
    throw new LimitError(where, `${elements} ${precision} elements (${bytes} bytes) exceed maxStorageBufferBindingSize (${caps.limits.maxStorageBufferBindingSize})`);
  }
}

// ---- conv2d ------------------------------------------------------------------------------------

const conv2dParamsOf = {
  batch: 'u32', inH: 'u32', inW: 'u32', inC: 'u32', outH: 'u32', outW: 'u32', outC: 'u32', groups: 'u32',
  kh: 'u32', kw: 'u32', strideH: 'u32', strideW: 'u32', dilationH: 'u32', dilationW: 'u32', padTop: 'u32', padLeft: 'u32',
  cinG: 'u32', coutG: 'u32', alpha: 'f32',
} as const;

const conv2d = (label: string, entryPoint: string, io: string, bias: boolean) => defineKernel<Conv2dConstants, typeof conv2dParamsOf>({
  label, wgsl: [activationWgsl, conv2dCommonWgsl, io, conv2dForwardWgsl], entryPoint,
  inputs: bias ? ['x', 'w', 'b'] : ['x', 'w'], outputs: ['y'], params: conv2dParamsOf,
});

/** y = activation(conv2d(x, w)), `scalar` storage, f32 sums, one output per invocation. Bindings: x, w, y. */
export const conv2dForwardDirectF16 = conv2d('conv2d.forwardDirectF16', 'conv2dForwardDirect', conv2dForwardIo, false);
/** y = activation(conv2d(x, w)), `scalar` storage, f32 sums, 4 pixels × 4 channels per invocation. Bindings: x, w, y. */
export const conv2dForwardF16 = conv2d('conv2d.forwardF16', 'conv2dForward', conv2dForwardIo, false);
/** As {@link conv2dForwardDirectF16} with a fused bias. Bindings: x, w, b, y. */
export const conv2dForwardDirectBiasF16 = conv2d('conv2d.forwardDirectBiasF16', 'conv2dForwardDirect', conv2dForwardBiasIo, true);
/** As {@link conv2dForwardF16} with a fused bias. Bindings: x, w, b, y. */
export const conv2dForwardBiasF16 = conv2d('conv2d.forwardBiasF16', 'conv2dForward', conv2dForwardBiasIo, true);

/** The half-precision conv2d forward variants: direct, 4×4 register blocks, or a pointwise matmul. */
export type Conv2dF16Variant = Extract<Conv2dVariant, 'direct' | 'blocked' | 'matmul'>;

/**
 * Picks the f16 forward variant: pointwise convolutions are matmuls, a tiny output (under 4 rows
 * and 4 columns of the implicit GEMM) goes direct, everything else takes the register blocks.
 */
export function chooseConv2dF16(g: Conv2dGeometry, caps: DeviceCaps): Conv2dF16Variant {
  void caps;
  if (isPointwise(g)) return 'matmul';
  return g.batch * g.outH * g.outW < 4 && g.coutG < 4 ? 'direct' : 'blocked';
}

// ---- matmul ------------------------------------------------------------------------------------

const matmulParamsOf = { m: 'u32', n: 'u32', k: 'u32', strideA: 'u32', strideB: 'u32', strideC: 'u32', alpha: 'f32' } as const;

const matmul = (label: string, entryPoint: string, io: string, bias: boolean) => defineKernel<MatmulConstants, typeof matmulParamsOf>({
  label, wgsl: [activationWgsl, matmulCoreWgsl, io, matmulForwardWgsl], entryPoint,
  inputs: bias ? ['a', 'b', 'bias'] : ['a', 'b'], outputs: ['c'], params: matmulParamsOf,
});

/** C = activation(A·B), `scalar` storage, f32 sums, one element per invocation. Bindings: a, b, c. */
export const matmulDirectF16 = matmul('matmul.directF16', 'matmulDirectForward', matmulForwardIo, false);
/** C = activation(A·B), `scalar` storage, f32 sums, a 4×4 register block per invocation. Bindings: a, b, c. */
export const matmulF16 = matmul('matmul.forwardF16', 'matmulForward', matmulForwardIo, false);
/** C = activation(A·B + bias), one element per invocation. Bindings: a, b, bias, c. */
export const matmulDirectBiasF16 = matmul('matmul.directBiasF16', 'matmulDirectForward', matmulForwardBiasIo, true);
/** C = activation(A·B + bias), a 4×4 register block per invocation. Bindings: a, b, bias, c. */
export const matmulBiasF16 = matmul('matmul.forwardBiasF16', 'matmulForward', matmulForwardBiasIo, true);

// ---- depthwise ---------------------------------------------------------------------------------

const depthwise = (label: string, entryPoint: string, bindings: string, bias: boolean) => defineKernel<DepthwiseConstants, DepthwiseParams>({
  label, wgsl: [gridWgsl, activationWgsl, depthwiseCommonWgsl, bindings, depthwiseForwardWgsl], entryPoint,
  inputs: bias ? ['x', 'w', 'b'] : ['x', 'w'], outputs: ['y'],
  params: {
    batch: 'u32', inH: 'u32', inW: 'u32', inC: 'u32', outH: 'u32', outW: 'u32', outC: 'u32', multiplier: 'u32',
    kernelH: 'u32', kernelW: 'u32', strideH: 'u32', strideW: 'u32', dilationH: 'u32', dilationW: 'u32', padTop: 'u32', padLeft: 'u32',
    rowsPerChunk: 'u32', count: 'u32', alpha: 'f32',
  },
});

/** y = act(depthwise(x, w)), `scalar` storage, f32 sums, one output per invocation. Bindings: x, w, y. */
export const depthwiseConv2dForwardDirectF16 = depthwise('depthwiseConv2d.forwardDirectF16', 'depthwiseConv2dForwardDirect', depthwiseForwardBindings, false);
/** As {@link depthwiseConv2dForwardDirectF16} with a fused bias. Bindings: x, w, b, y. */
export const depthwiseConv2dForwardDirectBiasF16 = depthwise('depthwiseConv2d.forwardDirectBiasF16', 'depthwiseConv2dForwardDirect', depthwiseForwardBiasBindings, true);
/** Four output columns of one channel per invocation, taps unrolled. Bindings: x, w, y. */
export const depthwiseConv2dForwardTiledF16 = depthwise('depthwiseConv2d.forwardTiledF16', 'depthwiseConv2dForwardTiled', depthwiseForwardBindings, false);
/** As {@link depthwiseConv2dForwardTiledF16} with a fused bias. Bindings: x, w, b, y. */
export const depthwiseConv2dForwardTiledBiasF16 = depthwise('depthwiseConv2d.forwardTiledBiasF16', 'depthwiseConv2dForwardTiled', depthwiseForwardBiasBindings, true);

/** The f16 depthwise forward variants (no vec4 or subgroup form yet: `vec4<f16>` loads are a later step). */
export type DepthwiseF16Variant = Exclude<DepthwiseForwardVariant, 'vec4' | 'subgroup'>;

/** Picks the f16 depthwise forward variant: the f32 choice, with vec4 and subgroup served by the tiled kernel. */
export function chooseDepthwiseConv2dF16(g: DepthwiseConv2dGeometry, caps: DeviceCaps): DepthwiseF16Variant {
  const f32 = chooseDepthwiseConv2d(g, caps).forward;
  return f32 === 'vec4' || f32 === 'subgroup' ? 'tiled' : f32;
}

// ---- precision-aware dispatches ----------------------------------------------------------------

/** One forward dispatch at a chosen precision: bind tensors allocated with {@link storageBytes}. */
export interface PrecisionDispatch {
  readonly kernel: Kernel;
  readonly plan: Plan;
  readonly variant: string;
  /** The prelude to compile with (`kernelPipeline(gpu, kernel, constants, precision)`, `runKernel(…, { dtype })`). */
  readonly precision: Precision;
}

/** Options of the precision-aware forward dispatches. */
export interface PrecisionOptions {
  /** The tensors' element type. */
  readonly dtype: DType;
  /** A fused bias (bound before the output). */
  readonly bias?: boolean;
  /** What an f16 request does on a device without `shader-f16` (default: throw). */
  readonly onMissing?: MissingF16;
  /** The op and layer named in errors. */
  readonly where?: string;
}

/**
 * conv2d forward at the precision {@link choosePrecision} picks: the f32 kernels of
 * src/kernels/conv2d.ts, or the f16 ones (a pointwise convolution as the f16 matmul). Tensors bind
 * as x, w, [b,] y.
 */
export function conv2dForwardDispatch(g: Conv2dGeometry, caps: DeviceCaps, options: PrecisionOptions & { variant?: Conv2dF16Variant }): PrecisionDispatch {
  const where = options.where ?? 'conv2d';
  const precision = choosePrecision(options.dtype, caps, where, options.onMissing);
  const bias = options.bias ?? false;
  if (precision === 'f32') return { ...conv2dDispatch(g, caps, 'forward', bias), precision };
  [g.batch * g.inH * g.inW * g.inC, g.kh * g.kw * g.cinG * g.outC, g.batch * g.outH * g.outW * g.outC]
    .forEach((n) => checkBinding(n, precision, caps, where));
  const variant = options.variant ?? chooseConv2dF16(g, caps);
  if (variant === 'matmul') {
    if (!isPointwise(g)) throw new Error(`${where}: variant matmul needs a pointwise convolution`);
    const mg: MatmulGeometry = { m: g.batch * g.inH * g.inW, n: g.outC, k: g.inC, batch: 1, transA: false, transB: false, activation: g.activation, alpha: g.alpha };
    return { ...matmulForwardDispatch(mg, caps, { dtype: options.dtype, bias, onMissing: options.onMissing, where }), variant };
  }
  const kernel = variant === 'direct' ? (bias ? conv2dForwardDirectBiasF16 : conv2dForwardDirectF16) : (bias ? conv2dForwardBiasF16 : conv2dForwardF16);
  return { kernel, plan: planConv2d(g, caps, 'forward', variant), variant, precision };
}

/** The scalar matmul variants (the f16 kernels and the f32 fallback here). */
export type MatmulF16Variant = Extract<MatmulVariant, 'direct' | 'blocked'>;

/**
 * Picks the f16 matmul variant: a single row with fewer than 4 columns goes direct (a 4×4 block
 * would waste 15/16 of its invocations), everything else takes the register blocks. Owned here
 * rather than delegated to chooseMatmul, whose f32 choice may name kernels with no f16 form.
 */
export function chooseMatmulF16(g: MatmulGeometry, caps: DeviceCaps): MatmulF16Variant {
  void caps;
  return g.m === 1 && g.n < 4 ? 'direct' : 'blocked';
}

/**
 * Plans the f16 matmul kernels: 16×8 invocations, one element (direct) or a 4×4 block (blocked)
 * each. The same grid and uniforms as planMatmul's scalar variants, kept here so the f16 kernels
 * do not follow changes to the f32 planner that they do not share.
 */
export function planMatmulF16(g: MatmulGeometry, caps: DeviceCaps, variant: MatmulF16Variant): Plan<MatmulConstants, typeof matmulParamsOf> {
  const [wgX, wgY, block] = [16, 8, variant === 'blocked' ? 4 : 1];
  const workgroups: [number, number, number] = [Math.ceil(g.n / (wgX * block)), Math.ceil(g.m / (wgY * block)), g.batch];
  checkGrid(workgroups, caps, 'matmul');
  return {
    constants: { WG_X: wgX, WG_Y: wgY, TRANS_A: g.transA, TRANS_B: g.transB, ACTIVATION: ACTIVATIONS[g.activation] },
    params: { m: g.m, n: g.n, k: g.k, strideA: g.m * g.k, strideB: g.k * g.n, strideC: g.m * g.n, alpha: g.alpha },
    workgroups,
  };
}

/**
 * C = activation(A·B [+ bias]) at the precision {@link choosePrecision} picks. Both precisions run
 * the scalar kernels (direct or 4×4 blocks, planned by planMatmul with an explicit variant), the
 * f32 ones from src/kernels/matmul.ts; f32 with a bias always takes the register blocks (there is
 * no f32 direct-with-bias kernel). Tensors bind as a, b, [bias,] c.
 */
export function matmulForwardDispatch(g: MatmulGeometry, caps: DeviceCaps, options: PrecisionOptions & { variant?: MatmulF16Variant }): PrecisionDispatch {
  const where = options.where ?? 'matmul';
  const precision = choosePrecision(options.dtype, caps, where, options.onMissing);
  const bias = options.bias ?? false;
  const chosen = options.variant ?? chooseMatmulF16(g, caps);
  if (precision === 'f32') {
    const variant: MatmulF16Variant = bias ? 'blocked' : chosen;
    return { kernel: bias ? matmulBiasF32 : variant === 'direct' ? matmulDirectF32 : matmulF32, plan: planMatmul(g, caps, variant), variant, precision };
  }
  [g.batch * g.m * g.k, g.batch * g.k * g.n, g.batch * g.m * g.n].forEach((n) => checkBinding(n, precision, caps, where));
  const kernel = chosen === 'direct' ? (bias ? matmulDirectBiasF16 : matmulDirectF16) : (bias ? matmulBiasF16 : matmulF16);
  return { kernel, plan: planMatmulF16(g, caps, chosen), variant: chosen, precision };
}

/**
 * Depthwise conv2d forward at the precision {@link choosePrecision} picks: the f32 kernels of
 * src/kernels/depthwise-conv2d.ts, or the f16 direct/tiled ones (planned by the same planner).
 * Tensors bind as x, w, [b,] y.
 */
export function depthwiseConv2dForwardDispatch(
  g: DepthwiseConv2dGeometry, caps: DeviceCaps,
  options: PrecisionOptions & { activation?: Activation; alpha?: number; variant?: DepthwiseF16Variant },
): PrecisionDispatch {
  const where = options.where ?? 'depthwiseConv2d';
  const precision = choosePrecision(options.dtype, caps, where, options.onMissing);
  const bias = options.bias ?? false;
  const common = { bias, activation: options.activation, alpha: options.alpha };
  if (precision === 'f32') {
    const variant = chooseDepthwiseConv2d(g, caps).forward;
    const { kernel, ...plan } = planDepthwiseConv2dForward(g, caps, { ...common, variant });
    return { kernel, plan, variant, precision };
  }
  const variant = options.variant ?? chooseDepthwiseConv2dF16(g, caps);
  const { kernel: f32Kernel, ...plan } = planDepthwiseConv2dForward(g, caps, { ...common, variant });
  void f32Kernel;
  const kernel = variant === 'direct' ? (bias ? depthwiseConv2dForwardDirectBiasF16 : depthwiseConv2dForwardDirectF16)
    : (bias ? depthwiseConv2dForwardTiledBiasF16 : depthwiseConv2dForwardTiledF16);
  return { kernel, plan, variant, precision };
}
