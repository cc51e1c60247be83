import { describe, expect, it } from 'vitest';
import { planMemory, type Allocation } from '../../src/graph/planner.js';
import { LimitError } from '../../src/errors.js';
import { rng } from '../helpers/random.js';

function randomAllocations(seed: number, count: number, steps: number, maxBytes: number): Allocation[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, id) => {
    const start = Math.floor(r() * steps);
    const end = start + Math.floor(r() * (steps - start));
    return { id, bytes: 4 * (1 + Math.floor(r() * (maxBytes / 4))), start, end };
  });
}

function checkPlan(allocs: Allocation[], alignment: number, maxPageBytes: number): void {
  const plan = planMemory(allocs, { alignment, maxPageBytes });
  expect(plan.placements.size).toBe(allocs.length);
  for (const a of allocs) {
    const p = plan.placements.get(a.id)!;
    expect(p.offset % alignment, `offset of ${a.id} aligned`).toBe(0);
    expect(p.offset + a.bytes, `tensor ${a.id} within its page`).toBeLessThanOrEqual(plan.pageBytes[p.page]);
  }
  for (const b of plan.pageBytes) expect(b).toBeLessThanOrEqual(maxPageBytes);
  for (let i = 0; i < allocs.length; i++) {
    for (let j = i + 1; j < allocs.length; j++) {
      const a = allocs[i];
      const b = allocs[j];
      if (a.start > b.end || b.start > a.end) continue;
      const pa = plan.placements.get(a.id)!;
      const pb = plan.placements.get(b.id)!;
      if (pa.page !== pb.page) continue;
      const disjoint = pa.offset + a.bytes <= pb.offset || pb.offset + b.bytes <= pa.offset;
      expect(disjoint, `tensors ${a.id} and ${b.id} are live together and overlap`).toBe(true);
    }
  }
  expect(plan.totalBytes).toBeLessThanOrEqual(plan.naiveBytes);
}

describe('memory planner', () => {
  for (const [seed, alignment, maxPage] of [[1, 16, 1 << 20], [2, 256, 1 << 20], [3, 256, 4096], [4, 4, 1 << 16], [5, 64, 2048]] as const) {
    it(`never overlaps live tensors, aligns, and respects the page limit (seed ${seed}, align ${alignment}, page ${maxPage})`, () => {
      for (let trial = 0; trial < 20; trial++) checkPlan(randomAllocations(seed * 100 + trial, 60, 40, Math.min(maxPage, 1500)), alignment, maxPage);
    });
  }

  it('reuses memory of tensors whose lifetimes do not intersect', () => {
    const chain = Array.from({ length: 10 }, (_, i) => ({ id: i, bytes: 1024, start: i, end: i + 1 }));
    const plan = planMemory(chain, { alignment: 256, maxPageBytes: 1 << 20 });
    expect(plan.totalBytes).toBe(2048);
    expect(plan.naiveBytes).toBe(10240);
  });

  it('opens a new page when the first is full, and rejects a tensor above the limit', () => {
    const live = Array.from({ length: 3 }, (_, i) => ({ id: i, bytes: 600, start: 0, end: 5 }));
    const plan = planMemory(live, { alignment: 16, maxPageBytes: 1024 });
    expect(plan.pageBytes.length).toBe(3);
    expect(() => planMemory([{ id: 0, bytes: 2048, start: 0, end: 0, name: 'big' }], { alignment: 16, maxPageBytes: 1024 })).toThrow(LimitError);
    expect(() => planMemory([{ id: 0, bytes: 2048, start: 0, end: 0, name: 'big' }], { alignment: 16, maxPageBytes: 1024 })).toThrow(/big.*maxStorageBufferBindingSize/);
  });
});
