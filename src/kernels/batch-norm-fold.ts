import foldWgsl from '../../shaders/batch-norm/fold.wgsl';
import gridWgsl from '../../shaders/common/grid.wgsl';
import type { DeviceCaps } from '../gpu/caps.js';
import { checkElements } from './elementwise.js';
import { defineKernel, grid1d, workgroupInvocations, type Plan } from './kernel.js';

const FOLD_PARAMS = { channels: 'u32', epsilon: 'f32' } as const;

interface FoldConstants extends Record<string, number | boolean> { WG: number }

/** f [2, C] = (scale, shift) from t [4, C] = (mean, var, gamma, beta): BatchNorm after a layer without bias. */
export const batchNormFold = defineKernel<FoldConstants, typeof FOLD_PARAMS>({
  label: 'batchNorm.fold', wgsl: [gridWgsl, foldWgsl], entryPoint: 'batchNormFold',
  inputs: ['t'], outputs: ['f'], params: FOLD_PARAMS,
});

/** As {@link batchNormFold}, for a layer with a bias (folded into the shift). */
export const batchNormFoldBias = defineKernel<FoldConstants, typeof FOLD_PARAMS>({
  label: 'batchNorm.foldBias', wgsl: [gridWgsl, foldWgsl], entryPoint: 'batchNormFoldBias',
  inputs: ['t', 'bias'], outputs: ['f'], params: FOLD_PARAMS,
});

/** One invocation per channel. */
export function planBatchNormFold(channels: number, epsilon: number, caps: DeviceCaps): Plan<FoldConstants, typeof FOLD_PARAMS> {
  checkElements(channels, caps, 'batchNorm fold');
  const wg = workgroupInvocations(caps);
  return { constants: { WG: wg }, params: { channels, epsilon }, workgroups: grid1d(Math.ceil(channels / wg), caps, 'batchNorm fold') };
}
