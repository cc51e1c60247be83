import type { Value } from '../graph/ir.js';
import type { Layer, TraceContext } from './layer.js';

/** Flattens every axis but the batch axis: [N, H, W, C] → [N, H·W·C] (NHWC order, as Keras). Free: no copy. */
export function flatten(o: { name?: string } = {}): Layer {
  const layer: Layer = {
    name: o.name ?? '',
    kind: 'flatten',
    trainable: true,
    config: {},
    call(x: Value, ctx: TraceContext): Value {
      if (x.shape.length === 2) return x;
      return ctx.op('reshape', [x], { shape: [x.shape[0], x.size / x.shape[0]] }, layer.name);
    },
  };
  return layer;
}
