import type { Value } from '../graph/ir.js';
import { ValueError } from '../errors.js';
import { nameLayers } from './functional.js';
import type { Layer, TraceContext } from './layer.js';

/** A model: layers applied in order. Names layers that have none (`dense`, `dense_1`, ...). */
export interface Model {
  readonly layers: readonly Layer[];
  call(x: Value, ctx: TraceContext): Value;
}

/** Keras `Sequential` / PyTorch `nn.Sequential`. */
export function sequential(layers: readonly Layer[]): Model {
  if (layers.length === 0) throw new ValueError('sequential', 'needs at least one layer');
  nameLayers(layers);
  return {
    layers,
    call(x, ctx) {
      return layers.reduce((h, layer) => layer.call(h, ctx), x);
    },
  };
}
