import { describe, expect, it } from 'vitest';
import { chooseMatmul, matmul, matmulBias, matmulDispatch, matmulVariants, matmulVec4, matmulVec4Bias, planMatmul, type MatmulGeometry } from '../../src/kernels/matmul.js';
import { fakeCaps } from '../helpers/caps.js';

const gpu = fakeCaps('core');
const lavapipe = { ...fakeCaps('core'), software: true };
const lavapipeSubgroups = { ...lavapipe, subgroups: true, subgroupMinSize: 8 };
const mm = (m: number, k: number, n: number, o: Partial<MatmulGeometry> = {}): MatmulGeometry => ({ m, n, k, batch: 1, transA: false, transB: false, activation: 'linear', alpha: 0, ...o });

describe('chooseMatmul', () => {
  it('software adapters take vec4 when K and N (and M with Aᵀ) are multiples of 4', () => {
    expect(chooseMatmul(mm(256, 784, 512), lavapipe)).toBe('vec4');
    expect(chooseMatmul(mm(25088, 144, 24, { transB: true }), lavapipe)).toBe('vec4');
    expect(chooseMatmul(mm(64, 128, 10), lavapipe)).toBe('blocked');
    expect(chooseMatmul(mm(30, 64, 64, { transA: true }), lavapipe)).toBe('blocked');
    expect(matmulVariants(mm(30, 64, 64, { transA: true }), lavapipe)).toEqual(['direct', 'blocked']);
  });
  it('software adapters with subgroups of ≥ 8 lanes take the subgroup kernel for vec4 shapes with ≥ 8 rows', () => {
    expect(chooseMatmul(mm(256, 784, 512), lavapipeSubgroups)).toBe('subgroup');
    expect(chooseMatmul(mm(24, 25088, 144, { transA: true }), lavapipeSubgroups)).toBe('subgroup');
    expect(chooseMatmul(mm(4, 64, 64), lavapipeSubgroups)).not.toBe('subgroup');
    expect(chooseMatmul(mm(256, 784, 512), { ...lavapipeSubgroups, subgroupMinSize: 4 })).toBe('vec4');
    expect(chooseMatmul(mm(256, 784, 512), { ...gpu, subgroups: true, subgroupMinSize: 32 })).toBe('blocked');
    expect(matmulVariants(mm(32, 64, 64), lavapipeSubgroups)).toContain('subgroup');
    expect(matmulVariants(mm(32, 64, 64), lavapipe)).not.toContain('subgroup');
    const d = matmulDispatch(mm(300, 12, 68), lavapipeSubgroups, true);
    expect(d.kernel.label).toBe('matmul.subgroupBias');
    expect(d.plan.workgroups).toEqual([2, 5, 1]); // 300 / (4·64) rows, 68 / 16 columns
  });
  it('too few vec4 workgroups, GPUs and single rows keep the scalar kernels', () => {
    expect(chooseMatmul(mm(24, 25088, 144, { transA: true }), lavapipe)).toBe('blocked');
    expect(chooseMatmul(mm(256, 784, 512), gpu)).toBe('blocked');
    expect(chooseMatmul(mm(1, 8, 3), lavapipe)).toBe('direct');
  });
});

describe('planMatmul / matmulDispatch', () => {
  it('planMatmul without a variant plans the scalar kernels (dense/bench callers pair it with `matmul`)', () => {
    expect(planMatmul(mm(256, 784, 512), lavapipe).workgroups).toEqual([8, 8, 1]);
  });
  it('vec4 covers 8 columns × 4 rows per invocation and pairs with its own kernels', () => {
    const d = matmulDispatch(mm(33, 12, 68), lavapipe, false, 'vec4');
    expect(d.kernel).toBe(matmulVec4);
    expect(d.plan.workgroups).toEqual([1, 2, 1]); // 68 / (8·16) columns, 33 / (4·8) rows
    expect(matmulDispatch(mm(256, 784, 512), lavapipe, true).kernel).toBe(matmulVec4Bias);
    expect(matmulDispatch(mm(256, 784, 512), gpu, true).kernel).toBe(matmulBias);
    expect(matmulDispatch(mm(1, 8, 3), lavapipe, true)).toMatchObject({ kernel: matmulBias, variant: 'blocked' });
    expect(matmulDispatch(mm(9, 8, 12), gpu).kernel).toBe(matmul);
    expect(() => planMatmul(mm(9, 7, 12), lavapipe, 'vec4')).toThrow(/multiples of 4/);
  });
});
