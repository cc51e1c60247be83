import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../src/errors.js';
import { chooseReduce, planReduce, reduceCooperative, reduceForward, reduceGeometry } from '../../src/kernels/reduce.js';
import { fakeCaps } from '../helpers/caps.js';

describe('reduce canonicalisation', () => {
  it('contiguous axes become [outer, reduced, inner]', () => {
    expect(reduceGeometry([2, 3, 4, 5], [1, 2])).toEqual({
      outShape: [2, 1, 1, 5], outCount: 10, redCount: 12, keptShape: [2, 5], keptStrides: [60, 1], redShape: [12], redStrides: [5],
    });
  });

  it('size-1 dims vanish and separated groups merge across them', () => {
    const g = reduceGeometry([3, 1, 5, 7], [0, 1, 2]);
    expect(g).toMatchObject({ outShape: [1, 1, 1, 7], keptShape: [7], keptStrides: [1], redShape: [15], redStrides: [7] });
    expect(reduceGeometry([4, 1, 1], [1])).toMatchObject({ outShape: [4, 1, 1], keptShape: [4], redShape: [], redCount: 1 });
  });

  it('alternating axes keep one group each', () => {
    expect(reduceGeometry([2, 3, 4, 5, 6, 7], [0, 2, 4])).toMatchObject({
      keptShape: [3, 5, 7], keptStrides: [840, 42, 1], redShape: [2, 4, 6], redStrides: [2520, 210, 7],
    });
  });

  it('negative axes count from the end; bad axes are ShapeErrors', () => {
    expect(reduceGeometry([2, 3], [-1]).outShape).toEqual([2, 1]);
    expect(() => reduceGeometry([2, 3], [2])).toThrow(ShapeError);
    expect(() => reduceGeometry([2, 3], [0, -2])).toThrow(/listed twice/);
  });
});

describe('reduce plans', () => {
  it('chooses cooperative for few outputs over a long extent', () => {
    const caps = fakeCaps('compat');
    expect(chooseReduce(reduceGeometry([8192, 10], [0]), caps)).toBe('cooperative');
    expect(chooseReduce(reduceGeometry([100_000], [0]), caps)).toBe('cooperative');
    expect(chooseReduce(reduceGeometry([64, 56, 56, 8], [3]), caps)).toBe('perOutput');
    expect(chooseReduce(reduceGeometry([100, 100], [0]), caps)).toBe('perOutput');
    expect(chooseReduce(reduceGeometry([200704, 64], [0]), caps)).toBe('cooperative');
    // CPU adapters keep the per-output loop unless the output is a handful of values.
    const software = { ...caps, software: true };
    expect(chooseReduce(reduceGeometry([200704, 64], [0]), software)).toBe('perOutput');
    expect(chooseReduce(reduceGeometry([8192, 10], [0]), software)).toBe('cooperative');
    expect(chooseReduce(reduceGeometry([100_000], [0]), software)).toBe('cooperative');
  });

  for (const kind of ['core', 'compat'] as const) {
    it(`${kind}: one dispatch, grid and scale`, () => {
      const caps = fakeCaps(kind);
      const wg = kind === 'core' ? 256 : 128;
      const coop = planReduce('mean', [8192, 10], [0], caps);
      expect(coop.kernel).toBe(reduceCooperative);
      expect(coop.constants.WG).toBe(wg);
      expect(coop.workgroups).toEqual([10, 1, 1]);
      expect(coop.params.scale).toBeCloseTo(1 / 8192, 12);
      expect(coop.outShape).toEqual([1, 10]);
      // Workgroup memory: WG floats.
      expect(wg * 4).toBeLessThanOrEqual(caps.limits.maxComputeWorkgroupStorageSize);
      const per = planReduce('sum', [1000, 3], [1], caps);
      expect(per.kernel).toBe(reduceForward);
      expect(per.workgroups).toEqual([Math.ceil(1000 / wg), 1, 1]);
      expect(per.params.scale).toBe(1);
    });
  }
});
