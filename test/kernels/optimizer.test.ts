import { describe, expect, it } from 'vitest';
import { optimizerStateSlots, optimizerStep, planOptimizer, type OptimizerHyper, type OptimizerKind } from '../../src/kernels/optimizer.js';
import { runKernel } from '../../src/kernels/launch.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { download, output, upload } from '../helpers/buffers.js';
import { randomArray, toF32 } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { statsBuffer } from '../helpers/stats.js';
import { optimizerStepRef } from '../reference/optimizer.js';
import type { StatsValues } from '../../src/kernels/stats.js';

const BASE: OptimizerHyper = { lrMult: 1, momentum: 0, nesterov: false, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, clipValue: 0 };

// n straddles the workgroup (127/128/129 and 255/256/257) and a larger odd page.
// firstIndex > 0 starts late, where Adam's bias corrections approach 1.
const CASES: { kind: OptimizerKind; n: number; hyper?: Partial<OptimizerHyper>; stats?: Partial<StatsValues>; firstIndex?: number }[] = [
  { kind: 'sgd', n: 1 },
  { kind: 'sgd', n: 129, hyper: { weightDecay: 0.01 } },
  { kind: 'sgd', n: 257, hyper: { momentum: 0.9 } },
  { kind: 'sgd', n: 255, hyper: { momentum: 0.9, nesterov: true, weightDecay: 5e-4 } },
  { kind: 'sgd', n: 128, hyper: { momentum: 0.5, clipValue: 0.3, lrMult: 0.5 }, stats: { gradScale: 0.25 } },
  { kind: 'adam', n: 127 },
  { kind: 'adam', n: 3001, hyper: { weightDecay: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6 } },
  { kind: 'adam', n: 256, hyper: { clipValue: 0.2 }, stats: { gradScale: 0.5 } },
  { kind: 'adam', n: 100, firstIndex: 998 },
  { kind: 'adam', n: 50, hyper: { beta1: 0, beta2: 0.3 } },
  { kind: 'adamw', n: 100, hyper: { weightDecay: 0.01 }, firstIndex: 123456 },
  { kind: 'adamw', n: 1000, hyper: { weightDecay: 0.05 } },
  { kind: 'adamw', n: 257, hyper: { weightDecay: 0.01, l1: 0.003 } },
  { kind: 'sgd', n: 130, hyper: { momentum: 0.9, l1: 0.01 } },
  { kind: 'adamw', n: 129, hyper: { weightDecay: 0.01, lrMult: 2, clipValue: 0.5 }, stats: { gradScale: 0.7 } },
  { kind: 'rmsprop', n: 300, hyper: { beta2: 0.9, eps: 1e-7 } },
  { kind: 'rmsprop', n: 65, hyper: { beta2: 0.99, weightDecay: 0.01, clipValue: 0.4 } },
];

const LRS = [0.1, 0.05, 0.02, 0.01];

/** The hyperparameters as the GPU sees them (f32 uniforms), so the f64 reference differs only in arithmetic. */
function asF32(h: OptimizerHyper): OptimizerHyper {
  const f = Math.fround;
  return { ...h, lrMult: f(h.lrMult), momentum: f(h.momentum), beta1: f(h.beta1), beta2: f(h.beta2), eps: f(h.eps), weightDecay: f(h.weightDecay), clipValue: f(h.clipValue), l1: f(h.l1 ?? 0) };
}

describe(`optimizer on ${ADAPTER}`, () => {
  for (const { kind, n, hyper: h = {}, stats: s = {}, firstIndex = 0 } of CASES) {
    const hyper = asF32({ ...BASE, ...h });
    it(`${kind} n${n} ${JSON.stringify(h)} ${JSON.stringify(s)}, ${LRS.length} steps from ${firstIndex}`, async () => {
      const gpu = await testGpu();
      const slots = optimizerStateSlots(kind, hyper.momentum);
      const p0 = toF32(randomArray(n, 1));
      const pRef = Float64Array.from(p0);
      const stateRef = new Float64Array(slots * n);
      const params = upload(gpu, p0);
      const state = output(gpu, Math.max(slots * n, 4), 'zero');
      const stats = { gradScale: 1, firstBad: 0, ...s };
      stats.gradScale = Math.fround(stats.gradScale);
      const statsGpu = statsBuffer(gpu, stats);
      const plan = planOptimizer(kind, n, hyper, gpu.caps);
      for (const [k, lr] of LRS.entries()) {
        const index = firstIndex + k;
        const grads = toF32(randomArray(n, 10 + k, -2, 2));
        await runKernel(gpu, optimizerStep, plan, [upload(gpu, grads), statsGpu, params, state], { step: { index, lr } });
        optimizerStepRef(kind, hyper, pRef, stateRef, grads, stats, { index, lr: Math.fround(lr) });
      }
      expectClose(await download(gpu, params, n), pRef, TOL.f32.strict, "params");
      if (slots > 0) expectClose(await download(gpu, state, slots * n), stateRef, TOL.f32.balanced, 'state');
    });
  }

  for (const kind of ['sgd', 'adam', 'adamw', 'rmsprop'] as const) {
    it(`${kind}: firstBad ≠ 0 leaves params and state untouched`, async () => {
      const gpu = await testGpu();
      const n = 200;
      const hyper = { ...BASE, momentum: kind === 'sgd' ? 0.9 : 0, weightDecay: 0.1 };
      const slots = optimizerStateSlots(kind, hyper.momentum);
      const p0 = toF32(randomArray(n, 2));
      const s0 = toF32(randomArray(slots * n, 3, 0, 1));
      const params = upload(gpu, p0);
      const state = upload(gpu, s0);
      const grads = toF32(randomArray(n, 4));
      grads[7] = Number.NaN;
      await runKernel(gpu, optimizerStep, planOptimizer(kind, n, hyper, gpu.caps),
        [upload(gpu, grads), statsBuffer(gpu, { firstBad: 3, gradScale: 0 }), params, state], { step: { index: 3, lr: 0.1 } });
      expect(Array.from(await download(gpu, params, n))).toEqual(Array.from(p0));
      expect(Array.from(await download(gpu, state, slots * n))).toEqual(Array.from(s0));
    });
  }
});
