import type { Value } from '../graph/ir.js';
import type { Activation } from '../kernels/activation.js';
import { ValueError } from '../errors.js';
import { glorotUniform, zeros } from './initializers.js';
import { expectInputRank, type Initializer, type Layer, type TraceContext } from './layer.js';

export interface DenseOptions {
  units: number;
  activation?: Activation;
  useBias?: boolean;
  kernelInitializer?: Initializer;
  biasInitializer?: Initializer;
  trainable?: boolean;
  name?: string;
}

/**
 * A fully connected layer: y = activation(x·W + b), x [batch, in], W [in, units], b [units].
 * Mirrors Keras `Dense` / TF.js `tf.layers.dense` / PyTorch `nn.Linear` (whose weight is Wᵀ).
 */
export function dense(options: DenseOptions): Layer {
  if (!Number.isInteger(options.units) || options.units < 1) throw new ValueError('dense', `units must be a positive integer (got ${options.units})`);
  const layer: Layer = {
    name: options.name ?? '',
    kind: 'dense',
    trainable: options.trainable ?? true,
    config: { units: options.units, activation: options.activation ?? 'linear', useBias: options.useBias ?? true },
    call(x: Value, ctx: TraceContext): Value {
      expectInputRank(layer, x, 2, '[batch, features]');
      const fanIn = x.shape[1];
      const w = ctx.param(`${layer.name}.kernel`, [fanIn, options.units], options.kernelInitializer ?? glorotUniform(), layer.trainable);
      let y = ctx.op('matmul', [x, w], {}, layer.name);
      if (options.useBias ?? true) {
        const b = ctx.param(`${layer.name}.bias`, [options.units], options.biasInitializer ?? zeros(), layer.trainable);
        y = ctx.op('biasAdd', [y, b], {}, layer.name);
      }
      const act = options.activation ?? 'linear';
      return act === 'linear' ? y : ctx.op('unary', [y], { activation: act }, layer.name);
    },
  };
  return layer;
}
