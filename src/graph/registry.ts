import { UnsupportedOpError } from '../errors.js';
import type { Graph, Node, Value } from './ir.js';
import type { OpDef } from './op.js';
import { biasAddOp, matmulOp } from './ops/dense.js';
import { binaryOp, broadcastToOp, reshapeOp, scaleOp, unaryBackwardOp, unaryOp } from './ops/elementwise.js';
import { softmaxCrossEntropyBackwardOp, softmaxCrossEntropyOp } from './ops/losses.js';
import { reduceOp } from './ops/reduce.js';

/** Every primitive, by name. The IR maps onto ONNX operators where ONNX has them. */
export const OPS: Readonly<Record<string, OpDef<never>>> = {
  matmul: matmulOp,
  biasAdd: biasAddOp,
  unary: unaryOp,
  unaryBackward: unaryBackwardOp,
  binary: binaryOp,
  broadcastTo: broadcastToOp,
  scale: scaleOp,
  reshape: reshapeOp,
  reduce: reduceOp,
  softmaxCrossEntropy: softmaxCrossEntropyOp,
  softmaxCrossEntropyBackward: softmaxCrossEntropyBackwardOp,
} as Record<string, OpDef<never>>;

export function opDef(op: string, where = op): OpDef<Record<string, unknown>> {
  const def = OPS[op] as OpDef<Record<string, unknown>> | undefined;
  if (!def) throw new UnsupportedOpError(where, `op '${op}' is not implemented`);
  return def;
}

/** Applies an op: infers its output shapes (throwing a typed error naming `layer`) and adds the node. */
export function apply(graph: Graph, op: string, inputs: Value[], attrs: Record<string, unknown>, layer: string): Node {
  const def = opDef(op, layer);
  const outputs = def.inferShape(inputs, attrs, `${op} (${layer})`);
  return graph.addNode(op, inputs, outputs as { shape: number[]; dtype: Value['dtype'] }[], attrs, layer);
}
