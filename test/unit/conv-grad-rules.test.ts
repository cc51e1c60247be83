import { describe } from 'vitest';
import type { Graph, Value } from '../../src/graph/ir.js';
import { apply } from '../../src/graph/registry.js';
import { checkGradRule } from '../helpers/grad-check.js';

const op = (g: Graph, name: string, inputs: Value[], attrs: Record<string, unknown> = {}) => apply(g, name, inputs, attrs, 'test').outputs[0];

describe('conv gradient rules against finite differences (float64 reference)', () => {
  checkGradRule('conv2d 3×3 valid, bias', [[1, 4, 5, 2], [3, 3, 2, 3], [3]], (g, [x, w, b]) => op(g, 'conv2d', [x, w, b]));
  checkGradRule("conv2d stride 2 'same' (pad bottom/right)", [[2, 5, 4, 3], [3, 2, 3, 2]], (g, [x, w]) => op(g, 'conv2d', [x, w], { strides: 2, padding: 'same' }));
  checkGradRule('conv2d dilation 2, explicit [1,0,2,1]', [[1, 6, 5, 2], [2, 2, 2, 2]], (g, [x, w]) => op(g, 'conv2d', [x, w], { dilation: 2, padding: [1, 0, 2, 1] }));
  checkGradRule('conv2d groups 2, stride [1,2]', [[1, 4, 5, 4], [2, 2, 2, 4], [4]], (g, [x, w, b]) => op(g, 'conv2d', [x, w, b], { groups: 2, strides: [1, 2], padding: 'same' }));
  checkGradRule('conv2d fused sigmoid', [[1, 3, 3, 2], [2, 2, 2, 2], [2]], (g, [x, w, b]) => op(g, 'conv2d', [x, w, b], { activation: 'sigmoid' }));
  checkGradRule('conv2d pointwise', [[2, 2, 3, 3], [1, 1, 3, 2]], (g, [x, w]) => op(g, 'conv2d', [x, w]));
  checkGradRule('conv2dBackwardInput (double backward)', [[1, 2, 2, 2], [3, 3, 3, 2]], (g, [gy, w]) => op(g, 'conv2dBackwardInput', [gy, w], { inputShape: [1, 4, 3, 3], strides: 2, padding: [1, 1, 1, 1] }));
  checkGradRule('conv2dBackwardFilter (double backward)', [[1, 4, 4, 2], [1, 2, 2, 2]], (g, [x, gy]) => op(g, 'conv2dBackwardFilter', [x, gy], { filterShape: [3, 3, 1, 2], strides: 2, padding: 'same', groups: 2 }));
  checkGradRule("conv2dTranspose stride 2 'same'", [[1, 3, 2, 2], [3, 3, 3, 2]], (g, [x, w]) => op(g, 'conv2dTranspose', [x, w], { strides: 2, padding: 'same' }));
  checkGradRule("conv2dTranspose 'valid' outputPadding 1, dilation 2", [[2, 2, 3, 3], [2, 2, 2, 3]], (g, [x, w]) => op(g, 'conv2dTranspose', [x, w], { strides: 2, outputPadding: [1, 0], dilation: 2 }));
  checkGradRule("conv2dTranspose 'valid' kernel below stride", [[1, 2, 2, 1], [2, 1, 2, 1]], (g, [x, w]) => op(g, 'conv2dTranspose', [x, w], { strides: 3 }));
});
