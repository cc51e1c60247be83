import type { DeviceCaps } from '../gpu/caps.js';
import type { DType, Kernel, Plan } from '../kernels/kernel.js';
import type { Shape } from '../kernels/shape.js';
import type { Node, Value } from './ir.js';

/** The shape and dtype of one output, as shape inference returns it. */
export interface OutputSpec {
  readonly shape: Shape;
  readonly dtype: DType;
}

/** Emits a backward node from a gradient rule: same layer, `backward` phase. Returns its outputs. */
export type Emit = (op: string, inputs: Value[], attrs?: Record<string, unknown>) => Value[];

export interface GradContext<A> {
  readonly node: Node;
  readonly attrs: A;
  /** Gradient of the loss with respect to each output (null where no gradient flows). */
  readonly gys: readonly (Value | null)[];
  /** Which inputs need a gradient; a rule may return null for the others. */
  readonly needs: readonly boolean[];
  readonly emit: Emit;
}

/** One dispatch that a node lowers to: a kernel, its plan, and the values bound in kernel order. */
export interface Lowered {
  readonly kernel: Kernel;
  readonly plan: Plan;
  readonly tensors: readonly Value[];
}

/**
 * A primitive op: shape inference, gradient rule, what it keeps alive for backward, lowering.
 * `saves` documents which forward tensors the gradient rule reads (the memory planner sees the
 * same thing through liveness, because backward nodes take those tensors as inputs).
 */
export interface OpDef<A = Record<string, unknown>> {
  readonly inferShape: (inputs: readonly Value[], attrs: A, where: string) => OutputSpec[];
  readonly grad?: (ctx: GradContext<A>) => (Value | null)[];
  readonly saves: 'none' | 'inputs' | 'output' | 'inputs+output';
  /** Dispatches for a node; an alias op (reshape) lowers to none and shares its input's storage. */
  readonly lower: (node: Node, attrs: A, caps: DeviceCaps) => Lowered[];
  readonly alias?: boolean;
  /**
   * Indices of inputs the op's kernels write in place (e.g. BatchNorm's running statistics, which
   * are persistent non-trainable parameters). Such nodes are never removed as dead code.
   */
  readonly mutates?: readonly number[];
}

/** Declares an op with typed attributes. */
export function defineOp<A>(def: OpDef<A>): OpDef<A> {
  return def;
}
