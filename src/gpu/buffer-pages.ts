import { LimitError } from '../errors.js';
import type { DeviceLimits } from './caps.js';

/** Rounds `n` up to a multiple of `alignment`. */
export function alignUp(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}

/** `GPUBufferUsage` bits (fixed by the spec), usable before Node's binding installs the global. */
export const USAGE = { MAP_READ: 0x0001, COPY_SRC: 0x0004, COPY_DST: 0x0008, UNIFORM: 0x0040, STORAGE: 0x0080, QUERY_RESOLVE: 0x0200 } as const;

export const STORAGE_USAGE = USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST;

/**
 * Allocates storage buffers ("pages") and keeps a tally of the bytes held, so a model can report
 * its GPU memory. A page never exceeds `maxStorageBufferBindingSize`, so any range of it can be
 * bound.
 */
export class BufferPages {
  private readonly pages = new Set<GPUBuffer>();
  private held = 0;
  peak = 0;

  constructor(private readonly device: GPUDevice, private readonly limits: DeviceLimits) {}

  /** Bytes currently held in pages. */
  get bytes(): number {
    return this.held;
  }

  allocate(label: string, bytes: number): GPUBuffer {
    const size = alignUp(Math.max(bytes, 16), 16);
    const max = Math.min(this.limits.maxStorageBufferBindingSize, this.limits.maxBufferSize);
    if (size > max) {
      throw new LimitError(label, `page of ${size} bytes exceeds the device's maxStorageBufferBindingSize (${max} bytes)`,
        'use a smaller batch or model');
    }
    const buffer = this.device.createBuffer({ label, size, usage: STORAGE_USAGE });
    this.pages.add(buffer);
    this.held += size;
    this.peak = Math.max(this.peak, this.held);
    return buffer;
  }

  release(buffer: GPUBuffer): void {
    if (!this.pages.delete(buffer)) return;
    this.held -= buffer.size;
    buffer.destroy();
  }

  releaseAll(): void {
    for (const page of [...this.pages]) this.release(page);
  }
}
