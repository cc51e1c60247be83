// A kernel benchmark in one call: shadernet's dispatch(es), recorded once like an executable
// records them, against the same computation in TF.js on the same device (and on WASM).
import * as tf from '@tensorflow/tfjs-core';
import type { Gpu } from '../src/gpu/gpu.js';
import { USAGE } from '../src/gpu/buffer-pages.js';
import { packUniform, uniformLayout } from '../src/gpu/uniforms.js';
import { kernelPipeline, type Kernel, type Plan } from '../src/kernels/kernel.js';
import { encodeDispatches, recordDispatch, wholeBuffer, type RecordedDispatch } from '../src/kernels/launch.js';
import {
  errorText, mergeRounds, timePasses, timeTfjsCpu, timeTfjsWebgpu, withTfBackend,
  type BenchCase, type BenchContext, type CaseResult, type Group, type Side, type SideResult, type Unit,
} from './harness.js';

/** Dispatches recorded for a bench, with the buffers they own. */
export interface RecordedKernels {
  readonly dispatches: readonly RecordedDispatch[];
  destroy(): void;
}

/** A deterministic pseudo-random fill in [-1, 1) (no Math.random: runs stay comparable). */
export function randomValues(count: number, seed = 1): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}

/** One kernel launch to record: its plan and the element count of each tensor binding, in order. */
export interface KernelLaunch {
  readonly kernel: Kernel;
  readonly plan: Plan;
  /** Element counts of the bindings (inputs then outputs), or an index of an earlier buffer to reuse. */
  readonly tensors: readonly (number | { readonly reuse: number })[];
}

/**
 * Allocates random f32 buffers, compiles the pipelines and records the dispatches of `launches`
 * exactly as an executable would (bind groups and uniforms made once). A tensor given as
 * `{ reuse: i }` binds the i-th buffer allocated so far (chains: one launch's output feeds the next).
 */
export async function recordKernels(gpu: Gpu, launches: readonly KernelLaunch[]): Promise<RecordedKernels> {
  const owned: GPUBuffer[] = [];
  const buffers: GPUBuffer[] = [];
  const dispatches: RecordedDispatch[] = [];
  for (const launch of launches) {
    const tensors = launch.tensors.map((t) => {
      if (typeof t !== 'number') return wholeBuffer(buffers[t.reuse]);
      const b = gpu.pages.allocate(`bench.${launch.kernel.label}.tensor`, t * 4);
      gpu.write(b, 0, randomValues(t, buffers.length + 1));
      buffers.push(b);
      return wholeBuffer(b);
    });
    const layout = uniformLayout(launch.kernel.params);
    const bytes = new ArrayBuffer(layout.size);
    packUniform(launch.kernel.params, launch.plan.params, bytes);
    const uniform = gpu.device.createBuffer({ label: `bench.${launch.kernel.label}.params`, size: layout.size, usage: USAGE.UNIFORM | USAGE.COPY_DST });
    gpu.device.queue.writeBuffer(uniform, 0, bytes);
    owned.push(uniform);
    const pipeline = await kernelPipeline(gpu, launch.kernel, launch.plan.constants);
    dispatches.push(recordDispatch(gpu, launch.kernel, pipeline, tensors, wholeBuffer(uniform), null, launch.plan.workgroups, `bench.${launch.kernel.label}`));
  }
  return {
    dispatches,
    destroy() {
      for (const b of buffers) gpu.pages.release(b);
      for (const b of owned) b.destroy();
    },
  };
}

/** The TF.js side of a kernel case: inputs made on the active backend, the op, and cleanup. */
export interface TfjsProgram {
  readonly run: () => tf.Tensor | tf.Tensor[];
  readonly dispose: () => void;
}

export interface KernelCaseSpec {
  readonly name: string;
  readonly group: Group;
  readonly unit: Unit;
  /** Work of one repetition: FLOPs for GFLOP/s, bytes moved for GB/s. */
  readonly work: number;
  readonly quick?: boolean;
  /** Also time TF.js's WASM backend on this case. */
  readonly wasm?: boolean;
  /** shadernet's launches (plans from the kernel's own planner, so variant choice is exercised). */
  readonly ours: (gpu: Gpu) => readonly KernelLaunch[];
  /** The same computation in TF.js, inputs created on the currently active backend. */
  readonly tfjs: () => TfjsProgram;
  readonly notes?: readonly string[];
}

/** Random TF.js input of `shape` on the active backend. */
export function tfRandom(shape: readonly number[], seed = 1): tf.Tensor {
  return tf.tensor(randomValues(shape.reduce((a, b) => a * b, 1), seed), [...shape]);
}

/** Rounds each GPU side's repetitions are split into, alternating between the libraries. */
const ROUNDS = 2;

/** Turns a kernel case spec into a registered {@link BenchCase}. */
export function kernelCase(spec: KernelCaseSpec): BenchCase {
  return {
    name: spec.name,
    group: spec.group,
    quick: spec.quick,
    async run(ctx: BenchContext): Promise<CaseResult> {
      const { gpu, tfjs } = ctx.devices;
      const opts = { warmup: ctx.warmup, reps: ctx.reps };
      const errors: Partial<Record<Side, string>> = {};
      const sides: Partial<Record<Side, SideResult>> = {};
      // The two GPU sides alternate in rounds, so a change in the machine's load (shared CPU cores
      // on a software adapter) falls on both rather than on whichever ran second.
      const per = Math.max(1, Math.ceil(ctx.reps / ROUNDS));
      const ours: SideResult[] = [];
      const theirs: SideResult[] = [];
      let recorded: RecordedKernels | null = null;
      let program: TfjsProgram | null = null;
      try {
        recorded = await recordKernels(gpu, spec.ours(gpu));
      } catch (e) {
        errors.ours = errorText(e);
      }
      if (tfjs.webgpu) {
        try {
          program = await withTfBackend('webgpu', async () => spec.tfjs());
        } catch (e) {
          errors.tfjsWebgpu = errorText(e);
        }
      }
      for (let round = 0; round < ROUNDS; round++) {
        const warmup = round === 0 ? opts.warmup : 1;
        if (recorded && !errors.ours) {
          const dispatches = recorded.dispatches;
          try {
            ours.push(await timePasses(gpu, (pass) => encodeDispatches(pass, dispatches), spec.work, spec.unit, { warmup, reps: per, label: spec.name }));
          } catch (e) {
            errors.ours = errorText(e);
          }
        }
        if (program && !errors.tfjsWebgpu) {
          const run = program.run;
          const part = await tfSide(errors, 'tfjsWebgpu', () => withTfBackend('webgpu', () =>
            timeTfjsWebgpu(run, spec.work, spec.unit, { warmup, reps: per, timestamps: gpu.caps.timestampQuery })));
          if (part) theirs.push(part);
        }
      }
      recorded?.destroy();
      program?.dispose();
      if (ours.length && !errors.ours) sides.ours = mergeRounds(ours, spec.work, spec.unit);
      if (theirs.length && !errors.tfjsWebgpu) sides.tfjsWebgpu = mergeRounds(theirs, spec.work, spec.unit);
      if (tfjs.wasm && ctx.wasm && spec.wasm) {
        sides.tfjsWasm = await tfSide(errors, 'tfjsWasm', () => withTfBackend('wasm', () =>
          withProgram(spec.tfjs, (p) => timeTfjsCpu(p.run, spec.work, spec.unit, opts))));
      }
      return {
        name: spec.name, group: spec.group, unit: spec.unit, work: spec.work, ...sides,
        ...(Object.keys(errors).length ? { errors } : {}), ...(spec.notes ? { notes: spec.notes } : {}),
      };
    },
  };
}

async function withProgram<T>(make: () => TfjsProgram, body: (p: TfjsProgram) => Promise<T>): Promise<T> {
  const program = make();
  try {
    return await body(program);
  } finally {
    program.dispose();
  }
}

async function tfSide(errors: Partial<Record<Side, string>>, side: Side, body: () => Promise<SideResult>): Promise<SideResult | undefined> {
  try {
    return await body();
  } catch (e) {
    errors[side] = errorText(e);
    return undefined;
  }
}
