import { UnsupportedOpError, ValueError } from '../errors.js';
import type { Graph, Value } from './ir.js';
import { apply, opDef } from './registry.js';

/**
 * Reverse-mode autodiff. Walks the forward nodes backwards from `loss`, asks each op's gradient
 * rule for backward nodes, and sums gradients of values used more than once. Returns the
 * gradient value of every parameter in `wrt` that the loss depends on; each is a distinct
 * activation produced by a node, so the memory planner can place it in the gradient page.
 */
export function differentiate(graph: Graph, loss: Value, wrt: readonly Value[]): Map<Value, Value> {
  const forward = graph.nodes.filter((n) => n.phase === 'forward');
  const requires = new Set<Value>(wrt);
  for (const node of forward) if (node.inputs.some((v) => requires.has(v))) for (const o of node.outputs) requires.add(o);
  const reaches = new Set<Value>([loss]);
  for (let i = forward.length - 1; i >= 0; i--) {
    const node = forward[i];
    if (node.outputs.some((o) => reaches.has(o))) for (const v of node.inputs) reaches.add(v);
  }
  if (!wrt.some((p) => reaches.has(p))) throw new ValueError('differentiate', `the loss ${loss.name} does not depend on any trainable parameter`);

  graph.phase = 'backward';
  const grads = new Map<Value, Value>();
  grads.set(loss, graph.constant(`${loss.name}.seed`, loss.shape, new Float32Array(loss.size).fill(1)));
  for (let i = forward.length - 1; i >= 0; i--) {
    const node = forward[i];
    const gys = node.outputs.map((o) => grads.get(o) ?? null);
    if (gys.every((g) => g === null)) continue;
    const needs = node.inputs.map((v) => requires.has(v) && reaches.has(v));
    if (!needs.some(Boolean)) continue;
    const def = opDef(node.op, node.layer);
    if (!def.grad) throw new UnsupportedOpError(`${node.op} (${node.layer})`, 'has no gradient rule');
    const emit = (op: string, inputs: Value[], attrs: Record<string, unknown> = {}) => apply(graph, op, inputs, attrs, node.layer).outputs;
    const gxs = def.grad({ node, attrs: node.attrs, gys, needs, emit });
    node.inputs.forEach((v, j) => {
      const gx = gxs[j];
      if (!needs[j] || !gx) return;
      const prev = grads.get(v);
      grads.set(v, prev ? emit('binary', [prev, gx], { op: 'add' })[0] : gx);
    });
  }

  // Each parameter's gradient must own its storage (it is pinned to the gradient page).
  const owned = new Set<Value>();
  const result = new Map<Value, Value>();
  for (const p of wrt) {
    let g = grads.get(p);
    if (!g) continue;
    const root = aliasRoot(g);
    if (root.kind !== 'activation' || owned.has(root)) {
      g = apply(graph, 'scale', [g], { alpha: 1 }, p.name).outputs[0];
    }
    owned.add(aliasRoot(g));
    result.set(p, g);
  }
  graph.phase = 'forward';
  return result;
}

/** The value whose storage `v` shares (through reshape-like alias ops), or `v` itself. */
export function aliasRoot(v: Value): Value {
  let cur = v;
  while (cur.producer && opDef(cur.producer.op).alias) cur = cur.producer.inputs[0];
  return cur;
}
