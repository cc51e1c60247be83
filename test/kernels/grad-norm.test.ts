import { describe, expect, it } from 'vitest';
import {
  gradNormFinalize, gradNormPartialCount, gradNormPartials, planGradNormFinalize, planGradNormPartials,
} from '../../src/kernels/grad-norm.js';
import { runKernel } from '../../src/kernels/launch.js';
import { workgroupInvocations } from '../../src/kernels/kernel.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { download, output, upload } from '../helpers/buffers.js';
import { randomArray, toF32 } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { downloadStats, expectStats, statsBuffer } from '../helpers/stats.js';
import { gradNormPartialsRef, gradNormRef } from '../reference/grad-norm.js';
import type { Gpu } from '../../src/gpu/gpu.js';

/** Runs both passes over `pages` (each at its own offset in one partials buffer) into a fresh stats block. */
async function globalNorm(gpu: Gpu, pages: Float32Array[], maxNorm: number, firstBad = 0) {
  const counts = pages.map((p) => gradNormPartialCount(p.length, gpu.caps));
  const total = counts.reduce((a, b) => a + b, 0);
  const partials = output(gpu, total);
  let offset = 0;
  for (const [i, page] of pages.entries()) {
    await runKernel(gpu, gradNormPartials, planGradNormPartials(page.length, offset, gpu.caps), [upload(gpu, page), partials]);
    offset += counts[i];
  }
  const stats = statsBuffer(gpu, { lossSum: 2, count: 5, firstBad, gradScale: 0.5 });
  await runKernel(gpu, gradNormFinalize, planGradNormFinalize(total, maxNorm, gpu.caps), [partials, stats], { step: { index: 6 } });
  return { stats: await downloadStats(gpu, stats), partials: await download(gpu, partials, total) };
}

describe(`grad-norm on ${ADAPTER}`, () => {
  it('partials: one per chunk, each exact, n around the chunk size', async () => {
    const gpu = await testGpu();
    const chunk = workgroupInvocations(gpu.caps) * 16;
    expect(gradNormPartialCount(chunk, gpu.caps)).toBe(1);
    expect(gradNormPartialCount(chunk + 1, gpu.caps)).toBe(2);
    for (const n of [1, 3, chunk - 1, chunk, chunk + 1, 5 * chunk + 77]) {
      const grads = toF32(randomArray(n, n));
      const { partials } = await globalNorm(gpu, [grads], 0);
      expectClose(partials, gradNormPartialsRef(grads, chunk), TOL.f32.balanced, `partials n${n}`);
    }
  });

  for (const maxNorm of [0, -1, 1e6, 1, 0.01]) {
    it(`several pages, maxNorm ${maxNorm}`, async () => {
      const gpu = await testGpu();
      const pages = [toF32(randomArray(1000, 1)), toF32(randomArray(7, 2, -5, 5)), toF32(randomArray(70001, 3, -0.1, 0.1))];
      const { stats } = await globalNorm(gpu, pages, maxNorm);
      const ref = gradNormRef(pages, maxNorm);
      expectStats(stats, { lossSum: 2, correct: 0, count: 5, firstBad: 0, gradNorm: ref.norm, gradScale: ref.scale, correctTopK: 0 });
    });
  }

  for (const [what, bad] of [['NaN', Number.NaN], ['Inf', Number.POSITIVE_INFINITY], ['overflowing', 1e25]] as const) {
    it(`a ${what} gradient: gradScale 0 and firstBad = step + 1`, async () => {
      const gpu = await testGpu();
      const grads = toF32(randomArray(3000, 4));
      grads[2222] = bad;
      const { stats } = await globalNorm(gpu, [toF32(randomArray(10, 5)), grads], 1);
      expect(stats.gradScale).toBe(0);
      expect(stats.firstBad).toBe(7);
      expect(Number.isFinite(stats.gradNorm)).toBe(false);
      const { stats: kept } = await globalNorm(gpu, [grads], 1, 3);
      expect(kept.firstBad).toBe(3);
      expect(kept.gradScale).toBe(0);
    });
  }
});
