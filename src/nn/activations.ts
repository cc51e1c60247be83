import type { Value } from '../graph/ir.js';
import type { Activation } from '../kernels/activation.js';
import { ValueError } from '../errors.js';
import type { Layer, TraceContext } from './layer.js';

function activationLayer(activation: Activation, alpha?: number, name?: string): Layer {
  const layer: Layer = {
    name: name ?? '',
    kind: activation,
    trainable: true,
    config: alpha === undefined ? {} : { alpha },
    call(x: Value, ctx: TraceContext): Value {
      return ctx.op('unary', [x], { activation, alpha }, layer.name);
    },
  };
  return layer;
}

/** max(x, 0). Keras `ReLU`, PyTorch `nn.ReLU`. */
export const relu = (o: { name?: string } = {}) => activationLayer('relu', undefined, o.name);
/** min(max(x, 0), 6). Keras `ReLU(max_value=6)`, PyTorch `nn.ReLU6`. */
export const relu6 = (o: { name?: string } = {}) => activationLayer('relu6', undefined, o.name);
/** x for x > 0, alpha·x otherwise (default alpha 0.3 as in Keras; PyTorch's default is 0.01). */
export function leakyRelu(o: { alpha?: number; name?: string } = {}): Layer {
  const alpha = o.alpha ?? 0.3;
  if (!(alpha >= 0)) throw new ValueError('leakyRelu', `alpha must be ≥ 0 (got ${alpha})`);
  return activationLayer('leakyRelu', alpha, o.name);
}
export const sigmoid = (o: { name?: string } = {}) => activationLayer('sigmoid', undefined, o.name);
export const tanh = (o: { name?: string } = {}) => activationLayer('tanh', undefined, o.name);
/** Exact (erf) GELU, as Keras `gelu(approximate=False)` and PyTorch `nn.GELU()`. */
export const gelu = (o: { name?: string } = {}) => activationLayer('gelu', undefined, o.name);
/** x·sigmoid(x). Keras `swish`/`silu`, PyTorch `nn.SiLU`. */
export const silu = (o: { name?: string } = {}) => activationLayer('silu', undefined, o.name);
