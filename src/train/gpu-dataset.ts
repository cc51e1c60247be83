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
}

const cache = new WeakMap<Gpu, WeakMap<Dataset, GpuDataset>>();

/** Uploads `data` (once per device; later calls return the same buffers). */
export function uploadDataset(gpu: Gpu, data: Dataset, label: string): GpuDataset {
  let perDevice = cache.get(gpu);
  if (!perDevice) cache.set(gpu, (perDevice = new WeakMap()));
  const found = perDevice.get(data);
  if (found) return found;
  const rowWords = sizeOf(data.sampleShape);
  const limit = gpu.caps.limits.maxStorageBufferBindingSize;
  if (data.x.byteLength > limit) {
    throw new LimitError(label, `data set of ${data.x.byteLength} bytes exceeds maxStorageBufferBindingSize (${limit})`, 'split it into parts smaller than the limit');
  }
  const x = gpu.pages.allocate(`${label}.x`, data.x.byteLength);
  gpu.write(x, 0, data.x);
  const y = gpu.pages.allocate(`${label}.y`, data.y.byteLength);
  gpu.write(y, 0, data.y);
  const order = new Uint32Array(data.count);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const ordered = gpu.pages.allocate(`${label}.ordered`, order.byteLength);
  gpu.write(ordered, 0, order);
  const shuffled = gpu.pages.allocate(`${label}.shuffled`, order.byteLength);
  gpu.write(shuffled, 0, order);
  const uploaded = { source: data, x, y, shuffled, ordered, rowWords };
  perDevice.set(data, uploaded);
  return uploaded;
}
