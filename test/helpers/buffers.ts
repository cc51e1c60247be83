import type { Gpu } from '../../src/gpu/gpu.js';
import { STORAGE_USAGE } from '../../src/gpu/buffer-pages.js';

/** Uploads `data` into a new storage buffer (at least 16 bytes). */
export function upload(gpu: Gpu, data: Float32Array | Uint32Array | Int32Array, label = 'test.input'): GPUBuffer {
  const buffer = gpu.device.createBuffer({ label, size: Math.max(16, Math.ceil(data.byteLength / 16) * 16), usage: STORAGE_USAGE });
  if (data.byteLength > 0) gpu.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  return buffer;
}

/** A zero-filled storage buffer for `n` 32-bit elements, optionally pre-filled with NaN to catch unwritten outputs. */
export function output(gpu: Gpu, n: number, fill: 'zero' | 'nan' = 'nan', label = 'test.output'): GPUBuffer {
  const data = new Float32Array(Math.max(n, 4)).fill(fill === 'nan' ? Number.NaN : 0);
  return upload(gpu, data, label);
}

export async function download(gpu: Gpu, buffer: GPUBuffer, n: number): Promise<Float32Array> {
  return new Float32Array(await gpu.read(buffer, 0, n * 4));
}

export async function downloadU32(gpu: Gpu, buffer: GPUBuffer, n: number): Promise<Uint32Array> {
  return new Uint32Array(await gpu.read(buffer, 0, n * 4));
}
