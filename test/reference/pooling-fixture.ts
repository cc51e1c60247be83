import { differentiate } from '../../src/graph/autodiff.js';
import { Graph, type Value } from '../../src/graph/ir.js';
import { apply } from '../../src/graph/registry.js';

/** One case of test/fixtures/pooling.json (tools/fixtures/pooling.py): NHWC tensors, flattened. */
export interface PoolingFixtureCase {
  name: string;
  op: string;
  attrs: Record<string, unknown>;
  inputs: { shape: number[]; data: number[] }[];
  outShape: number[];
  y: number[];
  gy: number[];
  gx: number[][];
}

/** Builds loss = Σ op(inputs) ⊙ gy over parameter inputs and differentiates it. */
export function fixtureGraph(c: PoolingFixtureCase): { g: Graph; xs: Value[]; y: Value; grads: Map<Value, Value> } {
  const g = new Graph();
  const xs = c.inputs.map((x, i) => g.param(`x${i}`, x.shape));
  const y = apply(g, c.op, xs, c.attrs, c.op).outputs[0];
  const w = g.constant('gy', y.shape, Float32Array.from(c.gy));
  const prod = apply(g, 'binary', [y, w], { op: 'mul' }, 'loss').outputs[0];
  const loss = apply(g, 'reduce', [prod], { op: 'sum', axes: prod.shape.map((_, i) => i) }, 'loss').outputs[0];
  return { g, xs, y, grads: differentiate(g, loss, xs) };
}
