import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/depthwise-conv2d.json';
import { depthwiseConv2dGeometry, type DepthwiseConv2dAttrs } from '../../src/kernels/depthwise-conv2d.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { depthwiseConv2dBackwardFilterRef, depthwiseConv2dBackwardInputRef, depthwiseConv2dRef } from '../reference/depthwise-conv2d.js';
import type { Graph, Value } from '../../src/graph/ir.js';
import { apply } from '../../src/graph/registry.js';
import { checkGradRule } from '../helpers/grad-check.js';

const op = (g: Graph, name: string, inputs: Value[], attrs: Record<string, unknown> = {}) => apply(g, name, inputs, attrs, 'test').outputs[0];

// Each case differentiates depthwiseConv2d through autodiff (backward-input, chunked
// backward-filter + reduce, bias reduce, fused activation) with the float64 interpreter.
describe('depthwise gradient rules against finite differences (float64 reference)', () => {
  checkGradRule('depthwiseConv2d 3×3 same + bias, 2 filter chunks', [[2, 5, 5, 3], [3, 3, 3, 1], [3]],
    (g, [x, w, b]) => op(g, 'depthwiseConv2d', [x, w, b], { padding: 'same' }));
  checkGradRule('depthwiseConv2d multiplier 2, stride 2 same', [[1, 6, 5, 2], [3, 3, 2, 2]],
    (g, [x, w]) => op(g, 'depthwiseConv2d', [x, w], { padding: 'same', strides: 2 }));
  checkGradRule('depthwiseConv2d 3×2 dilation 2, explicit padding', [[1, 7, 6, 2], [3, 2, 2, 1]],
    (g, [x, w]) => op(g, 'depthwiseConv2d', [x, w], { padding: [[1, 0], [0, 2]], dilationRate: 2 }));
  checkGradRule('depthwiseConv2d + bias with a fused tanh', [[1, 4, 4, 2], [3, 3, 2, 1], [2]],
    (g, [x, w, b]) => op(g, 'depthwiseConv2d', [x, w, b], { padding: 'same', activation: 'tanh' }));
  checkGradRule('depthwiseConv2d 1×1 output, multiplier 3 + bias with a fused sigmoid', [[1, 3, 3, 2], [3, 3, 2, 3], [6]],
    (g, [x, w, b]) => op(g, 'depthwiseConv2d', [x, w, b], { activation: 'sigmoid' }));
});

describe('the float64 references agree with the PyTorch fixtures', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const g = depthwiseConv2dGeometry(c.xShape, c.filterShape, c.attrs as unknown as DepthwiseConv2dAttrs);
      expect(g.outputShape).toEqual(c.yShape);
      expectClose(depthwiseConv2dRef(g, c.x, c.filter, c.bias ?? undefined), c.y, TOL.f64.fd, 'y');
      expectClose(depthwiseConv2dBackwardInputRef(g, c.gy, c.filter), c.gx, TOL.f64.fd, 'gx');
      expectClose(depthwiseConv2dBackwardFilterRef(g, c.x, c.gy), c.gw, TOL.f64.fd, 'gw');
      if (c.gb) {
        // The op's bias gradient: gy summed over batch and space.
        const gb = new Float64Array(g.outChannels);
        c.gy.forEach((v, i) => { gb[i % g.outChannels] += v; });
        expectClose(gb, c.gb, TOL.f64.fd, 'gb');
      }
    });
  }
});
