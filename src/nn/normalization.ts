import type { Value } from '../graph/ir.js';
import { apply } from '../graph/registry.js';
import { checkDropoutRate } from '../kernels/dropout.js';
import { layerNormAxes } from '../kernels/layer-norm.js';
import { sizeOf, type Shape } from '../kernels/shape.js';
import { ShapeError, ValueError } from '../errors.js';
import { ones, zeros } from './initializers.js';
import { expectInputRank, type Initializer, type Layer, type TraceContext } from './layer.js';

// Normalization and regularization layers. Training-mode behaviour (batch statistics, dropout) is
// chosen by `ctx.training` when the model is traced: a Trainer traces its training step with it
// on and its evaluation and inference graphs with it off.

interface AffineOptions {
  /** Add the learned offset beta (default true). */
  center?: boolean;
  /** Multiply by the learned scale gamma (default true). */
  scale?: boolean;
  /** Added to the variance before the square root (default 1e-3, as Keras; PyTorch uses 1e-5). Must be > 0. */
  epsilon?: number;
  gammaInitializer?: Initializer;
  betaInitializer?: Initializer;
  trainable?: boolean;
  name?: string;
}

function checkEpsilon(where: string, epsilon: number): void {
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw new ValueError(where, `epsilon must be a positive number (got ${epsilon})`, 'it keeps 1/√(var + ε) finite');
}

/** gamma and beta of shape `shape`: parameters, or constants 1 and 0 when scale/center are off. */
function affineParams(ctx: TraceContext, layer: Layer, o: AffineOptions, shape: Shape): [Value, Value] {
  const n = sizeOf(shape);
  const gamma = (o.scale ?? true)
    ? ctx.param(`${layer.name}.gamma`, shape, o.gammaInitializer ?? ones(), layer.trainable)
    : ctx.graph.constant(`${layer.name}.gamma`, shape, new Float32Array(n).fill(1));
  const beta = (o.center ?? true)
    ? ctx.param(`${layer.name}.beta`, shape, o.betaInitializer ?? zeros(), layer.trainable)
    : ctx.graph.constant(`${layer.name}.beta`, shape, new Float32Array(n));
  return [gamma, beta];
}

export interface BatchNormOptions extends AffineOptions {
  /** Moving-average decay (default 0.99, Keras's; PyTorch's `momentum` is 1 − this). In [0, 1]. */
  momentum?: number;
  /** The channel axis: only the last (-1, NHWC / dense features) is supported. */
  axis?: number;
  movingMeanInitializer?: Initializer;
  movingVarianceInitializer?: Initializer;
}

/**
 * Batch normalization over the last (channel) axis: y = (x − mean)/√(var + ε)·gamma + beta, per
 * channel over every other axis (N·H·W for NHWC, N for dense [N, C]). Keras `BatchNormalization`,
 * TF.js `tf.layers.batchNormalization`, PyTorch `nn.BatchNorm1d/2d` (NCHW there).
 *
 * Training (ctx.training and the layer trainable): normalises with the batch mean and biased batch
 * variance, and updates the persistent non-trainable `${name}.movingMean` / `.movingVariance` in
 * place on the GPU: moving ← moving·momentum + batch·(1 − momentum), with the *biased* batch
 * variance as Keras does (PyTorch feeds the unbiased one and calls 1 − momentum its momentum).
 * A batch with one value per channel (dense input, batch 1) has zero variance: the output is
 * exactly beta (0·(1/√ε)·gamma + beta), never NaN.
 * Inference, or `trainable: false` (Keras semantics for a frozen BatchNormalization): uses the
 * moving statistics and updates nothing.
 * Parameters: `${name}.gamma`, `${name}.beta` (trainable), `${name}.movingMean`, `${name}.movingVariance`.
 */
export function batchNorm(options: BatchNormOptions = {}): Layer {
  const momentum = options.momentum ?? 0.99;
  const epsilon = options.epsilon ?? 1e-3;
  checkEpsilon('batchNorm', epsilon);
  if (!(momentum >= 0 && momentum <= 1)) throw new ValueError('batchNorm', `momentum must be in [0, 1] (got ${momentum})`, 'Keras momentum m is PyTorch momentum 1 − m');
  const layer: Layer = {
    name: options.name ?? '',
    kind: 'batchNorm',
    trainable: options.trainable ?? true,
    config: { momentum, epsilon, center: options.center ?? true, scale: options.scale ?? true, axis: options.axis ?? -1 },
    call(x: Value, ctx: TraceContext): Value {
      const where = `batchNorm (${layer.name})`;
      const rank = x.shape.length;
      const axis = options.axis ?? -1;
      if (rank < 2) throw new ShapeError(where, `expects [batch, ..., channels] (rank ≥ 2), got [${x.shape}]`);
      if (axis !== -1 && axis !== rank - 1) throw new ShapeError(where, `axis ${axis} is not the channel axis (expected -1 or ${rank - 1})`, 'activations are NHWC: channels are last');
      const c = x.shape[rank - 1];
      const [gamma, beta] = affineParams(ctx, layer, options, [c]);
      const mean = ctx.param(`${layer.name}.movingMean`, [c], options.movingMeanInitializer ?? zeros(), false);
      const variance = ctx.param(`${layer.name}.movingVariance`, [c], options.movingVarianceInitializer ?? ones(), false);
      if (ctx.training && layer.trainable) {
        const [y, t] = apply(ctx.graph, 'batchNormTrain', [x, gamma, beta], { epsilon }, layer.name).outputs;
        apply(ctx.graph, 'batchNormUpdate', [t, mean, variance], { momentum }, layer.name);
        return y;
      }
      return ctx.op('batchNorm', [x, gamma, beta, mean, variance], { epsilon }, layer.name);
    },
  };
  return layer;
}

export interface LayerNormOptions extends AffineOptions {
  /** The normalised axes: the last (default -1) or a list of trailing axes (not the batch axis). */
  axis?: number | number[];
}

/**
 * Layer normalization over trailing axes, per sample: y = (x − mean)/√(var + ε)·gamma + beta with
 * gamma, beta shaped like the normalised axes. Keras `LayerNormalization` (restricted to trailing
 * axes), TF.js `tf.layers.layerNormalization`, PyTorch `nn.LayerNorm(normalized_shape)`. Same in
 * training and inference. Parameters: `${name}.gamma`, `${name}.beta`.
 */
export function layerNorm(options: LayerNormOptions = {}): Layer {
  const epsilon = options.epsilon ?? 1e-3;
  checkEpsilon('layerNorm', epsilon);
  const layer: Layer = {
    name: options.name ?? '',
    kind: 'layerNorm',
    trainable: options.trainable ?? true,
    config: { axis: options.axis ?? -1, epsilon, center: options.center ?? true, scale: options.scale ?? true },
    call(x: Value, ctx: TraceContext): Value {
      const axes = layerNormAxes(x.shape, options.axis ?? -1, `layerNorm (${layer.name})`);
      const gb = ctx.op('stack', affineParams(ctx, layer, options, x.shape.slice(axes[0])), {}, layer.name);
      return ctx.op('layerNorm', [x, gb], { axes, epsilon }, layer.name);
    },
  };
  return layer;
}

export interface GroupNormOptions extends AffineOptions {
  /** Number of channel groups; must divide the channels. */
  groups: number;
}

/**
 * Group normalization over NHWC channels: each sample's channels split into `groups` groups,
 * each normalised over its H·W·(C/groups) values, then a per-channel gamma and beta. Keras
 * `GroupNormalization`, PyTorch `nn.GroupNorm(num_groups, C)` (NCHW there). Same in training and
 * inference. A `groups` that does not divide the channels is a ShapeError when the model is traced.
 * Parameters: `${name}.gamma`, `${name}.beta` ([C]).
 */
export function groupNorm(options: GroupNormOptions): Layer {
  const epsilon = options.epsilon ?? 1e-3;
  checkEpsilon('groupNorm', epsilon);
  if (!Number.isInteger(options.groups) || options.groups < 1) throw new ValueError('groupNorm', `groups must be a positive integer (got ${options.groups})`);
  const layer: Layer = {
    name: options.name ?? '',
    kind: 'groupNorm',
    trainable: options.trainable ?? true,
    config: { groups: options.groups, epsilon, center: options.center ?? true, scale: options.scale ?? true },
    call(x: Value, ctx: TraceContext): Value {
      if (x.shape.length < 2) throw new ShapeError(`groupNorm (${layer.name})`, `expects [batch, ..., channels] (rank ≥ 2), got [${x.shape}]`);
      const gb = ctx.op('stack', affineParams(ctx, layer, options, [x.shape[x.shape.length - 1]]), {}, layer.name);
      return ctx.op('groupNorm', [x, gb], { groups: options.groups, epsilon }, layer.name);
    },
  };
  return layer;
}

export interface DropoutOptions {
  /** Fraction of units dropped while training, in [0, 1). */
  rate: number;
  /** Mask seed; the default derives one from the layer name. Mixed with the trainer's seed and the step index. */
  seed?: number;
  name?: string;
}

/** FNV-1a of a layer name: a default per-layer dropout seed that does not depend on layer order. */
function nameSeed(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

function dropoutLayer(kind: 'dropout' | 'spatialDropout2d', options: DropoutOptions): Layer {
  checkDropoutRate(options.rate, kind);
  const spatial = kind === 'spatialDropout2d';
  const layer: Layer = {
    name: options.name ?? '',
    kind,
    trainable: true,
    config: { rate: options.rate, seed: options.seed },
    call(x: Value, ctx: TraceContext): Value {
      if (spatial) expectInputRank(layer, x, 4, '[batch, height, width, channels]');
      if (!ctx.training || options.rate === 0) return x;
      return ctx.op('dropout', [x], { rate: options.rate, seed: options.seed ?? nameSeed(layer.name), spatial }, layer.name);
    },
  };
  return layer;
}

/**
 * Inverted dropout: while training, zeroes each unit with probability `rate` and scales the rest
 * by 1/(1 − rate); the identity in evaluation and inference. Keras `Dropout`, PyTorch
 * `nn.Dropout`. The mask comes from a counter-based RNG keyed by (seed, trainer seed, step), so it
 * changes every step, repeats for the same seeds, and the backward pass regenerates it.
 */
export function dropout(options: DropoutOptions): Layer {
  return dropoutLayer('dropout', options);
}

/**
 * Spatial dropout on NHWC feature maps: drops whole channels per sample (probability `rate`,
 * survivors scaled by 1/(1 − rate)); the identity in evaluation. Keras `SpatialDropout2D`,
 * PyTorch `nn.Dropout2d`.
 */
export function spatialDropout2d(options: DropoutOptions): Layer {
  return dropoutLayer('spatialDropout2d', options);
}
