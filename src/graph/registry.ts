import { UnsupportedOpError } from '../errors.js';
import type { Graph, Node, Value } from './ir.js';
import type { OpDef } from './op.js';
import { convOps } from './ops/conv.js';
import { denseOps } from './ops/dense.js';
import { depthwiseOps } from './ops/depthwise.js';
import { elementwiseOps } from './ops/elementwise.js';
import { lossOps } from './ops/losses.js';
import { normalizationOps } from './ops/normalization.js';
import { poolingOps } from './ops/pooling.js';
import { reduceOps } from './ops/reduce.js';

/**
 * Every primitive, by name, one table per op family (src/graph/ops/<family>.ts). The IR maps
 * onto ONNX operators where ONNX has them.
 */
export const OPS: Readonly<Record<string, OpDef<never>>> = {
  ...denseOps,
  ...elementwiseOps,
  ...reduceOps,
  ...lossOps,
  ...convOps,
  ...depthwiseOps,
  ...poolingOps,
  ...normalizationOps,
};

export function opDef(op: string, where = op): OpDef<Record<string, unknown>> {
  const def = OPS[op] as OpDef<Record<string, unknown>> | undefined;
  if (!def) throw new UnsupportedOpError(where, `op '${op}' is not a registered op`, 'ops are registered per family in src/graph/ops/');
  return def;
}

/** Applies an op: infers its output shapes (throwing a typed error naming `layer`) and adds the node. */
export function apply(graph: Graph, op: string, inputs: Value[], attrs: Record<string, unknown>, layer: string): Node {
  const def = opDef(op, layer);
  const outputs = def.inferShape(inputs, attrs, `${op} (${layer})`);
  return graph.addNode(op, inputs, outputs as { shape: number[]; dtype: Value['dtype'] }[], attrs, layer);
}
