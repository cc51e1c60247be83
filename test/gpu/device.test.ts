import { describe, expect, it } from 'vitest';
import { DeviceLostError, GpuValidationError } from '../../src/errors.js';
import { kernelPipeline, kernelPipelineKey, defineKernel } from '../../src/kernels/kernel.js';
import { matmul, planMatmul } from '../../src/kernels/matmul.js';
import { runKernel } from '../../src/kernels/launch.js';
import { dense, sequential } from '../../src/nn/index.js';
import { sgd } from '../../src/optim/index.js';
import { Trainer } from '../../src/train/trainer.js';
import { fromArrays } from '../../src/data/dataset.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { upload, output } from '../helpers/buffers.js';

// This file destroys its device at the end; it runs in its own process like every test file.
describe(`device layer on ${ADAPTER}`, () => {
  it('reports capabilities: core vs compatibility, limits within WebGPU defaults', async () => {
    const gpu = await testGpu();
    expect(gpu.caps.compat).toBe(ADAPTER === 'compat');
    expect(gpu.caps.limits.maxComputeInvocationsPerWorkgroup).toBeGreaterThanOrEqual(128);
    if (ADAPTER === 'compat') expect(gpu.caps.limits.maxComputeInvocationsPerWorkgroup).toBe(128);
    expect(gpu.caps.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 1024 * 1024);
  });

  it('derives pipeline keys from what reaches the GPU and deduplicates compiles in flight', async () => {
    const gpu = await testGpu();
    const c = planMatmul({ m: 4, n: 4, k: 4, batch: 1, transA: false, transB: false, activation: 'linear', alpha: 0 }, gpu.caps).constants;
    expect(kernelPipelineKey(matmul, c)).toBe(kernelPipelineKey(matmul, { ...c }));
    expect(kernelPipelineKey(matmul, c)).not.toBe(kernelPipelineKey(matmul, { ...c, TRANS_A: true }));
    const before = gpu.pipelines.compiled;
    const [a, b] = await Promise.all([kernelPipeline(gpu, matmul, { ...c, WG_X: 8 }), kernelPipeline(gpu, matmul, { ...c, WG_X: 8 })]);
    expect(a).toBe(b);
    expect(gpu.pipelines.compiled).toBe(before + 1);
  });

  it('formats shader compile errors as `label line:col message`', async () => {
    const gpu = await testGpu();
    const broken = defineKernel({
      label: 'test.broken', wgsl: ['struct Params { n: u32 }\n@group(1) @binding(0) var<uniform> params: Params;\n@compute @workgroup_size(1) fn brokenForward() {\n  let x: f32 = params.n;\n}\n'],
      entryPoint: 'brokenForward', inputs: [], outputs: [], params: { n: 'u32' },
    });
    const error = await kernelPipeline(gpu, broken, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GpuValidationError);
    expect((error as Error).message).toMatch(/test\.broken 5:\d+ /);
  });

  it('turns device loss into DeviceLostError on the next call, never a hang', async () => {
    const gpu = await testGpu();
    const trainer = await Trainer.compile(gpu, sequential([dense({ units: 2 })]), { inputShape: [3], batchSize: 2, optimizer: sgd() });
    const data = fromArrays(new Float32Array(12), [0, 1, 0, 1], [3], 2);
    gpu.device.destroy();
    await new Promise((r) => setTimeout(r, 50));
    await expect(trainer.fit(data, { epochs: 1 })).rejects.toThrow(DeviceLostError);
    await expect(trainer.predict(new Float32Array(6))).rejects.toThrow(DeviceLostError);
    const plan = planMatmul({ m: 1, n: 1, k: 1, batch: 1, transA: false, transB: false, activation: 'linear', alpha: 0 }, gpu.caps);
    await expect(runKernel(gpu, matmul, plan, [upload(gpu, new Float32Array(4)), upload(gpu, new Float32Array(4)), output(gpu, 4)])).rejects.toThrow(DeviceLostError);
    // The shared test hook checks for stray errors after each test; this device is gone.
    gpu.health.takeErrors();
  });
});
