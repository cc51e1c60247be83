import type { Value } from '../graph/ir.js';
import { shapeString, type Shape } from '../kernels/shape.js';
import { ShapeError, ValueError } from '../errors.js';
import type { Layer, TraceContext } from './layer.js';
import type { Model } from './sequential.js';
import { concatenateValues } from './pooling.js';

/**
 * A layer that combines several tensors (`nn.add`, `nn.concatenate`). Called on a list of
 * symbolic tensors in the functional API.
 */
export interface MergeLayer {
  name: string;
  readonly kind: string;
  readonly config: Readonly<Record<string, unknown>>;
  callMany(xs: Value[], ctx: TraceContext): Value;
}

/**
 * A symbolic tensor of the functional API: a placeholder recording which layer produced it from
 * which inputs. Shapes exclude the batch axis. Nothing is computed until a Trainer traces the model.
 */
export class SymbolicTensor {
  constructor(
    readonly producer: Layer | MergeLayer | null,
    readonly inputs: readonly SymbolicTensor[],
    /** Set for `nn.input` only. */
    readonly inputShape: Shape | null,
  ) {}

  /** Applies layers in turn: `x.pipe(nn.conv2d({…}), nn.relu())` (Keras `relu(conv(x))`). */
  pipe(...layers: Layer[]): SymbolicTensor {
    return layers.reduce<SymbolicTensor>((t, layer) => applyLayer(layer, t), this);
  }
}

/** A model input: one sample's shape, without the batch axis. Keras `Input(shape=…)`. */
export function input(shape: Shape): SymbolicTensor {
  if (shape.some((d) => !Number.isInteger(d) || d < 1)) throw new ValueError('input', `shape must be positive integers (got ${shapeString(shape)})`);
  return new SymbolicTensor(null, [], [...shape]);
}

/** Calls `layer` on a symbolic tensor (Keras `layer(x)`). */
export function applyLayer(layer: Layer, x: SymbolicTensor): SymbolicTensor {
  return new SymbolicTensor(layer, [x], null);
}

/** Calls a merge layer on several symbolic tensors. */
export function applyMerge(layer: MergeLayer, xs: readonly SymbolicTensor[]): SymbolicTensor {
  if (xs.length < 2) throw new ValueError(`${layer.kind}`, `needs at least two inputs (got ${xs.length})`);
  return new SymbolicTensor(layer, xs, null);
}

function isMerge(l: Layer | MergeLayer): l is MergeLayer {
  return 'callMany' in l;
}

/** Element-wise sum of same-shaped tensors: residual connections. Keras `Add`. */
export function add(xs: readonly SymbolicTensor[], options: { name?: string } = {}): SymbolicTensor {
  const layer: MergeLayer = {
    name: options.name ?? '',
    kind: 'add',
    config: {},
    callMany(values, ctx) {
      const first = values[0];
      for (const v of values) {
        if (shapeString(v.shape) !== shapeString(first.shape)) {
          throw new ShapeError(`add (${layer.name})`, `inputs must have the same shape (got ${values.map((u) => shapeString(u.shape)).join(' and ')})`,
            'use a 1×1 convolution with strides on the shortcut to match shapes');
        }
      }
      return values.slice(1).reduce((acc, v) => ctx.op('binary', [acc, v], { op: 'add' }, layer.name), first);
    },
  };
  return applyMerge(layer, xs);
}

/** Joins tensors along the channel (last) axis: Keras `Concatenate(axis=-1)`, `torch.cat(dim=1)` on NCHW. */
export function concatenate(xs: readonly SymbolicTensor[], options: { name?: string } = {}): SymbolicTensor {
  const layer: MergeLayer = {
    name: options.name ?? '',
    kind: 'concatenate',
    config: { axis: -1 },
    callMany: (values, ctx) => concatenateValues(values, ctx, { name: layer.name }),
  };
  return applyMerge(layer, xs);
}

/**
 * A model defined by connecting symbolic tensors from `inputs` to `outputs` (Keras functional
 * `Model(inputs, outputs)`): branches, residual connections, shared layers. Layers are named on
 * construction like `sequential` does.
 */
export function model(options: { inputs: SymbolicTensor; outputs: SymbolicTensor }): Model & { readonly inputShape: Shape } {
  const { inputs, outputs } = options;
  if (!inputs.inputShape) throw new ValueError('model', 'inputs must come from nn.input(shape)');
  // Topological order of the symbolic DAG (each tensor once).
  const order: SymbolicTensor[] = [];
  const seen = new Set<SymbolicTensor>();
  const visit = (t: SymbolicTensor) => {
    if (seen.has(t)) return;
    seen.add(t);
    for (const i of t.inputs) visit(i);
    order.push(t);
  };
  visit(outputs);
  if (!seen.has(inputs)) throw new ValueError('model', 'outputs do not depend on inputs');
  const stray = order.find((t) => t.producer === null && t !== inputs);
  if (stray) throw new ValueError('model', 'outputs depend on an nn.input that is not the model input');
  const layers = [...new Set(order.map((t) => t.producer).filter((l): l is Layer | MergeLayer => l !== null))];
  nameLayers(layers);
  return {
    inputShape: inputs.inputShape,
    layers: layers.filter((l): l is Layer => !isMerge(l)),
    call(x: Value, ctx: TraceContext): Value {
      const values = new Map<SymbolicTensor, Value>([[inputs, x]]);
      for (const t of order) {
        if (!t.producer) continue;
        const ins = t.inputs.map((i) => values.get(i)!);
        values.set(t, isMerge(t.producer) ? t.producer.callMany(ins, ctx) : t.producer.call(ins[0], ctx));
      }
      return values.get(outputs)!;
    },
  };
}

/** Gives unnamed layers Keras-style names (`dense`, `dense_1`, ...) and rejects duplicates. */
export function nameLayers(layers: readonly (Layer | MergeLayer)[]): void {
  const used = new Set(layers.map((l) => l.name).filter(Boolean));
  const counts = new Map<string, number>();
  const taken = new Set<string>();
  for (const layer of layers) {
    if (!layer.name) {
      let name: string;
      do {
        const n = counts.get(layer.kind) ?? 0;
        counts.set(layer.kind, n + 1);
        name = n === 0 ? layer.kind : `${layer.kind}_${n}`;
      } while (used.has(name) || taken.has(name));
      layer.name = name;
    }
    if (taken.has(layer.name)) throw new ValueError('model', `two layers are named '${layer.name}'`);
    taken.add(layer.name);
  }
}
