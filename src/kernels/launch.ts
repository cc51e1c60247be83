import type { Gpu } from '../gpu/gpu.js';
import { USAGE } from '../gpu/buffer-pages.js';
import { packUniform, uniformLayout } from '../gpu/uniforms.js';
import { GpuValidationError } from '../errors.js';
import { kernelLayout, kernelPipeline, type Kernel, type Plan } from './kernel.js';
import { DEFAULT_STEP, packStep, STEP_BYTES, type StepValues } from './step.js';

/** A range of a buffer bound to one tensor slot. */
export interface BufferRange {
  readonly buffer: GPUBuffer;
  readonly offset: number;
  readonly size: number;
}

/** A dispatch recorded at compile time: encoding it is four calls and no allocation. */
export interface RecordedDispatch {
  readonly label: string;
  readonly pipeline: GPUComputePipeline;
  readonly bindGroups: readonly [GPUBindGroup, GPUBindGroup];
  readonly workgroups: readonly [number, number, number];
}

export function wholeBuffer(buffer: GPUBuffer): BufferRange {
  return { buffer, offset: 0, size: buffer.size };
}

/** Creates the bind groups of one dispatch (group 0 tensors in descriptor order, group 1 uniforms). */
export function recordDispatch(
  gpu: Gpu,
  kernel: Kernel,
  pipeline: GPUComputePipeline,
  tensors: readonly BufferRange[],
  uniform: BufferRange,
  step: BufferRange | null,
  workgroups: readonly [number, number, number],
  label = kernel.label,
): RecordedDispatch {
  const expected = kernel.inputs.length + kernel.outputs.length;
  if (tensors.length !== expected) {
    throw new Error(`${label}: kernel ${kernel.label} takes ${expected} tensors, got ${tensors.length}`);
  }
  const { groups } = kernelLayout(gpu, kernel);
  const g0 = gpu.device.createBindGroup({
    label: `${label}.tensors`,
    layout: groups[0],
    entries: tensors.map((t, binding) => ({ binding, resource: { buffer: t.buffer, offset: t.offset, size: t.size } })),
  });
  const uniforms: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: uniform.buffer, offset: uniform.offset, size: uniform.size } }];
  if (kernel.step) {
    if (!step) throw new Error(`${label}: kernel ${kernel.label} needs the per-step uniform`);
    uniforms.push({ binding: 1, resource: { buffer: step.buffer, offset: step.offset, size: step.size } });
  }
  const g1 = gpu.device.createBindGroup({ label: `${label}.uniforms`, layout: groups[1], entries: uniforms });
  return { label, pipeline, bindGroups: [g0, g1], workgroups: [workgroups[0], workgroups[1], workgroups[2]] };
}

/** Encodes recorded dispatches into a compute pass. This is the whole per-step JavaScript cost. */
export function encodeDispatches(pass: GPUComputePassEncoder, dispatches: readonly RecordedDispatch[]): void {
  for (const d of dispatches) {
    if (d.workgroups[0] === 0 || d.workgroups[1] === 0 || d.workgroups[2] === 0) continue;
    pass.setPipeline(d.pipeline);
    pass.setBindGroup(0, d.bindGroups[0]);
    pass.setBindGroup(1, d.bindGroups[1]);
    pass.dispatchWorkgroups(d.workgroups[0], d.workgroups[1], d.workgroups[2]);
  }
}

/**
 * Runs one kernel now and waits for its validation. For tests and one-off utilities; training and
 * inference record their dispatches once in an executable instead.
 */
export async function runKernel(
  gpu: Gpu,
  kernel: Kernel,
  plan: Plan,
  tensors: readonly (GPUBuffer | BufferRange)[],
  options: { dtype?: 'f32' | 'f16'; step?: Partial<StepValues> } = {},
): Promise<void> {
  gpu.health.check();
  const pipeline = await kernelPipeline(gpu, kernel, plan.constants, options.dtype ?? 'f32');
  const layout = uniformLayout(kernel.params);
  const bytes = new ArrayBuffer(layout.size);
  packUniform(kernel.params, plan.params, bytes);
  const uniform = gpu.device.createBuffer({ label: `${kernel.label}.params`, size: layout.size, usage: USAGE.UNIFORM | USAGE.COPY_DST });
  gpu.device.queue.writeBuffer(uniform, 0, bytes);
  let step: GPUBuffer | null = null;
  if (kernel.step) {
    step = gpu.device.createBuffer({ label: `${kernel.label}.step`, size: STEP_BYTES, usage: USAGE.UNIFORM | USAGE.COPY_DST });
    gpu.device.queue.writeBuffer(step, 0, packStep({ ...DEFAULT_STEP, ...options.step }));
  }
  gpu.device.pushErrorScope('validation');
  const ranges = tensors.map((t) => ('buffer' in t ? t : wholeBuffer(t)));
  const dispatch = recordDispatch(gpu, kernel, pipeline, ranges, wholeBuffer(uniform), step && wholeBuffer(step), plan.workgroups);
  const encoder = gpu.device.createCommandEncoder({ label: kernel.label });
  const pass = encoder.beginComputePass({ label: kernel.label });
  encodeDispatches(pass, [dispatch]);
  pass.end();
  gpu.device.queue.submit([encoder.finish()]);
  const error = await gpu.device.popErrorScope();
  uniform.destroy();
  step?.destroy();
  if (error) throw new GpuValidationError(`${kernel.label}: ${error.message}`);
}
