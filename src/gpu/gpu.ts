import { BufferPages, USAGE } from './buffer-pages.js';
import type { DeviceCaps } from './caps.js';
import { DeviceHealth } from './errors.js';
import { PipelineCache } from './pipeline-cache.js';
import { gpuWait, pollSleepMs } from './wait.js';

/**
 * A WebGPU device with what shadernet keeps beside it: its capabilities, pipeline cache, buffer
 * pages and health. Created by {@link requestGpu}; passed explicitly to everything that touches
 * the GPU (there is no module-level device).
 */
export class Gpu {
  readonly pipelines: PipelineCache;
  readonly pages: BufferPages;
  readonly health: DeviceHealth;

  constructor(readonly device: GPUDevice, readonly caps: DeviceCaps) {
    this.pipelines = new PipelineCache(device);
    this.pages = new BufferPages(device, caps.limits);
    this.health = new DeviceHealth(device);
  }

  /** Writes `data` into `buffer` at `offset`, copying views on shared memory first (Dawn crashes on them). */
  write(buffer: GPUBuffer, offset: number, data: ArrayBufferView): void {
    this.health.check();
    let view = data;
    if (typeof SharedArrayBuffer !== 'undefined' && data.buffer instanceof SharedArrayBuffer) {
      view = new Uint8Array(data.byteLength);
      (view as Uint8Array).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    }
    if (view.byteLength % 4 !== 0) {
      const padded = new Uint8Array(Math.ceil(view.byteLength / 4) * 4);
      padded.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
      view = padded;
    }
    this.device.queue.writeBuffer(buffer, offset, view.buffer, view.byteOffset, view.byteLength);
  }

  /** Reads `size` bytes of `buffer` at `offset` (a one-off read; training uses a readback ring). */
  async read(buffer: GPUBuffer, offset: number, size: number): Promise<ArrayBuffer> {
    this.health.check();
    const staging = this.device.createBuffer({ label: 'gpu.read.staging', size: Math.ceil(size / 4) * 4, usage: USAGE.MAP_READ | USAGE.COPY_DST });
    const encoder = this.device.createCommandEncoder({ label: 'gpu.read' });
    encoder.copyBufferToBuffer(buffer, offset, staging, 0, staging.size);
    this.device.queue.submit([encoder.finish()]);
    try {
      await gpuWait(Promise.race([staging.mapAsync(GPUMapMode.READ), this.device.lost.then(() => this.health.check())]), this.pollSleepMs);
      this.health.check();
      return staging.getMappedRange(0, size).slice(0);
    } finally {
      staging.destroy();
    }
  }

  /** How long a wait for this device sleeps per event-loop turn in Node (src/gpu/wait.ts). */
  get pollSleepMs(): number {
    return pollSleepMs(this.caps.software);
  }

  /** Destroys the device; later calls throw {@link DeviceLostError}. */
  destroy(): void {
    this.pages.releaseAll();
    this.device.destroy();
  }
}
