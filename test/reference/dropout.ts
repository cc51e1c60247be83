// The dropout mask of shaders/dropout/dropout.wgsl reproduced in TypeScript, bit for bit.

/** The lowbias32 integer hash (Wellons), in u32 arithmetic. */
export function lowbias32(v: number): number {
  let h = v >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

export interface DropoutRefOptions {
  rate: number;
  layerSeed: number;
  /** step.seed and step.index of the per-step uniform. */
  seed: number;
  index: number;
  /** Spatial dropout over NHWC [N, ..., C]: the mask is indexed by (sample, channel). */
  spatial?: { channels: number; plane: number };
}

/** keep[i] for `count` elements (1 kept, 0 dropped). */
export function dropoutMaskRef(count: number, o: DropoutRefOptions): Uint8Array {
  const key = lowbias32(lowbias32(lowbias32(o.layerSeed) ^ o.seed) ^ o.index);
  const threshold = Math.round(o.rate * 2 ** 24);
  const keep = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const m = o.spatial ? Math.floor(i / o.spatial.plane) * o.spatial.channels + (i % o.spatial.channels) : i;
    const bits = lowbias32((lowbias32((m ^ key) >>> 0) + key) >>> 0);
    keep[i] = bits >>> 8 >= threshold ? 1 : 0;
  }
  return keep;
}

/** y = x · keep / (1 − rate). */
export function dropoutRef(x: ArrayLike<number>, o: DropoutRefOptions): Float64Array {
  const keep = dropoutMaskRef(x.length, o);
  const scale = Math.fround(1 / (1 - o.rate));
  return Float64Array.from(x, (v, i) => (keep[i] ? v * scale : 0));
}
