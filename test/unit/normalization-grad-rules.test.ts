import { describe, expect, it } from 'vitest';
import { Graph, type Value } from '../../src/graph/ir.js';
import { eliminateDeadCode } from '../../src/graph/passes.js';
import { apply } from '../../src/graph/registry.js';
import { chooseChannelLanes } from '../../src/kernels/batch-norm.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { checkGradRule } from '../helpers/grad-check.js';
import { fakeCaps } from '../helpers/caps.js';
import { interpret } from '../reference/interpreter.js';

const outs = (g: Graph, name: string, inputs: Value[], attrs: Record<string, unknown> = {}) => apply(g, name, inputs, attrs, 'test').outputs;
const op = (g: Graph, name: string, inputs: Value[], attrs: Record<string, unknown> = {}) => outs(g, name, inputs, attrs)[0];
const constant = (g: Graph, name: string, values: number[]) => g.constant(name, [values.length], Float32Array.from(values));

describe('normalization gradient rules against finite differences (float64 reference)', () => {
  checkGradRule('stack', [[3], [3]], (g, [a, b]) => op(g, 'stack', [a, b]));
  for (const shape of [[5, 3], [2, 2, 3, 4], [1, 1, 7, 2]]) {
    const c = shape[shape.length - 1];
    checkGradRule(`batchNormTrain [${shape}] (x, gamma, beta)`, [shape, [c], [c]], (g, [x, gamma, beta]) => op(g, 'batchNormTrain', [x, gamma, beta], { epsilon: 1e-3 }));
  }
  checkGradRule('batchNormTrain, gamma and beta fixed (center/scale off)', [[6, 4]], (g, [x]) =>
    op(g, 'batchNormTrain', [x, constant(g, 'gamma', [1, 1, 1, 1]), constant(g, 'beta', [0, 0, 0, 0])], { epsilon: 1e-3 }));
  checkGradRule('batchNorm (inference: moving statistics fixed)', [[2, 3, 3], [3], [3]], (g, [x, gamma, beta]) =>
    op(g, 'batchNorm', [x, gamma, beta, constant(g, 'mean', [0.3, -1, 2]), constant(g, 'var', [0.5, 2, 0.01])], { epsilon: 1e-3 }));
  checkGradRule('layerNorm over the last axis, gamma/beta through stack', [[3, 5], [5], [5]], (g, [x, gamma, beta]) =>
    op(g, 'layerNorm', [x, op(g, 'stack', [gamma, beta])], { axes: [1], epsilon: 1e-3 }));
  checkGradRule('layerNorm over the last two axes', [[2, 3, 4], [3, 4], [3, 4]], (g, [x, gamma, beta]) =>
    op(g, 'layerNorm', [x, op(g, 'stack', [gamma, beta])], { axes: [1, 2], epsilon: 1e-3 }));
  checkGradRule('groupNorm NHWC, 3 groups of 2 channels', [[2, 2, 3, 6], [6], [6]], (g, [x, gamma, beta]) =>
    op(g, 'groupNorm', [x, op(g, 'stack', [gamma, beta])], { groups: 3, epsilon: 1e-3 }));
  checkGradRule('dropout', [[4, 6]], (g, [x]) => op(g, 'dropout', [x], { rate: 0.4, seed: 3, spatial: false }));
  checkGradRule('spatial dropout', [[2, 3, 3, 4]], (g, [x]) => op(g, 'dropout', [x], { rate: 0.5, seed: 3, spatial: true }));
});

describe('normalization ops', () => {
  it('batchNormUpdate writes the moving statistics in place and survives dead-code elimination', () => {
    const g = new Graph();
    const x = g.input('x', [4, 2]);
    const [gamma, beta, mm, mv] = ['gamma', 'beta', 'mm', 'mv'].map((n) => g.param(n, [2]));
    const [y, t] = outs(g, 'batchNormTrain', [x, gamma, beta], { epsilon: 1e-3 });
    apply(g, 'batchNormUpdate', [t, mm, mv], { momentum: 0.9 }, 'test');
    eliminateDeadCode(g, [y]);
    expect(g.nodes.map((n) => n.op)).toEqual(['batchNormTrain', 'batchNormUpdate']);
    const feeds = new Map([[x, Float64Array.from([1, 0, 3, 0, 5, 0, 7, 0])], [gamma, Float64Array.of(1, 1)], [beta, Float64Array.of(0, 0)], [mm, Float64Array.of(0, 0)], [mv, Float64Array.of(1, 1)]]);
    interpret(g, feeds);
    // mean (4, 0), biased var (5, 0): moving ← 0.9·moving + 0.1·batch.
    expect(feeds.get(mm)![0]).toBeCloseTo(0.4, 12);
    expect(feeds.get(mm)![1]).toBe(0);
    expect(feeds.get(mv)![0]).toBeCloseTo(0.9 + 0.5, 12);
    expect(feeds.get(mv)![1]).toBeCloseTo(0.9, 12);
  });

  it('a batch of one in training mode gives beta (zero variance), never NaN', () => {
    const g = new Graph();
    const x = g.input('x', [1, 3]);
    const y = op(g, 'batchNormTrain', [x, constant(g, 'gamma', [2, 2, 2]), constant(g, 'beta', [0.5, -1, 0])], { epsilon: 1e-3 });
    const env = interpret(g, new Map([[x, Float64Array.of(3, -7, 1e6)]]));
    expect(Array.from(env.get(y)!)).toEqual([0.5, -1, 0]);
  });

  it('shape errors are typed and name the op', () => {
    const g = new Graph();
    const x = g.input('x', [2, 4, 4, 6]);
    const p = (n: string, s: number[]) => g.param(n, s);
    expect(() => op(g, 'batchNormTrain', [x, p('g1', [5]), p('b1', [6])], { epsilon: 1e-3 })).toThrow(ShapeError);
    expect(() => op(g, 'groupNorm', [x, p('gb', [2, 6])], { groups: 4, epsilon: 1e-3 })).toThrow(/groupNorm \(test\): groups \(4\) must be a positive divisor of the channels \(6\)/);
    expect(() => op(g, 'layerNorm', [x, p('gb2', [2, 6])], { axes: [1], epsilon: 1e-3 })).toThrow(ShapeError);
    expect(() => op(g, 'layerNorm', [x, p('gb3', [2, 4, 6])], { axes: [-1], epsilon: 1e-3 })).toThrow(/gamma\/beta table must be \[2, 6\]|\[2,6\]/);
    expect(() => op(g, 'dropout', [x], { rate: 1, seed: 0, spatial: false })).toThrow(ValueError);
    expect(() => op(g, 'dropout', [g.input('d', [3, 4])], { rate: 0.5, seed: 0, spatial: true })).toThrow(ShapeError);
  });

  it('chooseChannelLanes: few channels get many row lanes, at most 16 channels per workgroup', () => {
    for (const kind of ['core', 'compat'] as const) {
      const caps = fakeCaps(kind);
      const wg = kind === 'core' ? 256 : 128;
      expect([1, 2, 3, 5, 16, 17, 512].map((c) => chooseChannelLanes(c, caps))).toEqual([1, 2, 4, 8, 16, 16, 16].map((chLanes) => ({ WG: wg, chLanes })));
    }
  });
});
