import type { Graph, Value } from '../graph/ir.js';
import { apply } from '../graph/registry.js';
import type { ParamSpec } from '../graph/params.js';
import { shapeString, type Shape } from '../kernels/shape.js';
import { ShapeError } from '../errors.js';

/** What a layer sees while it is traced into a graph. */
export class TraceContext {
  /** Parameter specs in declaration order (the first trace defines them; later traces must agree). */
  readonly params: ParamSpec[] = [];
  private readonly declared = new Map<string, Value>();

  constructor(
    readonly graph: Graph,
    /** Training-mode behaviour (batch statistics, dropout) vs inference. */
    readonly training: boolean,
    private readonly makeInit: (name: string, shape: Shape, init: Initializer) => Float32Array,
  ) {}

  /**
   * Declares a parameter and returns its graph value. A layer applied twice (shared weights)
   * declares the same name again and gets the same value, whose gradients autodiff sums.
   */
  param(name: string, shape: Shape, init: Initializer, trainable: boolean): Value {
    const existing = this.declared.get(name);
    if (existing) {
      if (shapeString(existing.shape) !== shapeString(shape)) {
        throw new ShapeError(name, `a shared layer is applied to inputs that need parameter shape ${shapeString(shape)}, but it was built with ${shapeString(existing.shape)}`);
      }
      return existing;
    }
    const v = this.graph.param(name, shape);
    this.declared.set(name, v);
    this.params.push({ name, shape, initialize: () => this.makeInit(name, shape, init), trainable });
    return v;
  }

  /** Adds one node and returns its single output. */
  op(op: string, inputs: Value[], attrs: Record<string, unknown>, layer: string): Value {
    return apply(this.graph, op, inputs, attrs, layer).outputs[0];
  }
}

/** An initializer: fills `n` values for a tensor with the given fan-in/fan-out from a seeded generator. */
export interface Initializer {
  readonly name: string;
  fill(n: number, fanIn: number, fanOut: number, random: () => number): Float32Array;
}

/**
 * A layer: a device-free description that knows how to add its nodes to a graph. Layers are
 * traced once per executable (training, evaluation, inference) with the same parameters.
 */
export interface Layer {
  /** Unique within its model (`dense`, `dense_1`, ...); set when a model names its layers. */
  name: string;
  /** The Keras-style class name (`dense`, `conv2d`, ...). */
  readonly kind: string;
  /** Whether its parameters train (`false` freezes them: no gradients, no updates). */
  trainable: boolean;
  /** Adds the layer's nodes to the graph. */
  call(x: Value, ctx: TraceContext): Value;
  /** The layer's options, for summaries and checkpoints. */
  readonly config: Readonly<Record<string, unknown>>;
}

/** Throws unless `x` has rank `rank` (batch dimension included). */
export function expectInputRank(layer: Layer, x: Value, rank: number, what: string): void {
  if (x.shape.length !== rank) {
    throw new ShapeError(`${layer.kind} (${layer.name})`, `expects ${what} (rank ${rank}), got ${shapeString(x.shape)}`,
      rank === 2 ? 'add nn.flatten() before it' : undefined);
  }
}
