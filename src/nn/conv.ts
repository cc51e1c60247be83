// Layers of the conv family; see src/nn/index.ts.
import type { Value } from '../graph/ir.js';
import type { Activation } from '../kernels/activation.js';
import type { Conv2dPadding } from '../kernels/conv2d.js';
import { ValueError } from '../errors.js';
import { glorotUniform, zeros } from './initializers.js';
import { expectInputRank, type Initializer, type Layer, type TraceContext } from './layer.js';

type Pair = number | readonly [number, number];

export interface Conv2dLayerOptions {
  filters: number;
  kernelSize: Pair;
  strides?: Pair;
  /** 'valid' (default, as Keras), 'same' (TF: the extra row/column at the bottom/right), or explicit [top, bottom, left, right]. */
  padding?: Conv2dPadding;
  dilationRate?: Pair;
  groups?: number;
  activation?: Activation;
  useBias?: boolean;
  kernelInitializer?: Initializer;
  biasInitializer?: Initializer;
  trainable?: boolean;
  name?: string;
}

function checkPair(kind: string, what: string, v: Pair | undefined): [number, number] | undefined {
  if (v === undefined) return undefined;
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!p.every((d) => Number.isInteger(d) && d >= 1)) throw new ValueError(kind, `${what} must be positive integers (got ${JSON.stringify(v)})`);
  return p;
}

/** Adds the bias and activation nodes after a convolution; the fusion pass folds them into its epilogue. */
function epilogue(ctx: TraceContext, layer: Layer, y: Value, filters: number, o: { useBias?: boolean; biasInitializer?: Initializer; activation?: Activation }): Value {
  let out = y;
  if (o.useBias ?? true) {
    const b = ctx.param(`${layer.name}.bias`, [filters], o.biasInitializer ?? zeros(), layer.trainable);
    out = ctx.op('biasAdd', [out, b], {}, layer.name);
  }
  const act = o.activation ?? 'linear';
  return act === 'linear' ? out : ctx.op('unary', [out], { activation: act }, layer.name);
}

/**
 * A 2-D convolution: y = activation(conv2d(x, W) + b), x [batch, h, w, c] NHWC,
 * W [kh, kw, c / groups, filters] HWIO, b [filters]. Mirrors Keras `Conv2D` / TF.js
 * `tf.layers.conv2d` (same option names and 'same' padding) and PyTorch `nn.Conv2d` (whose weight
 * is OIHW and whose padding is symmetric). Kernel initialised Glorot-uniform, bias zeros.
 */
export function conv2d(options: Conv2dLayerOptions): Layer {
  const kind = 'conv2d';
  if (!Number.isInteger(options.filters) || options.filters < 1) throw new ValueError(kind, `filters must be a positive integer (got ${options.filters})`);
  const [kh, kw] = checkPair(kind, 'kernelSize', options.kernelSize)!;
  const strides = checkPair(kind, 'strides', options.strides);
  const dilation = checkPair(kind, 'dilationRate', options.dilationRate);
  const groups = options.groups ?? 1;
  const layer: Layer = {
    name: options.name ?? '',
    kind,
    trainable: options.trainable ?? true,
    config: { filters: options.filters, kernelSize: [kh, kw], strides: strides ?? [1, 1], padding: options.padding ?? 'valid', dilationRate: dilation ?? [1, 1], groups, activation: options.activation ?? 'linear', useBias: options.useBias ?? true },
    call(x: Value, ctx: TraceContext): Value {
      expectInputRank(layer, x, 4, '[batch, height, width, channels]');
      const cinG = x.shape[3] / groups;
      const w = ctx.param(`${layer.name}.kernel`, [kh, kw, Number.isInteger(cinG) ? cinG : x.shape[3], options.filters], options.kernelInitializer ?? glorotUniform(), layer.trainable);
      const y = ctx.op('conv2d', [x, w], { strides, padding: options.padding ?? 'valid', dilation, groups }, layer.name);
      return epilogue(ctx, layer, y, options.filters, options);
    },
  };
  return layer;
}

export interface Conv2dTransposeLayerOptions {
  filters: number;
  kernelSize: Pair;
  strides?: Pair;
  padding?: 'same' | 'valid';
  /** Extra rows/columns at the bottom/right of the output, below the stride (Keras `output_padding`). */
  outputPadding?: Pair | number;
  dilationRate?: Pair;
  activation?: Activation;
  useBias?: boolean;
  kernelInitializer?: Initializer;
  biasInitializer?: Initializer;
  trainable?: boolean;
  name?: string;
}

/**
 * A transposed ("de-") convolution: the input gradient of a convolution, used to upsample.
 * x [batch, h, w, c] → y [batch, h', w', filters] with Keras' output size
 * (`(h − 1)·s + k − 2·pad + outputPadding`, or `h·s` for 'same' without outputPadding);
 * W [kh, kw, filters, c] as Keras stores it. Mirrors Keras `Conv2DTranspose` / TF.js
 * `tf.layers.conv2dTranspose` and PyTorch `nn.ConvTranspose2d` (weight [c, filters, kh, kw]).
 */
export function conv2dTranspose(options: Conv2dTransposeLayerOptions): Layer {
  const kind = 'conv2dTranspose';
  if (!Number.isInteger(options.filters) || options.filters < 1) throw new ValueError(kind, `filters must be a positive integer (got ${options.filters})`);
  const [kh, kw] = checkPair(kind, 'kernelSize', options.kernelSize)!;
  const strides = checkPair(kind, 'strides', options.strides);
  const dilation = checkPair(kind, 'dilationRate', options.dilationRate);
  const outputPadding = options.outputPadding === undefined ? undefined : typeof options.outputPadding === 'number' ? [options.outputPadding, options.outputPadding] as const : options.outputPadding;
  const layer: Layer = {
    name: options.name ?? '',
    kind,
    trainable: options.trainable ?? true,
    config: { filters: options.filters, kernelSize: [kh, kw], strides: strides ?? [1, 1], padding: options.padding ?? 'valid', outputPadding: outputPadding ?? null, dilationRate: dilation ?? [1, 1], activation: options.activation ?? 'linear', useBias: options.useBias ?? true },
    call(x: Value, ctx: TraceContext): Value {
      expectInputRank(layer, x, 4, '[batch, height, width, channels]');
      const w = ctx.param(`${layer.name}.kernel`, [kh, kw, options.filters, x.shape[3]], options.kernelInitializer ?? glorotUniform(), layer.trainable);
      const y = ctx.op('conv2dTranspose', [x, w], { strides, padding: options.padding ?? 'valid', outputPadding, dilation }, layer.name);
      return epilogue(ctx, layer, y, options.filters, options);
    },
  };
  return layer;
}
