import { it } from 'vitest';
import { differentiate } from '../../src/graph/autodiff.js';
import { Graph, type Value } from '../../src/graph/ir.js';
import { apply } from '../../src/graph/registry.js';
import type { Shape } from '../../src/kernels/shape.js';
import { numericGrad } from './finite-diff.js';
import { randomArray } from './random.js';
import { expectClose, TOL } from './tolerance.js';
import { interpret } from '../reference/interpreter.js';

/**
 * Each op's gradient rule, checked through the whole autodiff machinery: build a graph
 * `loss = Σ op(params…) ⊙ w`, differentiate it, run forward and backward nodes with the float64
 * reference interpreter, and compare every parameter gradient with central finite differences.
 */
export function checkGradRule(name: string, shapes: Shape[], build: (g: Graph, ps: Value[]) => Value, options: { positive?: boolean; extra?: (g: Graph) => Map<Value, Float64Array> } = {}): void {
  it(name, () => {
    const g = new Graph();
    const ps = shapes.map((s, i) => g.param(`p${i}`, s));
    const y = build(g, ps);
    const w = g.constant('w', y.shape, Float32Array.from(randomArray(y.size, 99)));
    const prod = apply(g, 'binary', [y, w], { op: 'mul' }, 'loss').outputs[0];
    const loss = apply(g, 'reduce', [prod], { op: 'sum', axes: prod.shape.map((_, i) => i) }, 'loss').outputs[0];
    const grads = differentiate(g, loss, ps);
    const values = ps.map((p, i) => randomArray(p.size, 10 + i, options.positive ? 0.5 : -2, 2));
    const feeds = new Map<Value, Float64Array>(ps.map((p, i) => [p, values[i]]));
    for (const [k, v] of options.extra?.(g) ?? []) feeds.set(k, v);
    const env = interpret(g, feeds);
    ps.forEach((p, i) => {
      const analytic = env.get(grads.get(p)!)!;
      const numeric = numericGrad((x) => {
        const f = new Map(feeds);
        f.set(p, x);
        return interpret(g, f).get(loss)![0];
      }, values[i]);
      expectClose(analytic, numeric, TOL.f64.fd, `${name}: d loss / d ${p.name}`);
    });
  });
}

