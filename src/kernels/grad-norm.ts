import partialsWgsl from '../../shaders/grad-norm/partials.wgsl';
import finalizeWgsl from '../../shaders/grad-norm/finalize.wgsl';
import gridWgsl from '../../shaders/common/grid.wgsl';
import statsWgsl from '../../shaders/common/stats.wgsl';
import stepWgsl from '../../shaders/common/step.wgsl';
import type { DeviceCaps } from '../gpu/caps.js';
import { ShapeError } from '../errors.js';
import { defineKernel, grid1d, workgroupInvocations, type Plan } from './kernel.js';

const PARTIALS_PARAMS = { count: 'u32', partialOffset: 'u32' } as const;
const FINALIZE_PARAMS = { count: 'u32', maxNorm: 'f32' } as const;

/** Elements each invocation of gradNormPartials squares and sums. */
const ITEMS = 16;

export interface GradNormPartialsConstants extends Record<string, number | boolean> {
  WG: number;
  ITEMS: number;
}

export interface GradNormFinalizeConstants extends Record<string, number | boolean> {
  WG: number;
}

/**
 * First pass of the global gradient L2 norm: grads f32 [n] → partials f32, writing each workgroup's
 * Σ g² to partials[partialOffset + w] for w < {@link gradNormPartialCount}(n). Several gradient pages
 * can fill one partials buffer at different offsets before a single {@link gradNormFinalize}.
 */
export const gradNormPartials = defineKernel<GradNormPartialsConstants, typeof PARTIALS_PARAMS>({
  label: 'grad-norm.partials', wgsl: [gridWgsl, partialsWgsl], entryPoint: 'gradNormPartials',
  inputs: ['grads'], outputs: ['partials'], params: PARTIALS_PARAMS,
});

/**
 * Second pass: partials f32 [count] → stats. Sets stats.gradNorm = √Σ partials and stats.gradScale =
 * min(1, maxNorm / (norm + 1e-6)) as PyTorch's `clip_grad_norm_` (1 when maxNorm ≤ 0); a non-finite
 * norm gives gradScale 0 and firstBad = step.index + 1 (if still 0). Per-step uniform: yes.
 */
export const gradNormFinalize = defineKernel<GradNormFinalizeConstants, typeof FINALIZE_PARAMS>({
  label: 'grad-norm.finalize', wgsl: [statsWgsl, stepWgsl, finalizeWgsl], entryPoint: 'gradNormFinalize',
  inputs: ['partials'], outputs: ['stats'], params: FINALIZE_PARAMS, step: true,
});

function chunk(caps: DeviceCaps): number {
  return workgroupInvocations(caps) * ITEMS;
}

/** The number of partial sums gradNormPartials writes for `n` gradients (one per workgroup). */
export function gradNormPartialCount(n: number, caps: DeviceCaps): number {
  return Math.max(1, Math.ceil(n / chunk(caps)));
}

/** Plans gradNormPartials over `n` gradients writing partials[partialOffset ..+ gradNormPartialCount(n)]. */
export function planGradNormPartials(n: number, partialOffset: number, caps: DeviceCaps): Plan<GradNormPartialsConstants, typeof PARTIALS_PARAMS> {
  if (n < 1 || partialOffset < 0 || !Number.isInteger(n) || !Number.isInteger(partialOffset)) {
    throw new ShapeError('gradNorm', `expected n ≥ 1 gradients and an offset ≥ 0 (got n ${n}, offset ${partialOffset})`);
  }
  return {
    constants: { WG: workgroupInvocations(caps), ITEMS },
    params: { count: n, partialOffset },
    workgroups: grid1d(gradNormPartialCount(n, caps), caps, 'gradNorm'),
  };
}

/** Plans gradNormFinalize over `count` partials; `maxNorm` ≤ 0 means no clipping. One workgroup. */
export function planGradNormFinalize(count: number, maxNorm: number, caps: DeviceCaps): Plan<GradNormFinalizeConstants, typeof FINALIZE_PARAMS> {
  if (count < 1 || !Number.isInteger(count)) {
    throw new ShapeError('gradNorm', `expected at least one partial sum (got ${count})`);
  }
  return { constants: { WG: workgroupInvocations(caps) }, params: { count, maxNorm }, workgroups: [1, 1, 1] };
}
