// The no-op baseline: what one dispatch costs with no work in it. Every kernel time above includes
// this much fixed cost; a kernel near it is launch-bound, not compute- or memory-bound.
import * as tf from '@tensorflow/tfjs-core';
import { USAGE } from '../src/gpu/buffer-pages.js';
import { errorText, sideResult, timePasses, timeTfjsWebgpu, withTfBackend, type BenchCase, type CaseResult, type Side, type SideResult } from './harness.js';

// A bench-only shader (not a kernel): an empty entry point, no bindings.
const NOOP_WGSL = '@compute @workgroup_size(1) fn noop() {}';

/** Runs `body` with TF.js's CPU forwarding of small ops off, so a 1-element op really dispatches. */
async function onGpu<T>(body: () => Promise<T>): Promise<T> {
  const previous = tf.env().getBool('WEBGPU_CPU_FORWARD');
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  try {
    return await withTfBackend('webgpu', body);
  } finally {
    tf.env().set('WEBGPU_CPU_FORWARD', previous);
  }
}

/** One empty 1×1×1 dispatch (ours) against TF.js's smallest real dispatch, relu of one element. */
const noop: BenchCase = {
  name: 'baseline/noop-dispatch',
  group: 'baseline',
  quick: true,
  async run(ctx): Promise<CaseResult> {
    const { gpu } = ctx.devices;
    const errors: Partial<Record<Side, string>> = {};
    let ours: SideResult | undefined;
    let tfjsWebgpu: SideResult | undefined;
    const opts = { warmup: ctx.warmup, reps: Math.max(ctx.reps, 20) };
    try {
      const module = gpu.device.createShaderModule({ label: 'bench.noop', code: NOOP_WGSL });
      const layout = gpu.device.createPipelineLayout({ label: 'bench.noop', bindGroupLayouts: [] });
      const pipeline = await gpu.device.createComputePipelineAsync({ label: 'bench.noop', layout, compute: { module, entryPoint: 'noop' } });
      ours = await timePasses(gpu, (pass) => { pass.setPipeline(pipeline); pass.dispatchWorkgroups(1); }, 1, 'dispatches/s', { ...opts, label: 'noop' });
    } catch (e) {
      errors.ours = errorText(e);
    }
    if (ctx.devices.tfjs.webgpu) {
      try {
        tfjsWebgpu = await onGpu(async () => {
          const x = tf.tensor1d([1]);
          try {
            return await timeTfjsWebgpu(() => tf.relu(x), 1, 'dispatches/s', { ...opts, timestamps: gpu.caps.timestampQuery });
          } finally {
            x.dispose();
          }
        });
      } catch (e) {
        errors.tfjsWebgpu = errorText(e);
      }
    }
    return {
      name: 'baseline/noop-dispatch', group: 'baseline', unit: 'dispatches/s', work: 1, ours, tfjsWebgpu,
      ...(Object.keys(errors).length ? { errors } : {}),
      notes: ['ours: an empty shader, no bindings; TF.js: relu of a 1-element tensor (WEBGPU_CPU_FORWARD off), which also writes a uniform buffer'],
    };
  },
};

/**
 * A dispatch followed by a 4-byte readback, awaited: the fixed latency every `predict` and every
 * metrics read pays (Dawn's node binding resolves `mapAsync` by polling). Ours: a copy into a
 * staging buffer and `mapAsync`; TF.js: relu of one element and `await data()`.
 */
const readback: BenchCase = {
  name: 'baseline/readback-roundtrip',
  group: 'baseline',
  quick: true,
  async run(ctx): Promise<CaseResult> {
    const { gpu } = ctx.devices;
    const errors: Partial<Record<Side, string>> = {};
    const reps = Math.max(ctx.reps, 10);
    const timeLoop = async (once: () => Promise<void>) => {
      for (let i = 0; i < ctx.warmup; i++) await once();
      const times: number[] = [];
      for (let i = 0; i < reps; i++) {
        const t0 = performance.now();
        await once();
        times.push(performance.now() - t0);
      }
      return sideResult(times, 'wall-readback', 1, 'round trips/s');
    };
    let ours: SideResult | undefined;
    let tfjsWebgpu: SideResult | undefined;
    const source = gpu.pages.allocate('bench.readback.source', 16);
    const staging = gpu.device.createBuffer({ label: 'bench.readback.staging', size: 16, usage: USAGE.MAP_READ | USAGE.COPY_DST });
    try {
      ours = await timeLoop(async () => {
        const encoder = gpu.device.createCommandEncoder({ label: 'bench.readback' });
        encoder.copyBufferToBuffer(source, 0, staging, 0, 16);
        gpu.device.queue.submit([encoder.finish()]);
        await staging.mapAsync(GPUMapMode.READ);
        staging.unmap();
      });
    } catch (e) {
      errors.ours = errorText(e);
    } finally {
      staging.destroy();
      gpu.pages.release(source);
    }
    if (ctx.devices.tfjs.webgpu) {
      try {
        tfjsWebgpu = await onGpu(async () => {
          const x = tf.tensor1d([1]);
          try {
            return await timeLoop(async () => {
              const y = tf.relu(x);
              await y.data();
              y.dispose();
            });
          } finally {
            x.dispose();
          }
        });
      } catch (e) {
        errors.tfjsWebgpu = errorText(e);
      }
    }
    return {
      name: 'baseline/readback-roundtrip', group: 'baseline', unit: 'round trips/s', work: 1, ours, tfjsWebgpu,
      ...(Object.keys(errors).length ? { errors } : {}),
      notes: ['ours: copy 16 bytes to a staging buffer and map it; TF.js: relu of one element (WEBGPU_CPU_FORWARD off) and await data(); one at a time'],
    };
  },
};

export const cases: readonly BenchCase[] = [noop, readback];
