import { DeviceLostError, GpuValidationError } from '../errors.js';

/** Formats a shader's compilation messages as `label line:col message`, one per line. */
export function formatCompilationMessages(label: string, messages: readonly GPUCompilationMessage[]): string {
  return messages
    .filter((m) => m.type === 'error')
    .map((m) => `${label} ${m.lineNum}:${m.linePos} ${m.message}`)
    .join('\n');
}

/**
 * Tracks the device's health: device loss becomes a {@link DeviceLostError} on the next call
 * (never a hang), and uncaptured errors are collected so a test or a step can fail on them.
 */
export class DeviceHealth {
  private lost: DeviceLostError | null = null;
  private readonly uncaptured: string[] = [];

  constructor(device: GPUDevice) {
    device.lost.then((info) => {
      // A deliberate destroy() is not an error worth reporting to later callers differently.
      this.lost = new DeviceLostError(info.reason ?? 'unknown', info.message);
    });
    device.addEventListener('uncapturederror', (event) => {
      this.uncaptured.push((event as GPUUncapturedErrorEvent).error.message);
    });
  }

  /** Throws if the device was lost. Call before any GPU work. */
  check(): void {
    if (this.lost) throw this.lost;
  }

  get isLost(): boolean {
    return this.lost !== null;
  }

  /** Returns and clears the uncaptured errors seen so far. */
  takeErrors(): string[] {
    return this.uncaptured.splice(0, this.uncaptured.length);
  }

  /** Throws a {@link GpuValidationError} if WebGPU reported an uncaptured error. */
  throwIfErrors(where: string): void {
    const errors = this.takeErrors();
    if (errors.length > 0) throw new GpuValidationError(`${where}: WebGPU reported ${errors.length} error(s):\n${errors.join('\n')}`);
  }
}

/** Runs `fn` inside validation and out-of-memory error scopes and throws what they caught. */
export async function withErrorScopes<T>(device: GPUDevice, where: string, fn: () => T): Promise<T> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let result: T;
  try {
    result = fn();
  } finally {
    const validation = await device.popErrorScope();
    const oom = await device.popErrorScope();
    const error = validation ?? oom;
    if (error) throw new GpuValidationError(`${where}: ${error.message}`);
  }
  return result;
}
