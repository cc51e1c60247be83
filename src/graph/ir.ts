import type { DType } from '../kernels/kernel.js';
import { shapeString, sizeOf, type Shape } from '../kernels/shape.js';
import { ShapeError } from '../errors.js';

/**
 * Where a value's storage comes from:
 * - `input`: written from outside the graph (a batch gathered from a GPU data set, or uploaded);
 * - `param`: a model parameter, persistent, shared by every executable of a model;
 * - `const`: persistent data fixed at compile time (the seed gradient of the loss, ...);
 * - `activation`: produced by a node, placed by the memory planner.
 */
export type ValueKind = 'input' | 'param' | 'const' | 'activation';

/** Which part of a step a node belongs to. */
export type Phase = 'forward' | 'backward';

/** A tensor in the graph: shape and dtype fixed when it is created. */
export class Value {
  producer: Node | null = null;
  readonly consumers: Node[] = [];

  constructor(
    readonly id: number,
    readonly name: string,
    readonly shape: Shape,
    readonly dtype: DType,
    readonly kind: ValueKind,
    /** Initial contents of a `const`. */
    readonly data: Float32Array | Uint32Array | null = null,
  ) {}

  get size(): number {
    return sizeOf(this.shape);
  }

  toString(): string {
    return `${this.name}${shapeString(this.shape)}:${this.dtype}`;
  }
}

/** One application of a registered op. */
export class Node {
  constructor(
    readonly id: number,
    readonly op: string,
    readonly inputs: Value[],
    readonly outputs: Value[],
    readonly attrs: Readonly<Record<string, unknown>>,
    /** The user-facing layer this node came from, for error messages. */
    readonly layer: string,
    readonly phase: Phase,
  ) {}
}

/** A static graph: values and nodes in topological (creation) order. */
export class Graph {
  readonly values: Value[] = [];
  nodes: Node[] = [];
  private nextValue = 0;
  private nextNode = 0;
  /** Nodes added now belong to this phase. */
  phase: Phase = 'forward';

  private value(name: string, shape: Shape, dtype: DType, kind: ValueKind, data: Float32Array | Uint32Array | null = null): Value {
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 1) throw new ShapeError(name, `every dimension must be a positive integer (got ${shapeString(shape)})`);
    }
    const v = new Value(this.nextValue++, name, [...shape], dtype, kind, data);
    this.values.push(v);
    return v;
  }

  input(name: string, shape: Shape, dtype: DType = 'f32'): Value {
    return this.value(name, shape, dtype, 'input');
  }

  param(name: string, shape: Shape): Value {
    return this.value(name, shape, 'f32', 'param');
  }

  constant(name: string, shape: Shape, data: Float32Array | Uint32Array): Value {
    if (data.length !== sizeOf(shape)) throw new ShapeError(name, `constant has ${data.length} values for shape ${shapeString(shape)}`);
    return this.value(name, shape, data instanceof Uint32Array ? 'u32' : 'f32', 'const', data);
  }

  /** Adds a node whose outputs have the given shapes; used by `apply` in ops.ts after shape inference. */
  addNode(op: string, inputs: Value[], outputs: { shape: Shape; dtype: DType; name?: string }[], attrs: Record<string, unknown>, layer: string): Node {
    const outs = outputs.map((o, i) => this.value(o.name ?? `${layer}/${op}${outputs.length > 1 ? `:${i}` : ''}`, o.shape, o.dtype, 'activation'));
    const node = new Node(this.nextNode++, op, inputs, outs, attrs, layer, this.phase);
    for (const v of outs) v.producer = node;
    for (const v of inputs) v.consumers.push(node);
    this.nodes.push(node);
    return node;
  }

  /** Removes `node` from the graph (its outputs must have no consumers left). */
  removeNode(node: Node): void {
    this.nodes = this.nodes.filter((n) => n !== node);
    for (const v of node.inputs) {
      const i = v.consumers.indexOf(node);
      if (i >= 0) v.consumers.splice(i, 1);
    }
  }

  /** Replaces every use of `from` by `to` in the nodes listed (default: all). */
  replaceUses(from: Value, to: Value): void {
    for (const node of from.consumers) {
      for (let i = 0; i < node.inputs.length; i++) if (node.inputs[i] === from) node.inputs[i] = to;
      to.consumers.push(node);
    }
    from.consumers.length = 0;
  }

  /**
   * Replaces the consecutive-in-effect `chain` of nodes by one node that reads `inputs` and
   * produces `output` (the last node's output), placed where the last node was.
   */
  fuse(chain: readonly Node[], op: string, inputs: Value[], attrs: Record<string, unknown>, output: Value): Node {
    const last = chain[chain.length - 1];
    const at = this.nodes.indexOf(last);
    const node = new Node(this.nextNode++, op, inputs, [output], attrs, chain[0].layer, chain[0].phase);
    for (const n of chain) this.removeNode(n);
    output.producer = node;
    for (const v of inputs) v.consumers.push(node);
    // The chain's other nodes all came before `last` (topological order), so it moved up by that many.
    this.nodes.splice(at - (chain.length - 1), 0, node);
    return node;
  }

  /** Throws unless every node's inputs exist before it runs (a check on rewrite passes). */
  checkOrder(): void {
    const ready = new Set<Value>(this.values.filter((v) => v.kind !== 'activation'));
    for (const node of this.nodes) {
      for (const v of node.inputs) {
        if (!ready.has(v)) throw new Error(`graph order: ${node.op} (${node.layer}) reads ${v.name} before it is computed`);
      }
      for (const v of node.outputs) ready.add(v);
    }
  }
}
