import type { Value } from '../graph/ir.js';
import type { PoolPadding } from '../kernels/pooling.js';
import type { Interpolation, Padding2d } from '../kernels/resample.js';
import { ValueError } from '../errors.js';
import { expectInputRank, type Layer, type TraceContext } from './layer.js';

// Layers of the pooling family: windowed and global pooling, upsampling, zero padding, and the
// channel concatenation building block. All take NHWC inputs [batch, height, width, channels]
// and have no parameters. Shapes are validated when the layer is traced (ShapeError from the op).

/** A size given as one number (both axes) or [rows, columns], Keras-style. */
type Size2d = number | readonly [number, number];

function pair(where: string, what: string, v: Size2d): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if ((typeof v !== 'number' && v.length !== 2) || p.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ValueError(where, `${what} must be a positive integer or two of them [rows, columns] (got ${JSON.stringify(v)})`);
  }
  return p;
}

function checkPadding(where: string, padding: PoolPadding): void {
  if (padding !== 'valid' && padding !== 'same') throw new ValueError(where, `padding must be 'valid' or 'same' (got '${String(padding)}')`);
}

export interface Pool2dLayerOptions {
  /** Window [rows, columns] or one number for both; default 2. */
  poolSize?: Size2d;
  /** Step between windows; default poolSize (Keras `strides=None`). */
  strides?: Size2d;
  /** 'valid' (default): windows inside the input; 'same': ceil(in / stride) outputs, padded as TF. */
  padding?: PoolPadding;
  name?: string;
}

function pool2dLayer(kind: 'maxPool2d' | 'avgPool2d', options: Pool2dLayerOptions): Layer {
  const poolSize = pair(kind, 'poolSize', options.poolSize ?? 2);
  const strides = pair(kind, 'strides', options.strides ?? poolSize);
  const padding = options.padding ?? 'valid';
  checkPadding(kind, padding);
  const layer: Layer = {
    name: options.name ?? '',
    kind,
    trainable: true,
    config: { poolSize, strides, padding },
    call(x: Value, ctx: TraceContext): Value {
      expectInputRank(layer, x, 4, '[batch, height, width, channels]');
      return ctx.op(kind, [x], { poolSize, strides, padding }, layer.name);
    },
  };
  return layer;
}

/**
 * Max pooling over 2-D windows: y[n,oh,ow,c] = max of x[n, oh·sh − pt + i, ow·sw − pl + j, c]
 * over the window, cells outside the input never chosen. NHWC [N,H,W,C] → [N,outH,outW,C] with
 * out = floor((in − pool) / stride) + 1 ('valid') or ceil(in / stride) ('same', TF padding: the
 * smaller half before). The gradient goes to the window's first maximum in row-major order
 * (ties: the first, like PyTorch). Mirrors Keras `MaxPooling2D` / TF.js `tf.layers.maxPooling2d`;
 * PyTorch `nn.MaxPool2d` (NCHW; its `padding` is symmetric, and `ceil_mode` differs from 'same').
 */
export function maxPool2d(options: Pool2dLayerOptions = {}): Layer {
  return pool2dLayer('maxPool2d', options);
}

/**
 * Average pooling over 2-D windows, shapes as {@link maxPool2d}. With 'same' padding the divisor
 * counts only the window's cells inside the input (TF/Keras), so edge outputs are true means.
 * Mirrors Keras `AveragePooling2D` / TF.js `tf.layers.averagePooling2d`; PyTorch `nn.AvgPool2d`
 * matches with `count_include_pad=False` — its default `True` divides by poolH·poolW, padding
 * included, and gives smaller values at the borders.
 */
export function avgPool2d(options: Pool2dLayerOptions = {}): Layer {
  return pool2dLayer('avgPool2d', options);
}

/**
 * Mean over the spatial axes: [N,H,W,C] → [N,C]. Mirrors Keras `GlobalAveragePooling2D`
 * (keepdims=False) / TF.js `tf.layers.globalAveragePooling2d`; PyTorch
 * `nn.AdaptiveAvgPool2d(1)` followed by `flatten(1)`.
 */
export function globalAvgPool2d(options: { name?: string } = {}): Layer {
  const layer: Layer = {
    name: options.name ?? '',
    kind: 'globalAvgPool2d',
    trainable: true,
    config: {},
    call(x: Value, ctx: TraceContext): Value {
      expectInputRank(layer, x, 4, '[batch, height, width, channels]');
      return ctx.op('globalAvgPool2d', [x], {}, layer.name);
    },
  };
  return layer;
}

export interface UpSampling2dOptions {
  /** Integer factors [rows, columns] or one number for both; default 2. */
  size?: Size2d;
  /** 'nearest' (default) repeats cells; 'bilinear' blends with half-pixel centres. */
  interpolation?: Interpolation;
  name?: string;
}

/**
 * Enlarges the spatial axes by integer factors: [N,H,W,C] → [N,H·sh,W·sw,C]. 'nearest' repeats
 * each cell sh×sw times; 'bilinear' samples source coordinate (o + 0.5) / s − 0.5 (clamped at 0)
 * between its two neighbours — `tf.image.resize(method='bilinear')` (half_pixel_centers) and
 * PyTorch `F.interpolate(mode='bilinear', align_corners=False)`. Mirrors Keras `UpSampling2D` /
 * TF.js `tf.layers.upSampling2d`; PyTorch `nn.Upsample(scale_factor=s)`.
 */
export function upSampling2d(options: UpSampling2dOptions = {}): Layer {
  const size = pair('upSampling2d', 'size', options.size ?? 2);
  const interpolation = options.interpolation ?? 'nearest';
  if (interpolation !== 'nearest' && interpolation !== 'bilinear') {
    throw new ValueError('upSampling2d', `interpolation must be 'nearest' or 'bilinear' (got '${String(interpolation)}')`);
  }
  const layer: Layer = {
    name: options.name ?? '',
    kind: 'upSampling2d',
    trainable: true,
    config: { size, interpolation },
    call(x: Value, ctx: TraceContext): Value {
      expectInputRank(layer, x, 4, '[batch, height, width, channels]');
      return ctx.op('upSampling2d', [x], { size, interpolation }, layer.name);
    },
  };
  return layer;
}

/** Padding as Keras: one number (all sides), [rows, columns] (each both sides), or [[top, bottom], [left, right]]. */
export type ZeroPadding2dSpec = number | readonly [number, number] | Padding2d;

function padding2d(v: ZeroPadding2dSpec): Padding2d {
  const bad = () => new ValueError('zeroPadding2d', `padding must be a non-negative integer, [rows, columns] or [[top, bottom], [left, right]] (got ${JSON.stringify(v)})`);
  let p: Padding2d;
  if (typeof v === 'number') p = [[v, v], [v, v]];
  else if (v.length !== 2) throw bad();
  else if (typeof v[0] === 'number' && typeof v[1] === 'number') p = [[v[0], v[0]], [v[1], v[1]]];
  else if (Array.isArray(v[0]) && Array.isArray(v[1]) && v[0].length === 2 && v[1].length === 2) p = [[v[0][0], v[0][1]], [v[1][0], v[1][1]]];
  else throw bad();
  if (p.flat().some((d) => !Number.isInteger(d) || d < 0)) throw bad();
  return p;
}

/**
 * Adds rows and columns of zeros around the spatial axes: [N,H,W,C] → [N,H+t+b,W+l+r,C]; the
 * gradient crops them off. Mirrors Keras `ZeroPadding2D` / TF.js `tf.layers.zeroPadding2d`;
 * PyTorch `nn.ZeroPad2d((left, right, top, bottom))` (note its order).
 */
export function zeroPadding2d(options: { padding?: ZeroPadding2dSpec; name?: string } = {}): Layer {
  const padding = padding2d(options.padding ?? 1);
  const layer: Layer = {
    name: options.name ?? '',
    kind: 'zeroPadding2d',
    trainable: true,
    config: { padding },
    call(x: Value, ctx: TraceContext): Value {
      expectInputRank(layer, x, 4, '[batch, height, width, channels]');
      return ctx.op('zeroPadding2d', [x], { padding }, layer.name);
    },
  };
  return layer;
}

export interface ConcatenateOptions {
  /** Only the last axis (-1, the default: channels of NHWC) is supported. */
  axis?: number;
  /** The layer name that errors and the graph's values carry; default 'concatenate'. */
  name?: string;
}

/**
 * Joins graph values along the channel (last) axis while a model is traced: inputs [..., Cᵢ] with
 * equal leading dims → [..., ΣCᵢ]; the gradient slices each input's channels back out. Models
 * use `nn.concatenate([a, b])` on symbolic tensors (src/nn/functional.ts), which calls this.
 * Throws a ShapeError for fewer than two inputs or mismatched batch/spatial sizes. Mirrors Keras
 * `Concatenate(axis=-1)` / TF.js `tf.layers.concatenate`; PyTorch `torch.cat(dim=1)` on NCHW.
 */
export function concatenateValues(tensors: readonly Value[], ctx: TraceContext, options: ConcatenateOptions = {}): Value {
  const name = options.name ?? 'concatenate';
  const axis = options.axis ?? -1;
  const rank = tensors[0]?.shape.length ?? 0;
  if (axis !== -1 && axis !== rank - 1) {
    throw new ValueError(`concatenate (${name})`, `only the last axis (-1) is supported (got axis ${axis} for rank ${rank})`, 'NHWC keeps channels last');
  }
  return ctx.op('concatenate', [...tensors], {}, name);
}
