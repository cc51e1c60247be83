import { describe, expect, it } from 'vitest';
import { Graph, type Value } from '../../src/graph/ir.js';
import { apply } from '../../src/graph/registry.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { pool2dGeometry } from '../../src/kernels/pooling.js';
import { avgPool2d, concatenateValues, maxPool2d, upSampling2d, zeroPadding2d } from '../../src/nn/pooling.js';
import { TraceContext } from '../../src/nn/layer.js';
import { checkGradRule } from '../helpers/grad-check.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import fixture from '../fixtures/pooling.json';
import { interpret } from '../reference/interpreter.js';
import { fixtureGraph, type PoolingFixtureCase } from '../reference/pooling-fixture.js';

const op = (g: Graph, name: string, inputs: Value[], attrs: Record<string, unknown> = {}) => apply(g, name, inputs, attrs, 'test').outputs[0];

// Finite differences through autodiff + the float64 interpreter. The random inputs are distinct
// reals, so max pooling has no ties (where its gradient is undefined) and no window straddles one.
describe('pooling gradient rules against finite differences (float64 reference)', () => {
  const pools: [string, Record<string, unknown>, number[]][] = [
    ['2×2/2 valid', { poolSize: [2, 2], strides: [2, 2], padding: 'valid' }, [2, 4, 5, 3]],
    ['3×3/2 same (overlapping, asymmetric pad)', { poolSize: [3, 3], strides: [2, 2], padding: 'same' }, [1, 6, 5, 2]],
    ['3×2/1×2 same', { poolSize: [3, 2], strides: [1, 2], padding: 'same' }, [1, 4, 5, 3]],
    ['1×1/3 same (stride > pool)', { poolSize: [1, 1], strides: [3, 3], padding: 'same' }, [2, 5, 4, 1]],
  ];
  for (const [name, attrs, shape] of pools) {
    checkGradRule(`maxPool2d ${name}`, [shape], (g, [x]) => op(g, 'maxPool2d', [x], attrs));
    checkGradRule(`avgPool2d ${name}`, [shape], (g, [x]) => op(g, 'avgPool2d', [x], attrs));
  }
  checkGradRule('globalAvgPool2d', [[2, 3, 5, 4]], (g, [x]) => op(g, 'globalAvgPool2d', [x]));
  for (const interpolation of ['nearest', 'bilinear']) {
    checkGradRule(`upSampling2d ${interpolation} 2×3`, [[2, 3, 4, 2]], (g, [x]) => op(g, 'upSampling2d', [x], { size: [2, 3], interpolation }));
    checkGradRule(`upSampling2d ${interpolation} 1×1 input, 3×1`, [[1, 1, 1, 3]], (g, [x]) => op(g, 'upSampling2d', [x], { size: [3, 1], interpolation }));
  }
  checkGradRule('zeroPadding2d [[1,2],[0,3]]', [[2, 3, 2, 3]], (g, [x]) => op(g, 'zeroPadding2d', [x], { padding: [[1, 2], [0, 3]] }));
  checkGradRule('cropping2d [[1,0],[2,1]]', [[1, 4, 5, 2]], (g, [x]) => op(g, 'cropping2d', [x], { cropping: [[1, 0], [2, 1]] }));
  checkGradRule('concatenate of three', [[2, 3, 2, 1], [2, 3, 2, 4], [2, 3, 2, 2]], (g, xs) => op(g, 'concatenate', xs));
  checkGradRule('concatenate of a value with itself', [[1, 2, 2, 3]], (g, [x]) => op(g, 'concatenate', [x, op(g, 'scale', [x], { alpha: 2 }), x]));
});

describe('pooling geometry and errors', () => {
  it('computes Keras/TF output sizes and padding', () => {
    const same = pool2dGeometry([1, 7, 6, 1], { poolSize: [3, 2], strides: [2, 2], padding: 'same' });
    expect([same.outH, same.outW, same.padTop, same.padLeft]).toEqual([4, 3, 1, 0]);
    const valid = pool2dGeometry([1, 7, 6, 1], { poolSize: [3, 2], strides: [2, 3], padding: 'valid' });
    expect([valid.outH, valid.outW, valid.padTop, valid.padLeft]).toEqual([3, 2, 0, 0]);
    // TF: in 2, pool 5, same → total padding 4, 2 before.
    expect(pool2dGeometry([1, 2, 2, 1], { poolSize: [5, 5], strides: [1, 1], padding: 'same' }).padTop).toBe(2);
  });

  it('throws typed errors when the graph is built', () => {
    const g = new Graph();
    const x = g.input('x', [2, 3, 4, 5]);
    expect(() => op(g, 'maxPool2d', [x], { poolSize: [4, 2], strides: [1, 1], padding: 'valid' })).toThrow(ShapeError);
    expect(() => op(g, 'maxPool2d', [x], { poolSize: [4, 2], strides: [1, 1], padding: 'valid' })).toThrow(/maxPool2d \(test\): poolSize \[4, 2\] is larger than the input's spatial size \[3, 4\]/);
    expect(() => op(g, 'avgPool2d', [x], { poolSize: [0, 2], strides: [1, 1], padding: 'same' })).toThrow(ShapeError);
    expect(() => op(g, 'avgPool2d', [x], { poolSize: [2, 2], strides: [1, -1], padding: 'same' })).toThrow(/strides must be two positive integers/);
    expect(() => op(g, 'maxPool2d', [g.input('flat', [2, 6])], { poolSize: [1, 1], strides: [1, 1], padding: 'same' })).toThrow(/NHWC/);
    expect(() => op(g, 'upSampling2d', [x], { size: [0, 2], interpolation: 'nearest' })).toThrow(ShapeError);
    expect(() => op(g, 'cropping2d', [x], { cropping: [[2, 1], [0, 0]] })).toThrow(/empty output/);
    expect(() => op(g, 'zeroPadding2d', [x], { padding: [[-1, 0], [0, 0]] })).toThrow(ShapeError);
    expect(() => op(g, 'concatenate', [x, g.input('y', [2, 3, 3, 5])])).toThrow(/input 1 \[2, 3, 3, 5\] does not match input 0 \[2, 3, 4, 5\]/);
    expect(() => op(g, 'concatenate', [x])).toThrow(/at least 2 inputs/);
    expect(() => maxPool2d({ poolSize: 0 })).toThrow(ValueError);
    expect(() => avgPool2d({ strides: [2, 1.5] })).toThrow(ValueError);
    expect(() => avgPool2d({ padding: 'causal' as 'same' })).toThrow(ValueError);
    expect(() => upSampling2d({ interpolation: 'bicubic' as 'bilinear' })).toThrow(ValueError);
    expect(() => zeroPadding2d({ padding: [[1, 2], [3]] as unknown as number })).toThrow(ValueError);
    const ctx = new TraceContext(g, true, () => new Float32Array());
    expect(() => concatenateValues([x, x], ctx, { axis: 1 })).toThrow(ValueError);
    const layer = maxPool2d({ poolSize: 3, name: 'pool' });
    expect(() => layer.call(g.input('small', [1, 2, 2, 1]), ctx)).toThrow(/maxPool2d \(pool\)/);
  });

  it('builds layers with Keras defaults', () => {
    expect(maxPool2d().config).toEqual({ poolSize: [2, 2], strides: [2, 2], padding: 'valid' });
    expect(avgPool2d({ poolSize: [3, 2], padding: 'same' }).config).toEqual({ poolSize: [3, 2], strides: [3, 2], padding: 'same' });
    expect(upSampling2d().config).toEqual({ size: [2, 2], interpolation: 'nearest' });
    expect(zeroPadding2d().config).toEqual({ padding: [[1, 1], [1, 1]] });
    expect(zeroPadding2d({ padding: [1, 2] }).config).toEqual({ padding: [[1, 1], [2, 2]] });
    const g = new Graph();
    const ctx = new TraceContext(g, true, () => new Float32Array());
    const a = g.input('a', [2, 3, 3, 1]);
    const b = g.input('b', [2, 3, 3, 6]);
    expect(concatenateValues([a, b, a], ctx).shape).toEqual([2, 3, 3, 8]);
  });
});

describe('the float64 references agree with the PyTorch fixtures', () => {
  for (const c of fixture.cases as PoolingFixtureCase[]) {
    it(c.name, () => {
      const { g, xs, y, grads } = fixtureGraph(c);
      const env = interpret(g, new Map(xs.map((x, i) => [x, Float64Array.from(c.inputs[i].data)])));
      expectClose(env.get(y)!, c.y, TOL.f32.strict, `${c.name}: y`);
      xs.forEach((x, i) => expectClose(env.get(grads.get(x)!)!, c.gx[i], TOL.f32.strict, `${c.name}: gx${i}`));
    });
  }
});
