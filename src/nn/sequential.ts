import type { Value } from '../graph/ir.js';
import { ValueError } from '../errors.js';
import type { Layer, TraceContext } from './layer.js';

/** A model: layers applied in order. Names layers that have none (`dense`, `dense_1`, ...). */
export interface Model {
  readonly layers: readonly Layer[];
  call(x: Value, ctx: TraceContext): Value;
}

/** Keras `Sequential` / PyTorch `nn.Sequential`. */
export function sequential(layers: readonly Layer[]): Model {
  if (layers.length === 0) throw new ValueError('sequential', 'needs at least one layer');
  const counts = new Map<string, number>();
  const used = new Set<string>();
  for (const layer of layers) {
    if (!layer.name) {
      let name: string;
      do {
        const n = counts.get(layer.kind) ?? 0;
        counts.set(layer.kind, n + 1);
        name = n === 0 ? layer.kind : `${layer.kind}_${n}`;
      } while (used.has(name));
      layer.name = name;
    }
    if (used.has(layer.name)) throw new ValueError('sequential', `two layers are named '${layer.name}'`);
    used.add(layer.name);
  }
  return {
    layers,
    call(x, ctx) {
      return layers.reduce((h, layer) => layer.call(h, ctx), x);
    },
  };
}
