import { describe, expect, it } from 'vitest';
import { differentiate } from '../../src/graph/autodiff.js';
import { checkGradRule } from '../helpers/grad-check.js';
import { Graph, type Value } from '../../src/graph/ir.js';
import { eliminateDeadCode, fuseEpilogues } from '../../src/graph/passes.js';
import { apply } from '../../src/graph/registry.js';
import { ACTIVATIONS, type Activation } from '../../src/kernels/activation.js';
import { BINARY_OPS, type BinaryOp } from '../../src/kernels/elementwise.js';
import type { Shape } from '../../src/kernels/shape.js';
import { numericGrad } from '../helpers/finite-diff.js';
import { randomArray } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { interpret } from '../reference/interpreter.js';

const op = (g: Graph, name: string, inputs: Value[], attrs: Record<string, unknown> = {}) => apply(g, name, inputs, attrs, 'test').outputs[0];

describe('gradient rules against finite differences (float64 reference)', () => {
  for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
    const a: Shape = ta ? [4, 3] : [3, 4];
    const b: Shape = tb ? [5, 4] : [4, 5];
    checkGradRule(`matmul transA=${ta} transB=${tb}`, [a, b], (g, [x, w]) => op(g, 'matmul', [x, w], { transA: ta, transB: tb }));
  }
  checkGradRule('biasAdd over NHWC channels', [[2, 3, 3, 4], [4]], (g, [x, b]) => op(g, 'biasAdd', [x, b]));
  for (const act of Object.keys(ACTIVATIONS) as Activation[]) {
    // Away from the kinks of relu/relu6/leakyRelu, where finite differences are undefined.
    checkGradRule(`unary ${act}`, [[3, 5]], (g, [x]) => op(g, 'unary', [x], { activation: act, alpha: 0.1 }), { positive: act === 'relu6' || act === 'relu' || act === 'leakyRelu' });
  }
  for (const bop of Object.keys(BINARY_OPS) as BinaryOp[]) {
    checkGradRule(`binary ${bop} with broadcasting [2,3,4] ∘ [3,1]`, [[2, 3, 4], [3, 1]], (g, [a, b]) => op(g, 'binary', [a, b], { op: bop }), { positive: bop === 'div' });
    checkGradRule(`binary ${bop} same shape`, [[5, 2]], (g, [a]) => op(g, 'binary', [a, op(g, 'scale', [a], { alpha: 0.5 })], { op: bop === 'div' ? 'mul' : bop }), { positive: true });
  }
  checkGradRule('broadcastTo [3,1] → [2,3,4]', [[3, 1]], (g, [x]) => op(g, 'broadcastTo', [x], { shape: [2, 3, 4] }));
  checkGradRule('scale', [[7]], (g, [x]) => op(g, 'scale', [x], { alpha: -1.5 }));
  checkGradRule('reshape', [[2, 6]], (g, [x]) => op(g, 'reshape', [x], { shape: [3, 4] }));
  for (const axes of [[0], [1], [0, 2], [0, 1, 2]]) {
    checkGradRule(`reduce sum over [${axes}]`, [[2, 3, 4]], (g, [x]) => op(g, 'reduce', [x], { op: 'sum', axes }));
    checkGradRule(`reduce mean over [${axes}]`, [[2, 3, 4]], (g, [x]) => op(g, 'reduce', [x], { op: 'mean', axes }));
  }
  let labels: Value;
  checkGradRule('softmaxCrossEntropy, sparse labels', [[4, 5]], (g, [x]) => {
    labels = g.input('labels', [4], 'u32');
    return op(g, 'softmaxCrossEntropy', [x, labels]);
  }, { extra: () => new Map([[labels, Float64Array.from([0, 4, 2, 2])]]) });
  let targets: Value;
  checkGradRule('softmaxCrossEntropy, one-hot targets', [[3, 4]], (g, [x]) => {
    targets = g.input('targets', [3, 4]);
    return op(g, 'softmaxCrossEntropy', [x, targets]);
  }, { extra: () => new Map([[targets, Float64Array.from([1, 0, 0, 0, 0, 0.5, 0.5, 0, 0, 0, 0, 1])]]) });
  checkGradRule('a value used twice accumulates gradients', [[3, 3]], (g, [x]) => op(g, 'binary', [op(g, 'unary', [x], { activation: 'tanh' }), x], { op: 'mul' }));
});

describe('epilogue fusion', () => {
  it('fuses matmul → biasAdd → relu into one node and computes the same values and gradients', () => {
    const build = () => {
      const g = new Graph();
      const x = g.input('x', [5, 3]);
      const w = g.param('w', [3, 4]);
      const b = g.param('b', [4]);
      const h = op(g, 'unary', [op(g, 'biasAdd', [op(g, 'matmul', [x, w]), b])], { activation: 'relu' });
      const w2 = g.param('w2', [4, 2]);
      const y = op(g, 'unary', [op(g, 'matmul', [h, w2])], { activation: 'gelu' });
      const loss = op(g, 'reduce', [y], { op: 'sum', axes: [0, 1] });
      const grads = differentiate(g, loss, [w, b, w2]);
      return { g, x, w, b, w2, loss, grads };
    };
    const plain = build();
    const fused = build();
    const roots = [fused.loss, ...fused.grads.values()];
    fuseEpilogues(fused.g, roots);
    eliminateDeadCode(fused.g, roots);
    expect(fused.g.nodes.filter((n) => n.phase === 'forward').map((n) => n.op)).toEqual(['matmul', 'matmul', 'unary', 'reduce']);
    expect(fused.g.nodes.find((n) => n.op === 'matmul')!.attrs.activation).toBe('relu');
    const feed = (t: ReturnType<typeof build>) => new Map<Value, Float64Array>([
      [t.x, randomArray(15, 1)], [t.w, randomArray(12, 2)], [t.b, randomArray(4, 3)], [t.w2, randomArray(8, 4)],
    ]);
    const e1 = interpret(plain.g, feed(plain));
    const e2 = interpret(fused.g, feed(fused));
    expectClose(e2.get(fused.loss)!, e1.get(plain.loss)!, TOL.f64.tight);
    for (const k of ['w', 'b', 'w2'] as const) expectClose(e2.get(fused.grads.get(fused[k])!)!, e1.get(plain.grads.get(plain[k])!)!, TOL.f64.tight, k);
  });
});
