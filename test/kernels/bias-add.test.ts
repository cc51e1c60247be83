import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, gradFromOutput, type Activation } from '../../src/kernels/activation.js';
import { biasAddForward, planBiasAdd } from '../../src/kernels/bias-add.js';
import { planUnaryBackward } from '../../src/kernels/elementwise.js';
import { workgroupInvocations } from '../../src/kernels/kernel.js';
import { runKernel } from '../../src/kernels/launch.js';
import { planReduce } from '../../src/kernels/reduce.js';
import { ShapeError } from '../../src/errors.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { download, output, upload } from '../helpers/buffers.js';
import { randomArray, toF32 } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { biasAddBackwardRef, biasAddRef } from '../reference/bias-add.js';

const ALPHA = 0.1;

// One channel, odd channel counts, a dense layer's output, sizes around the workgroup block, and
// the bias gradient of a large batch ([8192, 10] → the cooperative reduction).
const CASES: { rows: number; channels: number; activation: Activation }[] = [
  { rows: 1, channels: 1, activation: 'linear' },
  { rows: 7, channels: 1, activation: 'relu' },
  { rows: 1, channels: 13, activation: 'relu6' },
  { rows: 33, channels: 17, activation: 'leakyRelu' },
  { rows: 64, channels: 10, activation: 'sigmoid' },
  { rows: 5, channels: 103, activation: 'tanh' },
  { rows: 127, channels: 4, activation: 'gelu' },
  { rows: 128, channels: 4, activation: 'silu' },
  { rows: 129, channels: 4, activation: 'relu' },
  { rows: 8192, channels: 10, activation: 'linear' },
  { rows: 3 * 28 * 28, channels: 32, activation: 'relu' },
];

describe(`biasAdd on ${ADAPTER}`, () => {
  for (const c of CASES) {
    it(`rows ${c.rows} channels ${c.channels} ${c.activation}: forward, gx and gb`, async () => {
      const gpu = await testGpu();
      const n = c.rows * c.channels;
      const x = toF32(randomArray(n, n, -4, 4));
      const b = toF32(randomArray(c.channels, n + 1));
      const y = output(gpu, n);
      await runKernel(gpu, biasAddForward, planBiasAdd(c.rows, c.channels, c.activation, ALPHA, gpu.caps), [upload(gpu, x), upload(gpu, b), y]);
      const yRef = biasAddRef(x, b, c.rows, c.channels, c.activation, ALPHA);
      expectClose(await download(gpu, y, n), yRef, TOL.f32.balanced, 'y');

      // Backward: gz = gy · activation′ (unaryBackward from y, or from z = x + b for gelu/silu),
      // gx = gz, gb = Σ_rows gz (reduce over axis 0).
      const gy = toF32(randomArray(n, n + 2));
      const ref = biasAddBackwardRef(gy, x, b, c.rows, c.channels, c.activation, ALPHA);
      let t: GPUBuffer = y;
      if (!gradFromOutput(c.activation)) {
        t = output(gpu, n);
        await runKernel(gpu, biasAddForward, planBiasAdd(c.rows, c.channels, 'linear', 0, gpu.caps), [upload(gpu, x), upload(gpu, b), t]);
      }
      const gz = output(gpu, n);
      const back = planUnaryBackward(c.activation, n, ALPHA, gpu.caps);
      await runKernel(gpu, back.kernel, back, [upload(gpu, gy), t, gz]);
      expectClose(await download(gpu, gz, n), ref.gx, TOL.f32.balanced, 'gx');
      const reduce = planReduce('sum', [c.rows, c.channels], [0], gpu.caps);
      const gb = output(gpu, c.channels);
      await runKernel(gpu, reduce.kernel, reduce, [gz, gb]);
      const tol = { atol: TOL.f32.balanced.atol * Math.sqrt(c.rows), rtol: TOL.f32.balanced.rtol };
      expectClose(await download(gpu, gb, c.channels), ref.gb, tol, 'gb');
    });
  }

  it('over a 2-D workgroup grid', async () => {
    const gpu = await testGpu();
    const caps = { ...gpu.caps, limits: { ...gpu.caps.limits, maxComputeWorkgroupsPerDimension: 2 } };
    const channels = 6;
    const rows = Math.ceil((workgroupInvocations(gpu.caps) * 4 * 3) / channels) + 1;
    const plan = planBiasAdd(rows, channels, 'relu', 0, caps);
    expect(plan.workgroups[1]).toBeGreaterThan(1);
    const x = toF32(randomArray(rows * channels, 71));
    const b = toF32(randomArray(channels, 72));
    const y = output(gpu, rows * channels);
    await runKernel(gpu, biasAddForward, plan, [upload(gpu, x), upload(gpu, b), y]);
    expectClose(await download(gpu, y, rows * channels), biasAddRef(x, b, rows, channels, 'relu', 0), TOL.f32.strict);
  });

  it('every activation code reaches the kernel', async () => {
    const gpu = await testGpu();
    for (const activation of Object.keys(ACTIVATIONS) as Activation[]) {
      expect(planBiasAdd(2, 3, activation, 0, gpu.caps).constants.ACTIVATION).toBe(ACTIVATIONS[activation]);
    }
    expect(() => planBiasAdd(4, 0, 'relu', 0, gpu.caps)).toThrow(ShapeError);
  });
});
