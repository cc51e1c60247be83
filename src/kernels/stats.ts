/**
 * The shared statistics block of a training step (`struct Stats` in shaders/common/stats.wgsl):
 * written by the metrics, grad-norm and optimizer kernels, read back asynchronously by the trainer.
 * Layout (32 bytes, little-endian): lossSum f32 · correct u32 · count u32 · firstBad u32 ·
 * gradScale f32 · gradNorm f32 · correctTopK u32 · one u32 of padding.
 */
export const STATS_BYTES = 32;

/** Decoded {@link STATS_BYTES} block. `firstBad` is the first step index + 1 with a non-finite loss or gradient norm, 0 if none. */
export interface StatsValues {
  readonly lossSum: number;
  readonly correct: number;
  readonly count: number;
  readonly firstBad: number;
  readonly gradScale: number;
  readonly gradNorm: number;
  /** Rows whose label is among the `topK` largest logits. */
  readonly correctTopK: number;
}

/** Decodes a stats block read back from the GPU (`bytes` holds at least {@link STATS_BYTES}). */
export function readStats(bytes: ArrayBuffer): StatsValues {
  const view = new DataView(bytes, 0, STATS_BYTES);
  return {
    lossSum: view.getFloat32(0, true),
    correct: view.getUint32(4, true),
    count: view.getUint32(8, true),
    firstBad: view.getUint32(12, true),
    gradScale: view.getFloat32(16, true),
    gradNorm: view.getFloat32(20, true),
    correctTopK: view.getUint32(24, true),
  };
}

/** Encodes a stats block (for tests and for resetting the block between epochs). */
export function packStats(values: Partial<StatsValues> = {}): ArrayBuffer {
  const bytes = new ArrayBuffer(STATS_BYTES);
  const view = new DataView(bytes);
  view.setFloat32(0, values.lossSum ?? 0, true);
  view.setUint32(4, values.correct ?? 0, true);
  view.setUint32(8, values.count ?? 0, true);
  view.setUint32(12, values.firstBad ?? 0, true);
  view.setFloat32(16, values.gradScale ?? 1, true);
  view.setFloat32(20, values.gradNorm ?? 0, true);
  view.setUint32(24, values.correctTopK ?? 0, true);
  return bytes;
}
