import { LimitError } from '../errors.js';

/** A tensor to place: its size and the dispatch interval [start, end] during which it is live. */
export interface Allocation {
  readonly id: number;
  readonly bytes: number;
  readonly start: number;
  readonly end: number;
  /** For error messages. */
  readonly name?: string;
}

export interface Placement {
  readonly page: number;
  readonly offset: number;
}

export interface MemoryPlan {
  readonly placements: ReadonlyMap<number, Placement>;
  /** Size of each page in bytes. */
  readonly pageBytes: readonly number[];
  /** Sum of pages: what the activations cost. */
  readonly totalBytes: number;
  /** What one buffer per tensor would cost. */
  readonly naiveBytes: number;
}

export interface PlannerLimits {
  /** Offsets are multiples of this (the device's minStorageBufferOffsetAlignment). */
  readonly alignment: number;
  /** No page is larger (the device's maxStorageBufferBindingSize). */
  readonly maxPageBytes: number;
}

const overlaps = (a: Allocation, b: Allocation) => a.start <= b.end && b.start <= a.end;

/**
 * Greedy-by-size placement (as in TFLite's arena planner): tensors from largest to smallest, each
 * at the lowest aligned offset, in the first page, where it overlaps no already-placed tensor whose
 * lifetime intersects its own. Tensors that are never live together share bytes.
 */
export function planMemory(allocations: readonly Allocation[], limits: PlannerLimits): MemoryPlan {
  const align = (n: number) => Math.ceil(n / limits.alignment) * limits.alignment;
  const order = [...allocations].sort((a, b) => b.bytes - a.bytes || a.start - b.start || a.id - b.id);
  const pages: { items: { a: Allocation; offset: number; size: number }[]; bytes: number }[] = [];
  const placements = new Map<number, Placement>();
  let naive = 0;
  for (const a of order) {
    const size = align(Math.max(a.bytes, 4));
    naive += size;
    if (size > limits.maxPageBytes) {
      throw new LimitError(a.name ?? `tensor ${a.id}`, `needs ${a.bytes} bytes, above the device's maxStorageBufferBindingSize (${limits.maxPageBytes})`,
        'reduce the batch size or the layer width');
    }
    let placed = false;
    for (let p = 0; p <= pages.length && !placed; p++) {
      if (p === pages.length) pages.push({ items: [], bytes: 0 });
      const page = pages[p];
      const busy = page.items.filter((it) => overlaps(it.a, a)).sort((x, y) => x.offset - y.offset);
      let offset = 0;
      for (const it of busy) {
        if (offset + size <= it.offset) break;
        offset = Math.max(offset, align(it.offset + it.size));
      }
      if (offset + size > limits.maxPageBytes) continue;
      page.items.push({ a, offset, size });
      page.bytes = Math.max(page.bytes, offset + size);
      placements.set(a.id, { page: p, offset });
      placed = true;
    }
  }
  const pageBytes = pages.map((p) => p.bytes);
  return { placements, pageBytes, totalBytes: pageBytes.reduce((s, b) => s + b, 0), naiveBytes: naive };
}
