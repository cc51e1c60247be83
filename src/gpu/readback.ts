import { USAGE } from './buffer-pages.js';
import { gpuWait } from './wait.js';

/**
 * A ring of staging buffers for reading results back without stalling: a copy into a free
 * staging buffer is recorded with the step's commands, and the returned {@link PendingRead} is
 * awaited later (reading back rarely and late, and sleeping between Dawn's polls, keeps the
 * waiting off the shader threads of CPU adapters).
 */
export class ReadbackRing {
  private readonly free: GPUBuffer[] = [];
  private made = 0;

  /** `sleepMs`: how {@link gpuWait} yields the CPU while a read is pending (see src/gpu/wait.ts). */
  constructor(private readonly device: GPUDevice, private readonly label: string, private readonly bytes: number, private readonly sleepMs = 0) {}

  /** Records a copy of `size` bytes of `source` at `offset`; submit `encoder` before awaiting. */
  copy(encoder: GPUCommandEncoder, source: GPUBuffer, offset: number, size: number): PendingRead {
    if (size > this.bytes) throw new Error(`${this.label}: readback of ${size} bytes exceeds the ring's ${this.bytes}`);
    const staging = this.free.pop() ?? this.device.createBuffer({
      label: `${this.label}.staging${this.made++}`,
      size: this.bytes,
      usage: USAGE.MAP_READ | USAGE.COPY_DST,
    });
    encoder.copyBufferToBuffer(source, offset, staging, 0, size);
    return new PendingRead(staging, size, (b) => this.free.push(b), this.sleepMs);
  }

  destroy(): void {
    for (const b of this.free.splice(0)) b.destroy();
  }
}

/** A readback whose copy has been recorded; `read()` maps it once the GPU has done the work. */
export class PendingRead {
  private result: Promise<ArrayBuffer> | null = null;

  constructor(private readonly staging: GPUBuffer, private readonly size: number, private readonly recycle: (b: GPUBuffer) => void, private readonly sleepMs = 0) {}

  /** Resolves with a copy of the bytes. Only call after the encoder holding the copy was submitted. */
  read(): Promise<ArrayBuffer> {
    this.result ??= gpuWait(this.staging.mapAsync(GPUMapMode.READ, 0, this.size), this.sleepMs).then(() => {
      const bytes = this.staging.getMappedRange(0, this.size).slice(0);
      this.staging.unmap();
      this.recycle(this.staging);
      return bytes;
    });
    return this.result;
  }
}
