import { describe, expect, it } from 'vitest';
import { UnsupportedOpError } from '../../src/errors.js';
import type { DeviceCaps } from '../../src/gpu/caps.js';
import { conv2dForward, conv2dForwardVec4, conv2dGeometry } from '../../src/kernels/conv2d.js';
import { depthwiseConv2dForwardTiled, depthwiseConv2dForwardVec4, depthwiseConv2dGeometry } from '../../src/kernels/depthwise-conv2d.js';
import {
  choosePrecision, chooseConv2dF16, chooseDepthwiseConv2dF16, conv2dForwardBiasF16, conv2dForwardDirectF16, conv2dForwardDispatch,
  conv2dForwardF16, depthwiseConv2dForwardDirectF16, depthwiseConv2dForwardDispatch, depthwiseConv2dForwardTiledF16,
  matmulBiasF16, matmulDirectF16, matmulF16, matmulForwardDispatch, storageBytes,
} from '../../src/kernels/f16.js';
import { kernelSource, type DType } from '../../src/kernels/kernel.js';
import { matmul as matmulF32, matmulBias as matmulBiasF32 } from '../../src/kernels/matmul.js';
import { fakeCaps } from '../helpers/caps.js';
import { f16Bits, f16Value, roundF16 } from '../helpers/f16.js';

const withF16 = (kind: 'core' | 'compat', f16: boolean): DeviceCaps => ({ ...fakeCaps(kind), f16 });
const HALF = withF16('core', true);
const NO_HALF = withF16('compat', false);

describe('choosePrecision', () => {
  const table: [DType, boolean, 'f32' | 'f16'][] = [['f32', false, 'f32'], ['f32', true, 'f32'], ['f16', true, 'f16']];
  it.each(table)('%s tensors, shader-f16 %s → %s', (dtype, f16, expected) => {
    expect(choosePrecision(dtype, withF16('core', f16), 'conv2d')).toBe(expected);
  });

  it('an f16 request without shader-f16 is an UnsupportedOpError naming the op, or f32 when the fallback is allowed', () => {
    expect(() => choosePrecision('f16', NO_HALF, 'conv2d (block1.conv)')).toThrow(UnsupportedOpError);
    expect(() => choosePrecision('f16', NO_HALF, 'conv2d (block1.conv)')).toThrow(/^conv2d \(block1\.conv\): f16 tensors need the device feature 'shader-f16'.*\(hint: /);
    expect(choosePrecision('f16', NO_HALF, 'conv2d', 'f32')).toBe('f32');
  });

  it('integer dtypes are not float ops', () => {
    expect(() => choosePrecision('u32', HALF, 'matmul')).toThrow(UnsupportedOpError);
    expect(() => choosePrecision('i32', HALF, 'matmul')).toThrow(/^matmul: no i32 kernel/);
  });
});

describe('storageBytes', () => {
  it('pads odd counts of halves to a 4-byte binding', () => {
    expect([0, 1, 2, 3, 4, 105].map((n) => storageBytes(n, 'f16'))).toEqual([4, 4, 4, 8, 8, 212]);
    expect([1, 3].map((n) => storageBytes(n, 'f32'))).toEqual([4, 12]);
  });
});

describe('f16 variant choice', () => {
  it('conv2d: pointwise → matmul, a tiny output → direct, else register blocks', () => {
    expect(chooseConv2dF16(conv2dGeometry([2, 5, 3, 7], [1, 1, 7, 6]), HALF)).toBe('matmul');
    expect(chooseConv2dF16(conv2dGeometry([1, 3, 3, 4], [3, 3, 4, 3]), HALF)).toBe('direct');
    expect(chooseConv2dF16(conv2dGeometry([1, 8, 8, 8], [3, 3, 8, 8], { padding: 'same' }), HALF)).toBe('blocked');
  });

  it('depthwise: the f32 choice, vec4 served by the tiled kernel, large kernels direct', () => {
    expect(chooseDepthwiseConv2dF16(depthwiseConv2dGeometry([1, 8, 8, 8], [3, 3, 8, 1], {}), HALF)).toBe('tiled');
    expect(chooseDepthwiseConv2dF16(depthwiseConv2dGeometry([1, 8, 8, 3], [3, 3, 3, 2], {}), HALF)).toBe('tiled');
    expect(chooseDepthwiseConv2dF16(depthwiseConv2dGeometry([1, 9, 9, 3], [9, 9, 3, 1], {}), HALF)).toBe('direct');
  });
});

describe('precision-aware dispatches', () => {
  const g = conv2dGeometry([2, 8, 8, 8], [3, 3, 8, 8], { padding: 'same' });

  it('conv2d: f16 kernels on an f16 device, the f32 kernels for f32 tensors or as the allowed fallback', () => {
    expect(conv2dForwardDispatch(g, HALF, { dtype: 'f16' })).toMatchObject({ kernel: conv2dForwardF16, precision: 'f16', variant: 'blocked' });
    expect(conv2dForwardDispatch(g, HALF, { dtype: 'f16', bias: true }).kernel).toBe(conv2dForwardBiasF16);
    expect(conv2dForwardDispatch(g, HALF, { dtype: 'f16', variant: 'direct' }).kernel).toBe(conv2dForwardDirectF16);
    const fallback = conv2dForwardDispatch(g, { ...NO_HALF, software: true }, { dtype: 'f16', onMissing: 'f32' });
    expect(fallback.precision).toBe('f32');
    expect(fallback.kernel).toBe(conv2dForwardVec4);
    expect(conv2dForwardDispatch(conv2dGeometry([1, 5, 7, 3], [3, 3, 3, 5]), HALF, { dtype: 'f32' }).kernel).toBe(conv2dForward);
    expect(() => conv2dForwardDispatch(g, NO_HALF, { dtype: 'f16', where: 'conv2d (stem)' })).toThrow(/^conv2d \(stem\): f16 tensors/);
  });

  it('pointwise conv2d is the f16 matmul over NHWC rows', () => {
    const p = conv2dForwardDispatch(conv2dGeometry([2, 5, 3, 7], [1, 1, 7, 6]), HALF, { dtype: 'f16', bias: true });
    expect(p).toMatchObject({ kernel: matmulBiasF16, precision: 'f16', variant: 'matmul' });
    expect(p.plan.params).toMatchObject({ m: 30, n: 6, k: 7 });
  });

  it('matmul: plans as the f32 kernel does; f32 with bias takes the f32 bias kernel', () => {
    const mg = { m: 1, n: 3, k: 5, batch: 1, transA: false, transB: false, activation: 'linear' as const, alpha: 0 };
    expect(matmulForwardDispatch(mg, HALF, { dtype: 'f16' }).kernel).toBe(matmulDirectF16);
    expect(matmulForwardDispatch({ ...mg, m: 9 }, HALF, { dtype: 'f16' }).kernel).toBe(matmulF16);
    expect(matmulForwardDispatch({ ...mg, m: 9 }, HALF, { dtype: 'f32' }).kernel).toBe(matmulF32);
    expect(matmulForwardDispatch(mg, NO_HALF, { dtype: 'f16', bias: true, onMissing: 'f32' })).toMatchObject({ kernel: matmulBiasF32, precision: 'f32' });
    expect(() => matmulForwardDispatch(mg, NO_HALF, { dtype: 'f16' })).toThrow(/^matmul: /);
  });

  it('depthwise: f16 tiled/direct, f32 vec4 where it applies', () => {
    const dg = depthwiseConv2dGeometry([1, 8, 8, 8], [3, 3, 8, 1], { padding: 'same' });
    expect(depthwiseConv2dForwardDispatch(dg, HALF, { dtype: 'f16' })).toMatchObject({ kernel: depthwiseConv2dForwardTiledF16, precision: 'f16' });
    expect(depthwiseConv2dForwardDispatch(dg, HALF, { dtype: 'f16', variant: 'direct' }).kernel).toBe(depthwiseConv2dForwardDirectF16);
    expect(depthwiseConv2dForwardDispatch(dg, NO_HALF, { dtype: 'f16', onMissing: 'f32' })).toMatchObject({ kernel: depthwiseConv2dForwardVec4, precision: 'f32' });
    const odd = depthwiseConv2dGeometry([1, 8, 8, 3], [3, 3, 3, 1], {});
    expect(depthwiseConv2dForwardDispatch(odd, NO_HALF, { dtype: 'f32' }).kernel).toBe(depthwiseConv2dForwardTiled);
    expect(() => depthwiseConv2dForwardDispatch(dg, NO_HALF, { dtype: 'f16' })).toThrow(/^depthwiseConv2d: f16 tensors/);
  });

  it('the f16 kernels take the one-line prelude and declare scalar storage', () => {
    const source = kernelSource(conv2dForwardF16, 'f16');
    expect(source.startsWith('enable f16;\nalias scalar = f16;\n')).toBe(true);
    expect(source).toContain('var<storage, read_write> x: array<scalar>;');
    expect(kernelSource(matmulF16)).toMatch(/^alias scalar = f32;\n/);
  });
});

describe('host binary16 (test/helpers/f16.ts)', () => {
  it('rounds to nearest, ties to even, with subnormals and overflow to Inf', () => {
    expect(roundF16(1 + 2 ** -11)).toBe(1);
    expect(roundF16(1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9);
    expect(roundF16(65504)).toBe(65504);
    expect(roundF16(65519)).toBe(65504);
    expect(roundF16(65520)).toBe(Infinity);
    expect(roundF16(-1e6)).toBe(-Infinity);
    expect(roundF16(2 ** -24)).toBe(2 ** -24);
    expect(roundF16(2 ** -25)).toBe(0);
    expect(roundF16(3 * 2 ** -25)).toBe(2 ** -23);
    expect(roundF16(0.1)).toBe(0.0999755859375);
    expect(f16Bits(-0)).toBe(0x8000);
    expect(f16Bits(Number.NaN)).toBe(0x7e00);
    expect(Number.isNaN(f16Value(0x7e00))).toBe(true);
    expect(f16Bits(1)).toBe(0x3c00);
    expect(f16Value(0x3555)).toBeCloseTo(1 / 3, 3);
  });
});
