import type { Graph, Node, Value } from '../../src/graph/ir.js';
import { gradFromOutput, type Activation } from '../../src/kernels/activation.js';
import type { BinaryOp } from '../../src/kernels/elementwise.js';
import { activationGrad } from './activation.js';
import { biasAddRef } from './bias-add.js';
import { binaryRef, broadcastToRef, scaleRef, unaryRef } from './elementwise.js';
import { matmulRef } from './matmul.js';
import { reduceRef } from './reduce.js';
import { convReference } from './conv-ops.js';
import { depthwiseReference } from './depthwise-ops.js';
import { normalizationReference } from './normalization-ops.js';
import { poolingReference } from './pooling-ops.js';
import { softmaxCrossEntropyBackwardRef, softmaxCrossEntropyOneHotBackwardRef, softmaxCrossEntropyOneHotRef, softmaxCrossEntropyRef } from './softmax-cross-entropy.js';

/** d activation / dx expressed through the output y, for the activations whose backward reads y. */
function gradFromY(kind: Activation, y: number, alpha: number): number {
  switch (kind) {
    case 'relu': return y > 0 ? 1 : 0;
    case 'relu6': return y > 0 && y < 6 ? 1 : 0;
    case 'leakyRelu': return y > 0 ? 1 : alpha;
    case 'sigmoid': return y * (1 - y);
    case 'tanh': return 1 - y * y;
    default: return 1;
  }
}

/** A reference implementation of one IR op: the node (for shapes and attributes) and its inputs. */
export type ReferenceOp = (node: Node, ins: Float64Array[]) => Float64Array | Float64Array[];

function evalFoundation(node: Node, ins: Float64Array[]): Float64Array {
  const a = node.attrs as Record<string, unknown>;
  const [x0, x1] = node.inputs;
  const activation = (a.activation as Activation | undefined) ?? 'linear';
  const alpha = (a.alpha as number | undefined) ?? 0.2;
  switch (node.op) {
    case 'matmul': {
      const ta = Boolean(a.transA);
      const tb = Boolean(a.transB);
      const m = ta ? x0.shape[1] : x0.shape[0];
      const k = ta ? x0.shape[0] : x0.shape[1];
      const n = tb ? x1.shape[0] : x1.shape[1];
      return matmulRef({ m, n, k, transA: ta, transB: tb, activation, alpha }, ins[0], ins[1], ins[2]);
    }
    case 'biasAdd': {
      const c = x0.shape[x0.shape.length - 1];
      return biasAddRef(ins[0], ins[1], x0.size / c, c, activation, alpha);
    }
    case 'unary': return unaryRef(a.activation as Activation, ins[0], alpha);
    case 'unaryBackward': {
      const kind = a.activation as Activation;
      return ins[0].map((gy, i) => gy * (gradFromOutput(kind) ? gradFromY(kind, ins[1][i], alpha) : activationGrad(kind, ins[1][i], alpha)));
    }
    case 'binary': return binaryRef(a.op as BinaryOp, ins[0], x0.shape, ins[1], x1.shape).y;
    case 'broadcastTo': return broadcastToRef(ins[0], x0.shape, a.shape as number[]);
    case 'scale': return scaleRef(ins[0], a.alpha as number);
    case 'reshape': return ins[0];
    case 'reduce': return reduceRef(a.op as 'sum' | 'mean', ins[0], x0.shape, a.axes as number[]);
    case 'softmaxCrossEntropy': {
      const [rows, classes] = x0.shape;
      return x1.dtype === 'u32' ? softmaxCrossEntropyRef(ins[0], ins[1], rows, classes) : softmaxCrossEntropyOneHotRef(ins[0], ins[1], rows, classes);
    }
    case 'softmaxCrossEntropyBackward': {
      const [rows, classes] = x0.shape;
      return x1.dtype === 'u32'
        ? softmaxCrossEntropyBackwardRef(ins[0], ins[1], ins[2], rows, classes)
        : softmaxCrossEntropyOneHotBackwardRef(ins[0], ins[1], ins[2], rows, classes);
    }
    default: throw new Error(`interpreter: no reference for op ${node.op}`);
  }
}

const FOUNDATION = ['matmul', 'biasAdd', 'unary', 'unaryBackward', 'binary', 'broadcastTo', 'scale', 'reshape', 'reduce', 'softmaxCrossEntropy', 'softmaxCrossEntropyBackward'];

/** Reference implementations by op name, one table per op family (test/reference/<family>-ops.ts). */
const REFERENCE_OPS: Record<string, ReferenceOp> = {
  ...Object.fromEntries(FOUNDATION.map((op) => [op, evalFoundation])),
  ...convReference,
  ...depthwiseReference,
  ...poolingReference,
  ...normalizationReference,
};

function evalNode(node: Node, ins: Float64Array[]): Float64Array[] {
  const impl = REFERENCE_OPS[node.op];
  if (!impl) throw new Error(`interpreter: no reference for op ${node.op}`);
  const out = impl(node, ins);
  return Array.isArray(out) ? out : [out];
}

/**
 * Runs a graph on the CPU in float64 with the reference kernels: the executable test and the
 * gradient-rule checks compare against it. `feeds` gives inputs, params and any value to fix.
 */
export function interpret(graph: Graph, feeds: ReadonlyMap<Value, Float64Array>): Map<Value, Float64Array> {
  const env = new Map<Value, Float64Array>(feeds);
  for (const v of graph.values) if (v.kind === 'const' && v.data) env.set(v, Float64Array.from(v.data));
  for (const node of graph.nodes) {
    const ins = node.inputs.map((v) => {
      const x = env.get(v);
      if (!x) throw new Error(`interpreter: ${v.name} has no value (feed it)`);
      return x;
    });
    evalNode(node, ins).forEach((v, i) => env.set(node.outputs[i], v));
  }
  return env;
}
