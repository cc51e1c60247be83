import type { DeviceCaps } from '../gpu/caps.js';
import type { Gpu } from '../gpu/gpu.js';
import { pipelineKey } from '../gpu/pipeline-cache.js';
import type { FieldList, ParamValues } from '../gpu/uniforms.js';
import { LimitError } from '../errors.js';

/** Element types of tensors. `u32` holds labels and indices. */
export type DType = 'f32' | 'f16' | 'u32' | 'i32';

export const DTYPE_BYTES: Record<DType, number> = { f32: 4, f16: 2, u32: 4, i32: 4 };

/** Pipeline-overridable constants (WGSL `override`), keyed by their UPPER_SNAKE names. */
export type Constants = Readonly<Record<string, number | boolean>>;

/**
 * A kernel: one WGSL entry point with its binding convention. Group 0 holds the tensors, inputs
 * then outputs in the listed order (binding i is the i-th name); group 1 binding 0 the node's
 * uniform block (`params`, fields in WGSL order), and, when `step` is set, binding 1 the per-step
 * uniform (`shaders/common/step.wgsl`).
 */
export interface Kernel<C extends Constants = Constants, P extends FieldList = FieldList> {
  readonly label: string;
  readonly wgsl: readonly string[];
  readonly entryPoint: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly params: P;
  readonly step?: boolean;
  /** WGSL extensions the source needs (`enable …;` directives, emitted first), e.g. `subgroups`. */
  readonly enables?: readonly string[];
  /** Marker for the constants type; never read. */
  readonly constantsType?: C;
}

/** What a kernel's planner returns for one call: per-pipeline constants, uniform values, grid. */
export interface Plan<C extends Constants = Constants, P extends FieldList = FieldList> {
  readonly constants: C;
  readonly params: ParamValues<P>;
  readonly workgroups: readonly [number, number, number];
}

/** Declares a kernel; the result is frozen so descriptors can be shared freely. */
export function defineKernel<C extends Constants, P extends FieldList>(kernel: Kernel<C, P>): Kernel<C, P> {
  return Object.freeze(kernel);
}

/** The one-line dtype prelude that specialises a shader's `scalar` type. */
export function dtypePrelude(dtype: 'f32' | 'f16'): string {
  return dtype === 'f16' ? 'enable f16;\nalias scalar = f16;\n' : 'alias scalar = f32;\n';
}

/** The full WGSL source of a kernel: prelude plus its listed files. */
export function kernelSource(kernel: Kernel, dtype: 'f32' | 'f16' = 'f32'): string {
  const enables = (kernel.enables ?? []).map((e) => `enable ${e};\n`).join('');
  return enables + dtypePrelude(dtype) + kernel.wgsl.join('\n');
}

interface KernelLayout { layout: GPUPipelineLayout; groups: [GPUBindGroupLayout, GPUBindGroupLayout]; key: string }

const layouts = new WeakMap<GPUDevice, Map<string, KernelLayout>>();

/**
 * The explicit pipeline layout of a kernel. Every tensor binding is `storage` (read_write): tensors
 * share pages, and WebGPU tracks usage per buffer, not per range, so a read-only binding of one
 * range beside a writable binding of another range of the same page would be a usage conflict.
 * Kernels never write their inputs.
 */
export function kernelLayout(gpu: Gpu, kernel: Kernel): KernelLayout {
  const tensors = kernel.inputs.length + kernel.outputs.length;
  const key = `t${tensors}${kernel.step ? 's' : ''}`;
  let perDevice = layouts.get(gpu.device);
  if (!perDevice) layouts.set(gpu.device, (perDevice = new Map()));
  let found = perDevice.get(key);
  if (!found) {
    const compute = 0x4; // GPUShaderStage.COMPUTE
    const g0 = gpu.device.createBindGroupLayout({
      label: `layout.${key}.tensors`,
      entries: Array.from({ length: tensors }, (_, binding) => ({ binding, visibility: compute, buffer: { type: 'storage' as const } })),
    });
    const uniforms: GPUBindGroupLayoutEntry[] = [{ binding: 0, visibility: compute, buffer: { type: 'uniform' } }];
    if (kernel.step) uniforms.push({ binding: 1, visibility: compute, buffer: { type: 'uniform' } });
    const g1 = gpu.device.createBindGroupLayout({ label: `layout.${key}.uniforms`, entries: uniforms });
    const layout = gpu.device.createPipelineLayout({ label: `layout.${key}`, bindGroupLayouts: [g0, g1] });
    found = { layout, groups: [g0, g1], key };
    perDevice.set(key, found);
  }
  return found;
}

function numericConstants(constants: Constants): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(constants)) out[k] = typeof v === 'boolean' ? Number(v) : v;
  return out;
}

/** The derived cache key of a kernel pipeline (see {@link pipelineKey}). */
export function kernelPipelineKey(kernel: Kernel, constants: Constants, dtype: 'f32' | 'f16' = 'f32'): string {
  return pipelineKey({ code: kernelSource(kernel, dtype), entryPoint: kernel.entryPoint, constants: numericConstants(constants), layoutKey: `t${kernel.inputs.length + kernel.outputs.length}${kernel.step ? 's' : ''}` });
}

/** Compiles (or fetches from the cache) the pipeline of a kernel with the given constants. */
export function kernelPipeline(gpu: Gpu, kernel: Kernel, constants: Constants, dtype: 'f32' | 'f16' = 'f32'): Promise<GPUComputePipeline> {
  const { layout, key } = kernelLayout(gpu, kernel);
  return gpu.pipelines.get({
    label: kernel.label,
    code: kernelSource(kernel, dtype),
    entryPoint: kernel.entryPoint,
    constants: numericConstants(constants),
    layout,
    layoutKey: key,
  });
}

/**
 * Invocations per workgroup of the subgroup kernels (one row of lanes, 4 rows or pixels each):
 * 64, or fewer for small products so lanes are not left computing clamped copies, never below
 * 8 (one subgroup of a CPU adapter).
 */
export function subgroupWorkgroup(rows: number): number {
  return Math.min(64, Math.max(8, 2 ** Math.ceil(Math.log2(Math.max(1, Math.ceil(rows / 4))))));
}

/**
 * Splits `count` workgroups of 1-D work over x and y so neither exceeds the per-dimension limit;
 * shaders recover the index with `linearWorkgroup` (shaders/common/grid.wgsl).
 */
export function grid1d(count: number, caps: DeviceCaps, where: string): [number, number, number] {
  const max = caps.limits.maxComputeWorkgroupsPerDimension;
  const n = Math.max(1, Math.ceil(count));
  if (n <= max) return [n, 1, 1];
  const y = Math.ceil(n / max);
  if (y > max) throw new LimitError(where, `needs ${n} workgroups, more than ${max}² the device can dispatch`);
  return [Math.ceil(n / y), y, 1];
}

/** Checks a grid against maxComputeWorkgroupsPerDimension. */
export function checkGrid(workgroups: readonly number[], caps: DeviceCaps, where: string): void {
  const max = caps.limits.maxComputeWorkgroupsPerDimension;
  workgroups.forEach((n, axis) => {
    if (n > max) throw new LimitError(where, `dispatch needs ${n} workgroups along ${'xyz'[axis]}, above maxComputeWorkgroupsPerDimension (${max})`);
  });
}

/** The invocations per workgroup a kernel may use on this device: 256 when allowed, else 128 (compat's default). */
export function workgroupInvocations(caps: DeviceCaps): number {
  return caps.limits.maxComputeInvocationsPerWorkgroup >= 256 ? 256 : Math.min(128, caps.limits.maxComputeInvocationsPerWorkgroup);
}
