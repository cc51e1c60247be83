import hashWgsl from '../../shaders/common/hash.wgsl';
import gridWgsl from '../../shaders/common/grid.wgsl';
import stepWgsl from '../../shaders/common/step.wgsl';
import dropoutWgsl from '../../shaders/dropout/dropout.wgsl';
import type { DeviceCaps } from '../gpu/caps.js';
import { ShapeError, ValueError } from '../errors.js';
import { checkElements, type ElementwiseConstants } from './elementwise.js';
import { defineKernel, grid1d, workgroupInvocations, type Plan } from './kernel.js';
import { shapeString, sizeOf, type Shape } from './shape.js';

const ELEMS = 4;

const DROPOUT_PARAMS = { count: 'u32', channels: 'u32', plane: 'u32', threshold: 'u32', scale: 'f32', layerSeed: 'u32' } as const;

/** Constants of the dropout kernel: SPATIAL drops whole channels per sample. */
export interface DropoutConstants extends ElementwiseConstants {
  SPATIAL: boolean;
}

/**
 * Inverted dropout y = x · keep / (1 − rate) with a counter-based mask keyed by (layerSeed,
 * step.seed, step.index, mask index); the backward pass is the same kernel on gy. Keras
 * `Dropout` / `SpatialDropout2D`, PyTorch `nn.Dropout` / `nn.Dropout2d` (on NHWC). Bindings: x, y.
 */
export const dropoutForward = defineKernel<DropoutConstants, typeof DROPOUT_PARAMS>({
  label: 'dropout.forward', wgsl: [gridWgsl, stepWgsl, hashWgsl, dropoutWgsl], entryPoint: 'dropoutForward',
  inputs: ['x'], outputs: ['y'], params: DROPOUT_PARAMS, step: true,
});

/** Threshold on the 24 random bits: an element is kept when bits ≥ threshold (probability ≈ 1 − rate). */
export function dropoutThreshold(rate: number): number {
  return Math.round(rate * 2 ** 24);
}

/** Throws a ValueError unless 0 ≤ rate < 1. */
export function checkDropoutRate(rate: number, where: string): void {
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
    throw new ValueError(where, `rate must be in [0, 1) (got ${rate})`, 'rate is the fraction of units dropped, as in Keras');
  }
}

/** Checks a dropout call: the rate, and for spatial dropout an input with spatial axes (rank ≥ 3). */
export function checkDropout(shape: Shape, rate: number, spatial: boolean, where: string): void {
  checkDropoutRate(rate, where);
  if (spatial && shape.length < 3) throw new ShapeError(where, `input must be [batch, ..., channels] with spatial axes (rank ≥ 3, got ${shapeString(shape)})`);
}

/**
 * Plans dropout over x of `shape`. `spatial` drops whole channels per sample (x NHWC, rank ≥ 3:
 * the mask is indexed by (n, c)); `layerSeed` distinguishes layers and is mixed with the per-step
 * seed and step index.
 */
export function planDropout(shape: Shape, rate: number, layerSeed: number, spatial: boolean, caps: DeviceCaps): Plan<DropoutConstants, typeof DROPOUT_PARAMS> {
  const where = spatial ? 'spatialDropout' : 'dropout';
  checkDropout(shape, rate, spatial, where);
  const count = sizeOf(shape);
  checkElements(count, caps, where);
  const wg = workgroupInvocations(caps);
  return {
    constants: { WG: wg, ELEMS, SPATIAL: spatial },
    params: {
      count, channels: shape[shape.length - 1], plane: sizeOf(shape.slice(1)),
      threshold: dropoutThreshold(rate), scale: 1 / (1 - rate), layerSeed: layerSeed >>> 0,
    },
    workgroups: grid1d(Math.ceil(count / (wg * ELEMS)), caps, where),
  };
}
