import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from '../../src/errors.js';
import { depthwiseConv2d, separableConv2d, sequential } from '../../src/nn/index.js';
import { traceModel } from '../../src/train/graphs.js';
import { Graph } from '../../src/graph/ir.js';
import { apply } from '../../src/graph/registry.js';
import {
  chooseDepthwiseConv2d, DEPTHWISE_TILE_W, depthwiseConv2dGeometry, depthwiseConv2dBackwardFilterVec4, depthwiseConv2dForwardTiledBias,
  depthwiseConv2dForwardVec4, depthwiseFilterChunks, planDepthwiseConv2dBackwardFilter, planDepthwiseConv2dBackwardInput, planDepthwiseConv2dForward,
} from '../../src/kernels/depthwise-conv2d.js';
import { fakeCaps } from '../helpers/caps.js';

const core = fakeCaps('core');
const compat = fakeCaps('compat');

describe('depthwiseConv2dGeometry', () => {
  it("computes 'same' padding as TF (the odd pixel at the end) and 'valid'", () => {
    const g = depthwiseConv2dGeometry([8, 56, 56, 144], [3, 3, 144, 1], { padding: 'same', strides: 2 });
    expect([g.outH, g.outW, g.outChannels, g.padTop, g.padBottom, g.padLeft, g.padRight]).toEqual([28, 28, 144, 0, 1, 0, 1]);
    const h = depthwiseConv2dGeometry([1, 7, 9, 3], [5, 5, 3, 2], { padding: 'same', dilationRate: 2 });
    expect([h.outH, h.outW, h.outChannels, h.padTop, h.padLeft]).toEqual([7, 9, 6, 4, 4]);
    const v = depthwiseConv2dGeometry([1, 7, 9, 3], [3, 3, 3, 1], { padding: 'valid', strides: [2, 3] });
    expect(v.outputShape).toEqual([1, 3, 3, 3]);
    const e = depthwiseConv2dGeometry([1, 4, 4, 1], [3, 3, 1, 1], { padding: [[1, 0], [2, 3]] });
    expect(e.outputShape).toEqual([1, 3, 7, 1]);
    const flat = depthwiseConv2dGeometry([1, 4, 4, 1], [3, 3, 1, 1], { padding: [1, 0, 2, 3] });
    expect([flat.padTop, flat.padBottom, flat.padLeft, flat.padRight, flat.outW]).toEqual([1, 0, 2, 3, 7]);
  });

  it('throws typed errors naming the layer and the shapes', () => {
    const where = 'depthwiseConv2d (block1.dw)';
    const geo = (x: number[], f: number[], attrs: object, bias?: number[]) => () => depthwiseConv2dGeometry(x, f, attrs, where, bias);
    expect(geo([1, 8, 8, 3], [3, 3, 3, 1], { strides: 0 })).toThrow(ShapeError);
    expect(geo([1, 8, 8, 3], [3, 3, 3, 1], { strides: 0 })).toThrow(/block1\.dw.*strides must be positive/);
    expect(geo([1, 8, 8, 3], [3, 3, 3, 1], { dilationRate: [1, 0] })).toThrow(/dilationRate must be positive/);
    expect(geo([1, 2, 8, 3], [3, 3, 3, 1], { padding: 'valid' })).toThrow(/output would be empty.*\[1, 2, 8, 3\].*3×3/);
    expect(geo([1, 5, 5, 3], [3, 3, 3, 1], { dilationRate: 3 })).toThrow(/empty.*span 7×7/);
    expect(geo([1, 8, 8, 3], [3, 3, 3, 0], {})).toThrow(/multiplier must be ≥ 1/);
    expect(geo([1, 8, 8, 3], [3, 3, 3, 2], {}, [3])).toThrow(/bias must be \[6\].*got \[3\]/);
    expect(geo([1, 8, 8, 3], [3, 3, 4, 1], {})).toThrow(/in-channels.*expected 3/);
    expect(geo([8, 8, 3], [3, 3, 3, 1], {})).toThrow(/NHWC/);
    expect(geo([1, 8, 8, 3], [3, 3, 3, 1], { padding: -1 })).toThrow(/padding must be/);
  });

  it('errors from the op name the layer when the graph is built', () => {
    const g = new Graph();
    const x = g.input('x', [2, 8, 8, 3]);
    const w = g.param('w', [3, 3, 3, 2]);
    const b = g.param('b', [4]);
    expect(() => apply(g, 'depthwiseConv2d', [x, w, b], { padding: 'same' }, 'block1.dw')).toThrow(/depthwiseConv2d \(block1\.dw\): bias must be \[6\]/);
    expect(apply(g, 'depthwiseConv2d', [x, w], { padding: 'same', strides: 2 }, 'ok').outputs[0].shape).toEqual([2, 4, 4, 6]);
  });
});

describe('chooseDepthwiseConv2d', () => {
  const geo = (c: number, m: number, k = 3) => depthwiseConv2dGeometry([1, 9, 9, c], [k, k, c, m], { padding: 'same' });
  it('uses vec4 for multiplier 1 with channels a multiple of 4', () => {
    expect(chooseDepthwiseConv2d(geo(8, 1), core)).toEqual({ forward: 'vec4', backwardInput: 'vec4', backwardFilter: 'vec4' });
    expect(chooseDepthwiseConv2d(geo(4, 1, 5), compat)).toEqual({ forward: 'vec4', backwardInput: 'vec4', backwardFilter: 'vec4' });
  });
  it('falls back to scalar kernels for odd channels or a multiplier', () => {
    expect(chooseDepthwiseConv2d(geo(3, 1), core)).toEqual({ forward: 'tiled', backwardInput: 'direct', backwardFilter: 'direct' });
    expect(chooseDepthwiseConv2d(geo(4, 2), core)).toEqual({ forward: 'tiled', backwardInput: 'direct', backwardFilter: 'direct' });
  });
  it('CPU adapters with subgroups of ≥ 8 lanes take the subgroup forward for 3×3, dilation 1, strides ≤ 2 (input gradient: stride 1)', () => {
    const cpu = { ...core, software: true, subgroups: true, subgroupMinSize: 8 };
    expect(chooseDepthwiseConv2d(geo(8, 1), cpu)).toEqual({ forward: 'subgroup', backwardInput: 'subgroup', backwardFilter: 'vec4' });
    expect(chooseDepthwiseConv2d(depthwiseConv2dGeometry([1, 9, 9, 8], [3, 3, 8, 1], { strides: 2 }), cpu)).toEqual({ forward: 'subgroup', backwardInput: 'vec4', backwardFilter: 'vec4' });
    expect(chooseDepthwiseConv2d(depthwiseConv2dGeometry([1, 9, 9, 8], [3, 3, 8, 1], { strides: 3 }), cpu).forward).toBe('vec4');
    expect(chooseDepthwiseConv2d(depthwiseConv2dGeometry([1, 9, 9, 8], [3, 3, 8, 1], { dilationRate: 2 }), cpu).forward).toBe('vec4');
    expect(chooseDepthwiseConv2d(geo(8, 1, 5), cpu).forward).toBe('vec4');
    expect(chooseDepthwiseConv2d(geo(8, 2), cpu).forward).toBe('tiled');
    expect(chooseDepthwiseConv2d(geo(8, 1), { ...cpu, subgroupMinSize: 4 }).forward).toBe('vec4');
    expect(chooseDepthwiseConv2d(geo(8, 1), { ...cpu, software: false }).forward).toBe('vec4');
  });
  it('does not unroll kernels larger than 7×7', () => {
    expect(chooseDepthwiseConv2d(geo(8, 1, 7), core).forward).toBe('vec4');
    expect(chooseDepthwiseConv2d(geo(8, 1, 9), core).forward).toBe('direct');
    expect(chooseDepthwiseConv2d(geo(3, 1, 9), core).forward).toBe('direct');
    expect(chooseDepthwiseConv2d(geo(8, 1, 9), core).backwardInput).toBe('direct');
    const wide = depthwiseConv2dGeometry([1, 9, 12, 8], [1, 9, 8, 1], { padding: 'same' });
    expect(chooseDepthwiseConv2d(wide, core)).toEqual({ forward: 'vec4', backwardInput: 'vec4', backwardFilter: 'direct' });
  });
});

describe('depthwise plans', () => {
  const g = depthwiseConv2dGeometry([2, 9, 10, 8], [3, 3, 8, 1], { padding: 'same', strides: 2 });
  it('forward: vec4 with bias picks the bias kernel, specialises taps, counts tiles of TILE_W columns', () => {
    const p = planDepthwiseConv2dForward(g, compat);
    expect(p.kernel).toBe(depthwiseConv2dForwardVec4);
    expect(p.constants).toMatchObject({ KERNEL_H: 3, KERNEL_W: 3, STRIDE_H: 2, STRIDE_W: 2, DILATION_H: 1, WG: 64 });
    expect(p.params.count).toBe(2 * Math.ceil(5 / 2) * Math.ceil(5 / DEPTHWISE_TILE_W) * 2); // 2-row × TILE_W blocks
    const t = planDepthwiseConv2dForward(g, compat, { variant: 'tiled', bias: true, activation: 'relu6' });
    expect(t.kernel).toBe(depthwiseConv2dForwardTiledBias);
    expect(t.constants.ACTIVATION).toBe(2);
    const d = planDepthwiseConv2dForward(g, compat, { variant: 'direct' });
    expect(d.constants).toMatchObject({ KERNEL_H: 0, STRIDE_W: 0 });
    expect(d.params.count).toBe(2 * 5 * 5 * 8);
    expect(d.workgroups).toEqual([Math.ceil(400 / 64), 1, 1]);
  });
  it('backward passes cover every input element and every chunk', () => {
    expect(planDepthwiseConv2dBackwardInput(g, core).params.count).toBe(2 * Math.ceil(9 / 2) * Math.ceil(10 / DEPTHWISE_TILE_W) * 2);
    expect(planDepthwiseConv2dBackwardInput(g, core, 'direct').params.count).toBe(2 * 9 * 10 * 8);
    const f = planDepthwiseConv2dBackwardFilter(g, core);
    const { chunks, rowsPerChunk } = depthwiseFilterChunks(g);
    expect(f.kernel).toBe(depthwiseConv2dBackwardFilterVec4);
    expect(f.params.count).toBe(chunks * 3 * 2);
    expect(f.params.rowsPerChunk).toBe(rowsPerChunk);
  });
  it('splits output rows into chunks that cover them exactly once', () => {
    for (const shape of [[1, 1, 1, 4], [2, 9, 10, 8], [8, 56, 56, 144], [64, 112, 112, 32]]) {
      const geo = depthwiseConv2dGeometry(shape, [3, 3, shape[3], 1], { padding: 'same' });
      const { chunks, rowsPerChunk } = depthwiseFilterChunks(geo);
      const rows = geo.batch * geo.outH;
      expect(chunks).toBeGreaterThanOrEqual(1);
      expect(chunks * rowsPerChunk).toBeGreaterThanOrEqual(rows);
      expect((chunks - 1) * rowsPerChunk).toBeLessThan(rows);
    }
  });
});

describe('depthwise layers', () => {
  it('declare Keras-named parameters and fuse bias and activation into the kernels', () => {
    const model = sequential([
      depthwiseConv2d({ kernelSize: 3, padding: 'same', depthMultiplier: 2, activation: 'relu', name: 'dw' }),
      separableConv2d({ filters: 5, kernelSize: [3, 5], strides: 2, padding: 'same', activation: 'relu6', name: 'sep' }),
    ]);
    const t = traceModel(model, 'predict', 2, [9, 9, 3], 1);
    expect(t.params.map((p) => [p.name, p.shape])).toEqual([
      ['dw.depthwiseKernel', [3, 3, 3, 2]], ['dw.bias', [6]],
      ['sep.depthwiseKernel', [3, 5, 6, 1]], ['sep.pointwiseKernel', [1, 1, 6, 5]], ['sep.bias', [5]],
    ]);
    expect(t.output.shape).toEqual([2, 5, 5, 5]);
    const ops = t.graph.nodes.filter((n) => n.op !== 'reshape');
    expect(ops.map((n) => [n.op, n.inputs.length, n.attrs.activation ?? 'linear'])).toEqual([
      ['depthwiseConv2d', 3, 'relu'], ['depthwiseConv2d', 2, 'linear'], ['matmul', 3, 'relu6'],
    ]);
  });
  it('reject bad options with typed errors', () => {
    expect(() => depthwiseConv2d({ kernelSize: 3, depthMultiplier: 0 })).toThrow(ValueError);
    expect(() => depthwiseConv2d({ kernelSize: [3, 0] })).toThrow(/kernelSize must be positive/);
    expect(() => separableConv2d({ filters: 0, kernelSize: 3 })).toThrow(/filters must be a positive integer/);
    const tooSmall = sequential([depthwiseConv2d({ kernelSize: 5, name: 'dw' })]);
    expect(() => traceModel(tooSmall, 'predict', 1, [3, 3, 2], 1)).toThrow(/depthwiseConv2d \(dw\): output would be empty/);
    expect(() => traceModel(sequential([separableConv2d({ filters: 2, kernelSize: 3 })]), 'predict', 1, [9, 2], 1)).toThrow(ShapeError);
  });
});
