import type { Gpu } from '../gpu/gpu.js';
import type { Dataset } from '../data/dataset.js';
import { sizeOf } from '../kernels/shape.js';
import { LimitError } from '../errors.js';

/**
 * A data set uploaded once: samples and labels stay on the GPU and each batch is gathered by a
 * kernel from a shuffled index list, so a training step uploads nothing but the per-step uniform.
 */
export interface GpuDataset {
  readonly source: Dataset;
  readonly x: GPUBuffer;
  readonly y: GPUBuffer;
  /** Shuffled order, rewritten once per epoch. */
  readonly shuffled: GPUBuffer;
  /** Identity order, for evaluation. */
  readonly ordered: GPUBuffer;
  readonly rowWords: number;
  /** Set when x holds bytes (rows padded to whole words), converted as byte · scale + offset. */
  readonly bytes: { readonly scale: number; readonly offset: number } | null;
}

const cache = new WeakMap<Gpu, WeakMap<Dataset, GpuDataset>>();

/** Bytes the samples of `data` take on the GPU (8-bit sources as bytes, rows padded to words). */
export function datasetBytes(data: Dataset): number {
  const per = sizeOf(data.sampleShape);
  return (data.bytes ? Math.ceil(per / 4) : per) * 4 * data.count;
}

/** Whether `data` can stay on the GPU: its samples fit one binding and `limit` bytes. */
export function fitsOnGpu(gpu: Gpu, data: Dataset, limit = Infinity): boolean {
  return datasetBytes(data) <= Math.min(limit, gpu.caps.limits.maxStorageBufferBindingSize);
}

/**
 * Rows `order[start … start+rows)` of `data` as one batch of f32 samples and u32 labels, zero
 * padded to `batch` rows: what a streamed step uploads.
 */
export function hostBatch(data: Dataset, order: Uint32Array, start: number, rows: number, batch: number): { x: Float32Array; y: Uint32Array } {
  const per = sizeOf(data.sampleShape);
  const x = new Float32Array(batch * per);
  const y = new Uint32Array(batch);
  for (let b = 0; b < rows; b++) {
    const i = order[start + b];
    x.set(data.x.subarray(i * per, (i + 1) * per), b * per);
    y[b] = data.y[i];
  }
  return { x, y };
}

/** Uploads `data` (once per device; later calls return the same buffers). */
export function uploadDataset(gpu: Gpu, data: Dataset, label: string): GpuDataset {
  let perDevice = cache.get(gpu);
  if (!perDevice) cache.set(gpu, (perDevice = new WeakMap()));
  const found = perDevice.get(data);
  if (found) return found;
  const per = sizeOf(data.sampleShape);
  const rowWords = data.bytes ? Math.ceil(per / 4) : per;
  const xBytes = rowWords * 4 * data.count;
  const limit = gpu.caps.limits.maxStorageBufferBindingSize;
  if (xBytes > limit) {
    throw new LimitError(label, `data set of ${xBytes} bytes (${data.bytes ? '8-bit' : 'f32'} samples) exceeds maxStorageBufferBindingSize (${limit})`,
      data.bytes ? 'split it into parts smaller than the limit' : 'keep 8-bit images as bytes (Dataset.bytes), or split the data set');
  }
  const x = gpu.pages.allocate(`${label}.x`, xBytes);
  if (data.bytes) {
    // Each row starts on a word boundary so a row's bytes never straddle two samples.
    const padded = new Uint8Array(xBytes);
    for (let i = 0; i < data.count; i++) padded.set(data.bytes.data.subarray(i * per, (i + 1) * per), i * rowWords * 4);
    gpu.write(x, 0, padded);
  } else {
    gpu.write(x, 0, data.x);
  }
  const y = gpu.pages.allocate(`${label}.y`, data.y.byteLength);
  gpu.write(y, 0, data.y);
  const order = new Uint32Array(data.count);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const ordered = gpu.pages.allocate(`${label}.ordered`, order.byteLength);
  gpu.write(ordered, 0, order);
  const shuffled = gpu.pages.allocate(`${label}.shuffled`, order.byteLength);
  gpu.write(shuffled, 0, order);
  const uploaded = { source: data, x, y, shuffled, ordered, rowWords, bytes: data.bytes ? { scale: data.bytes.scale, offset: data.bytes.offset } : null };
  perDevice.set(data, uploaded);
  return uploaded;
}
