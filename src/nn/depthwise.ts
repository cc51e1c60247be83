// Layers of the depthwise family; see src/nn/index.ts.
import type { Value } from '../graph/ir.js';
import type { Activation } from '../kernels/activation.js';
import type { DepthwisePadding } from '../kernels/depthwise-conv2d.js';
import { ValueError } from '../errors.js';
import { glorotUniform, zeros } from './initializers.js';
import { expectInputRank, type Initializer, type Layer, type TraceContext } from './layer.js';

type Pair = number | readonly [number, number];

/** Options shared by {@link depthwiseConv2d} and {@link separableConv2d} (Keras names). */
export interface DepthwiseCommonOptions {
  kernelSize: Pair;
  strides?: Pair;
  /** 'valid' (default, as Keras), 'same' (TF: the odd row/column at the bottom/right), or explicit [[top, bottom], [left, right]] or [top, bottom, left, right]. */
  padding?: DepthwisePadding;
  /** Output channels per input channel (default 1). */
  depthMultiplier?: number;
  dilationRate?: Pair;
  activation?: Activation;
  useBias?: boolean;
  depthwiseInitializer?: Initializer;
  biasInitializer?: Initializer;
  trainable?: boolean;
  name?: string;
}

export type DepthwiseConv2dLayerOptions = DepthwiseCommonOptions;

export interface SeparableConv2dLayerOptions extends DepthwiseCommonOptions {
  /** Output channels of the pointwise (1×1) convolution. */
  filters: number;
  pointwiseInitializer?: Initializer;
}

function checkPair(kind: string, what: string, v: Pair | undefined): [number, number] {
  if (v === undefined) return [1, 1];
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!p.every((d) => Number.isInteger(d) && d >= 1)) throw new ValueError(kind, `${what} must be positive integers (got ${JSON.stringify(v)})`);
  return p;
}

function checkOptions(kind: string, o: DepthwiseCommonOptions) {
  const kernel = checkPair(kind, 'kernelSize', o.kernelSize);
  const strides = checkPair(kind, 'strides', o.strides);
  const dilationRate = checkPair(kind, 'dilationRate', o.dilationRate);
  const multiplier = o.depthMultiplier ?? 1;
  if (!Number.isInteger(multiplier) || multiplier < 1) throw new ValueError(kind, `depthMultiplier must be a positive integer (got ${multiplier})`);
  return { kernel, strides, dilationRate, multiplier, padding: o.padding ?? 'valid', activation: o.activation ?? 'linear', useBias: o.useBias ?? true };
}

/** Traces the depthwise step: its kernel parameter and the op (with the bias when `bias` is set). */
function depthwiseStep(ctx: TraceContext, layer: Layer, x: Value, o: DepthwiseCommonOptions, c: ReturnType<typeof checkOptions>, bias: boolean): Value {
  expectInputRank(layer, x, 4, '[batch, height, width, channels]');
  const [kh, kw] = c.kernel;
  const w = ctx.param(`${layer.name}.depthwiseKernel`, [kh, kw, x.shape[3], c.multiplier], o.depthwiseInitializer ?? glorotUniform(), layer.trainable);
  const inputs = [x, w];
  if (bias) inputs.push(ctx.param(`${layer.name}.bias`, [x.shape[3] * c.multiplier], o.biasInitializer ?? zeros(), layer.trainable));
  return ctx.op('depthwiseConv2d', inputs, { strides: c.strides, padding: c.padding, dilationRate: c.dilationRate }, layer.name);
}

/**
 * A depthwise 2-D convolution: each input channel is convolved with its own `depthMultiplier`
 * filters, y[n,h,w,c·M + m] = activation(Σ_{i,j} x[n, h·s + i·d − pad, w·s + j·d − pad, c] ·
 * K[i, j, c, m] + b[c·M + m]). x NHWC, K `${name}.depthwiseKernel` [kh, kw, inC, M], b `${name}.bias`
 * [inC·M]. Mirrors Keras `DepthwiseConv2D` / TF.js `tf.layers.depthwiseConv2d` and PyTorch
 * `nn.Conv2d(C, C·M, k, groups=C)` (whose weight [C·M, 1, kh, kw] is K transposed). The bias and
 * activation are fused into the kernel's epilogue where the activation allows.
 */
export function depthwiseConv2d(options: DepthwiseConv2dLayerOptions): Layer {
  const kind = 'depthwiseConv2d';
  const c = checkOptions(kind, options);
  const layer: Layer = {
    name: options.name ?? '',
    kind,
    trainable: options.trainable ?? true,
    config: { kernelSize: c.kernel, strides: c.strides, padding: c.padding, depthMultiplier: c.multiplier, dilationRate: c.dilationRate, activation: c.activation, useBias: c.useBias },
    call(x: Value, ctx: TraceContext): Value {
      const y = depthwiseStep(ctx, layer, x, options, c, c.useBias);
      return c.activation === 'linear' ? y : ctx.op('unary', [y], { activation: c.activation }, layer.name);
    },
  };
  return layer;
}

/**
 * A depthwise-separable 2-D convolution: a depthwise convolution (no bias) followed by a pointwise
 * 1×1 convolution with bias and activation, as in MobileNet and Xception. Parameters
 * `${name}.depthwiseKernel` [kh, kw, inC, M], `${name}.pointwiseKernel` [1, 1, inC·M, filters],
 * `${name}.bias` [filters]. Mirrors Keras `SeparableConv2D` / TF.js `tf.layers.separableConv2d`
 * (PyTorch: a grouped `nn.Conv2d` then a 1×1 `nn.Conv2d`). The pointwise step is a matmul of
 * [N·H·W, inC·M] by [inC·M, filters] (the fusion pass folds its bias and activation in).
 */
export function separableConv2d(options: SeparableConv2dLayerOptions): Layer {
  const kind = 'separableConv2d';
  if (!Number.isInteger(options.filters) || options.filters < 1) throw new ValueError(kind, `filters must be a positive integer (got ${options.filters})`);
  const c = checkOptions(kind, options);
  const layer: Layer = {
    name: options.name ?? '',
    kind,
    trainable: options.trainable ?? true,
    config: { filters: options.filters, kernelSize: c.kernel, strides: c.strides, padding: c.padding, depthMultiplier: c.multiplier, dilationRate: c.dilationRate, activation: c.activation, useBias: c.useBias },
    call(x: Value, ctx: TraceContext): Value {
      const d = depthwiseStep(ctx, layer, x, options, c, false);
      const [n, h, w, cm] = d.shape;
      const pk = ctx.param(`${layer.name}.pointwiseKernel`, [1, 1, cm, options.filters], options.pointwiseInitializer ?? glorotUniform(), layer.trainable);
      const rows = ctx.op('reshape', [d], { shape: [n * h * w, cm] }, layer.name);
      let y = ctx.op('matmul', [rows, ctx.op('reshape', [pk], { shape: [cm, options.filters] }, layer.name)], {}, layer.name);
      if (c.useBias) y = ctx.op('biasAdd', [y, ctx.param(`${layer.name}.bias`, [options.filters], options.biasInitializer ?? zeros(), layer.trainable)], {}, layer.name);
      if (c.activation !== 'linear') y = ctx.op('unary', [y], { activation: c.activation }, layer.name);
      return ctx.op('reshape', [y], { shape: [n, h, w, options.filters] }, layer.name);
    },
  };
  return layer;
}
