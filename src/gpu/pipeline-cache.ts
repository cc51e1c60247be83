import { GpuValidationError } from '../errors.js';
import { formatCompilationMessages } from './errors.js';

/** Everything that reaches the GPU when a compute pipeline is created. */
export interface PipelineSpec {
  readonly label: string;
  /** The full WGSL source: dtype prelude plus the listed files. */
  readonly code: string;
  readonly entryPoint: string;
  readonly constants: Readonly<Record<string, number>>;
  readonly layout: GPUPipelineLayout;
  /** Identifies `layout` (binding types and order); part of the derived key. */
  readonly layoutKey: string;
}

/**
 * The pipeline key is derived from everything in the spec, never chosen by hand: two specs share
 * a pipeline exactly when they would compile to the same thing.
 */
export function pipelineKey(spec: Omit<PipelineSpec, 'layout' | 'label'>): string {
  const constants = Object.keys(spec.constants)
    .sort()
    .map((k) => `${k}=${spec.constants[k]}`)
    .join(',');
  return `${spec.layoutKey}\u0000${spec.entryPoint}\u0000${constants}\u0000${spec.code}`;
}

/**
 * Compiles pipelines with `createComputePipelineAsync`, deduplicating identical requests while
 * they are in flight and caching the results for the device's lifetime.
 */
export class PipelineCache {
  private readonly pipelines = new Map<string, Promise<GPUComputePipeline>>();
  private readonly modules = new Map<string, GPUShaderModule>();
  compiled = 0;

  constructor(private readonly device: GPUDevice) {}

  get size(): number {
    return this.pipelines.size;
  }

  get(spec: PipelineSpec): Promise<GPUComputePipeline> {
    const key = pipelineKey(spec);
    let pending = this.pipelines.get(key);
    if (!pending) {
      pending = this.compile(spec);
      this.pipelines.set(key, pending);
      // A failed compile must not poison the cache for a later, corrected attempt.
      pending.catch(() => this.pipelines.delete(key));
    }
    return pending;
  }

  private async compile(spec: PipelineSpec): Promise<GPUComputePipeline> {
    let module = this.modules.get(spec.code);
    if (!module) {
      // Scoped so a WGSL error becomes this compile's exception, not an uncaptured device error.
      this.device.pushErrorScope('validation');
      module = this.device.createShaderModule({ label: spec.label, code: spec.code });
      const error = await this.device.popErrorScope();
      if (error) throw await this.compileError(spec.label, module, error.message);
      this.modules.set(spec.code, module);
    }
    try {
      const pipeline = await this.device.createComputePipelineAsync({
        label: spec.label,
        layout: spec.layout,
        compute: { module, entryPoint: spec.entryPoint, constants: { ...spec.constants } },
      });
      this.compiled++;
      return pipeline;
    } catch (error) {
      throw await this.compileError(spec.label, module, (error as Error).message);
    }
  }

  private async compileError(label: string, module: GPUShaderModule, fallback: string): Promise<GpuValidationError> {
    const info = await module.getCompilationInfo();
    const formatted = formatCompilationMessages(label, info.messages);
    return new GpuValidationError(formatted ? `shader compile failed:\n${formatted}` : `${label}: pipeline creation failed: ${fallback}`);
  }
}
