import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../src/errors.js';
import { Graph } from '../../src/graph/ir.js';
import { fuseEpilogues } from '../../src/graph/passes.js';
import { apply } from '../../src/graph/registry.js';
import { chooseConv2d, conv2dDispatch, conv2dGeometry, conv2dVariants, planConv2d } from '../../src/kernels/conv2d.js';
import { conv2dTransposeGeometry, conv2dTransposeLength } from '../../src/kernels/conv2d-transpose.js';
import { conv2d, conv2dTranspose } from '../../src/nn/conv.js';
import { fakeCaps } from '../helpers/caps.js';

const core = fakeCaps('core');
const lavapipe = { ...fakeCaps('core'), software: true };
const lavapipeSubgroups = { ...lavapipe, subgroups: true, subgroupMinSize: 8 };

describe('conv2dGeometry', () => {
  it("'same' follows TF: output ceil(in / stride), the odd pad row/column at the bottom/right", () => {
    const g = conv2dGeometry([1, 8, 7, 3], [3, 3, 3, 4], { padding: 'same', strides: 2 });
    expect([g.outH, g.outW]).toEqual([4, 4]);
    expect([g.padTop, g.padBottom, g.padLeft, g.padRight]).toEqual([0, 1, 1, 1]);
    const d = conv2dGeometry([1, 5, 5, 2], [4, 4, 2, 2], { padding: 'same' });
    expect([d.padTop, d.padBottom]).toEqual([1, 2]);
    const dil = conv2dGeometry([1, 9, 9, 1], [3, 3, 1, 1], { padding: 'same', dilation: 2 });
    expect([dil.outH, dil.padTop, dil.padBottom]).toEqual([9, 2, 2]);
  });
  it("'valid' and explicit asymmetric padding", () => {
    const v = conv2dGeometry([2, 7, 6, 4], [3, 2, 2, 6], { groups: 2, strides: [2, 1], dilation: [1, 2] });
    expect([v.outH, v.outW, v.cinG, v.coutG]).toEqual([3, 4, 2, 3]);
    const e = conv2dGeometry([1, 5, 5, 1], [3, 3, 1, 1], { padding: [2, 0, 1, 3] });
    expect([e.outH, e.outW]).toEqual([5, 7]);
  });
  it('rejects bad shapes with ShapeError naming the layer and shapes', () => {
    const bad = (x: number[], w: number[], o: object) => () => conv2dGeometry(x, w, o, 'conv2d (block1.conv)');
    expect(bad([1, 5, 5, 6], [3, 3, 4, 8], { groups: 2 })).toThrow(/conv2d \(block1.conv\): input channels \(6\) must equal filter in-channels × groups \(4 × 2\).*\[1, 5, 5, 6\].*\[3, 3, 4, 8\]/);
    expect(bad([1, 5, 5, 6], [3, 3, 3, 7], { groups: 2 })).toThrow(/filters \(7\) must be divisible by groups \(2\)/);
    expect(bad([1, 5, 5, 3], [3, 3, 3, 7], { strides: 0 })).toThrow(/strides must be positive/);
    expect(bad([1, 5, 5, 3], [3, 3, 3, 7], { dilation: [1, 0] })).toThrow(/dilation must be positive/);
    expect(bad([1, 2, 5, 3], [3, 3, 3, 7], {})).toThrow(/output would be empty \(0×3\)/);
    expect(bad([1, 5, 5, 3], [3, 3, 3, 7], { dilation: 3 })).toThrow(ShapeError);
    expect(bad([5, 5, 3], [3, 3, 3, 7], {})).toThrow(/NHWC/);
  });
  it('shape errors surface when the graph is built', () => {
    const g = new Graph();
    const x = g.input('x', [1, 5, 5, 3]);
    const w = g.param('w', [3, 3, 2, 4]);
    expect(() => apply(g, 'conv2d', [x, w], {}, 'c1')).toThrow(/conv2d \(c1\): input channels \(3\)/);
    expect(() => apply(g, 'conv2d', [x, g.param('w2', [3, 3, 3, 4]), g.param('b', [5])], {}, 'c1')).toThrow(/bias must be \[4\]/);
  });
});

describe('conv2dTransposeGeometry (Keras Conv2DTranspose output sizes)', () => {
  it.each([
    [5, 3, 2, 1, 'valid', null, 11], [5, 3, 2, 1, 'same', null, 10], [5, 1, 3, 1, 'valid', null, 15],
    [5, 3, 2, 1, 'same', 1, 10], [5, 3, 2, 1, 'valid', 1, 12], [4, 3, 1, 2, 'valid', null, 8],
  ] as const)('in %i k %i s %i d %i %s op %s → %i', (size, k, s, d, pad, op, out) => {
    expect(conv2dTransposeLength(size, k, s, d, pad, op)).toBe(out);
  });
  it('maps onto the convolution it transposes', () => {
    const g = conv2dTransposeGeometry([2, 5, 4, 3], [3, 3, 6, 3], { strides: 2, padding: 'same' });
    expect([g.inH, g.inW, g.inC, g.outH, g.outW, g.outC]).toEqual([10, 8, 6, 5, 4, 3]);
    expect(() => conv2dTransposeGeometry([1, 4, 4, 3], [3, 3, 2, 4], {})).toThrow(/input channels \(3\) must equal the filter's last axis \(4\)/);
    expect(() => conv2dTransposeGeometry([1, 4, 4, 3], [3, 3, 2, 3], { strides: 2, outputPadding: 2 })).toThrow(/outputPadding must be/);
  });
});

describe('chooseConv2d', () => {
  const g = conv2dGeometry([32, 32, 32, 32], [3, 3, 32, 64], { padding: 'same' });
  it('pointwise stride-1 unpadded convolutions are matmuls, in every pass', () => {
    const p = conv2dGeometry([2, 8, 8, 16], [1, 1, 16, 8], {});
    for (const pass of ['forward', 'backwardInput', 'backwardFilter'] as const) expect(chooseConv2d(p, core, pass)).toBe('matmul');
    expect(chooseConv2d(conv2dGeometry([2, 8, 8, 16], [1, 1, 16, 8], { strides: 2 }), core)).not.toBe('matmul');
    expect(chooseConv2d(conv2dGeometry([2, 8, 8, 16], [1, 1, 8, 8], { groups: 2 }), core)).not.toBe('matmul');
  });
  it('on CPU adapters with subgroups pointwise convolutions stay matmuls (the subgroup matmul); others with channels to spare take the subgroup kernels', () => {
    const p = conv2dGeometry([2, 8, 8, 16], [1, 1, 16, 8], {});
    for (const pass of ['forward', 'backwardInput', 'backwardFilter'] as const) expect(chooseConv2d(p, lavapipeSubgroups, pass)).toBe('matmul');
    expect(conv2dDispatch(p, lavapipeSubgroups, 'forward').kernel.label).toBe('matmul.subgroup');
    expect(chooseConv2d(conv2dGeometry([2, 8, 8, 16], [1, 1, 16, 6], {}), lavapipeSubgroups)).toBe('matmul');
    expect(chooseConv2d(conv2dGeometry([2, 8, 8, 16], [1, 1, 16, 8], { strides: 2 }), lavapipeSubgroups)).toBe('subgroup');
  });
  it('software adapters take register blocks (vec4 when channels allow, subgroup broadcasts forward with subgroups of ≥ 8 lanes), GPUs workgroup tiles', () => {
    expect(chooseConv2d(g, lavapipe)).toBe('vec4');
    expect(chooseConv2d(g, lavapipeSubgroups)).toBe('subgroup');
    expect(chooseConv2d(g, { ...lavapipeSubgroups, subgroupMinSize: 4 })).toBe('vec4');
    expect(chooseConv2d(g, lavapipeSubgroups, 'backwardInput')).toBe('subgroup');
    expect(chooseConv2d(g, lavapipeSubgroups, 'backwardFilter')).toBe('vec4');
    const stem = conv2dGeometry([8, 32, 32, 3], [7, 7, 3, 64], { strides: 2, padding: 'same' });
    expect(chooseConv2d(stem, lavapipeSubgroups, 'backwardFilter')).toBe('subgroup');
    expect(planConv2d(stem, lavapipeSubgroups, 'backwardFilter', 'subgroup').workgroups).toEqual([4, 21, 1]);
    expect(chooseConv2d(stem, lavapipe, 'backwardFilter')).toBe('blocked');
    expect(chooseConv2d(conv2dGeometry([8, 32, 32, 3], [9, 9, 3, 64], {}), lavapipeSubgroups, 'backwardFilter')).toBe('blocked');
    expect(chooseConv2d(g, { ...core, subgroups: true, subgroupMinSize: 32 })).toBe('tiled');
    expect(conv2dVariants(g, 'forward', lavapipe)).not.toContain('subgroup');
    expect(conv2dVariants(g, 'forward', lavapipeSubgroups)).toContain('subgroup');
    expect(chooseConv2d(conv2dGeometry([1, 9, 9, 3], [3, 3, 3, 5], {}), lavapipeSubgroups)).toBe('blocked');
    expect(chooseConv2d(conv2dGeometry([1, 9, 9, 3], [3, 3, 3, 8], {}), lavapipeSubgroups)).toBe('subgroup');
    expect(conv2dDispatch(conv2dGeometry([1, 9, 9, 3], [3, 3, 3, 8], {}), lavapipeSubgroups, 'forward', true).kernel.label).toBe('conv2d.forwardSubgroupX1Bias');
    expect(conv2dDispatch(g, lavapipeSubgroups, 'forward').kernel.label).toBe('conv2d.forwardSubgroup');
    expect(chooseConv2d(conv2dGeometry([1, 9, 9, 3], [3, 3, 3, 5], {}), lavapipe)).toBe('blocked');
    expect(chooseConv2d(g, core)).toBe('tiled');
    expect(chooseConv2d(g, core, 'backwardInput')).toBe('blocked');
    expect(chooseConv2d(g, core, 'backwardFilter')).toBe('blocked');
  });
  it('software adapters take the vec4 backward variants when channels per group are multiples of 4, blocked otherwise', () => {
    expect(chooseConv2d(g, lavapipe, 'backwardInput')).toBe('vec4');
    expect(chooseConv2d(g, lavapipe, 'backwardFilter')).toBe('vec4');
    const grouped = conv2dGeometry([2, 9, 9, 16], [3, 3, 8, 24], { groups: 2, strides: 2, padding: 'same' });
    expect(chooseConv2d(grouped, lavapipe, 'backwardInput')).toBe('vec4');
    expect(chooseConv2d(grouped, lavapipe, 'backwardFilter')).toBe('vec4');
    const odd = conv2dGeometry([2, 9, 9, 12], [3, 3, 6, 8], { groups: 2 });
    for (const pass of ['backwardInput', 'backwardFilter'] as const) {
      expect(chooseConv2d(odd, lavapipe, pass)).toBe('blocked');
      expect(conv2dVariants(odd, pass, lavapipe)).not.toContain('vec4');
      expect(chooseConv2d(conv2dGeometry([1, 9, 9, 8], [3, 3, 8, 6], {}), lavapipe, pass)).toBe('blocked');
    }
  });
  it('tiny outputs go direct', () => {
    expect(chooseConv2d(conv2dGeometry([1, 3, 3, 2], [3, 3, 2, 2], {}), lavapipe)).toBe('direct');
  });
  it('plans fit compat limits and cover the output', () => {
    const compat = fakeCaps('compat');
    for (const variant of conv2dVariants(g, 'forward', lavapipeSubgroups).filter((v) => v !== 'matmul')) {
      const p = planConv2d(g, compat, 'forward', variant as Exclude<typeof variant, 'matmul'>);
      expect(p.workgroups[2]).toBe(1);
      expect(p.constants.WG_X * p.constants.WG_Y).toBeLessThanOrEqual(128);
    }
    expect(planConv2d(g, compat, 'forward', 'blocked').workgroups).toEqual([1, 1024, 1]);
    expect(planConv2d(g, compat, 'backwardFilter', 'blocked').workgroups).toEqual([1, 9, 1]);
    expect(planConv2d(g, compat, 'backwardInput', 'vec4').workgroups).toEqual([1, 1024, 1]);
    // 9 taps × 4 input-channel blocks × 8 output-channel blocks (8 × 8 channels) = 288 blocks, 128 per workgroup.
    expect(planConv2d(g, compat, 'backwardFilter', 'vec4').workgroups).toEqual([3, 1, 1]);
    expect(() => conv2dDispatch(conv2dGeometry([1, 5, 5, 3], [3, 3, 3, 5], {}), compat, 'forward', false, 'vec4')).toThrow(/cannot run/);
  });
});

describe('fusion and layers', () => {
  it('conv2d → biasAdd → relu fuses into the conv epilogue', () => {
    const g = new Graph();
    const x = g.input('x', [1, 6, 6, 3]);
    const y = apply(g, 'conv2d', [x, g.param('w', [3, 3, 3, 4])], { padding: 'same' }, 'c').outputs[0];
    const z = apply(g, 'biasAdd', [y, g.param('b', [4])], {}, 'c').outputs[0];
    const r = apply(g, 'unary', [z], { activation: 'relu' }, 'c').outputs[0];
    fuseEpilogues(g, [r]);
    expect(g.nodes.map((n) => n.op)).toEqual(['conv2d']);
    expect(g.nodes[0].inputs).toHaveLength(3);
    expect(g.nodes[0].attrs.activation).toBe('relu');
  });
  it('validates options', () => {
    expect(() => conv2d({ filters: 0, kernelSize: 3 })).toThrow(/filters must be/);
    expect(() => conv2d({ filters: 2, kernelSize: [3, 0] })).toThrow(/kernelSize/);
    expect(() => conv2dTranspose({ filters: 2, kernelSize: 3, strides: -1 })).toThrow(/strides/);
  });
});
