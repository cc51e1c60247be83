import { packUniform, uniformLayout, type ParamValues } from '../gpu/uniforms.js';

/** TS mirror of `struct Step` in shaders/common/step.wgsl (the per-step uniform). */
export const STEP_FIELDS = {
  index: 'u32',
  batchStart: 'u32',
  validRows: 'u32',
  seed: 'u32',
  lr: 'f32',
  lrScale: 'f32',
} as const;

export type StepValues = ParamValues<typeof STEP_FIELDS>;

export const STEP_BYTES = uniformLayout(STEP_FIELDS).size;

/** Packs per-step values for `queue.writeBuffer`, into `into` when given (no allocation per step). */
export function packStep(values: StepValues, into: ArrayBuffer = new ArrayBuffer(STEP_BYTES)): ArrayBuffer {
  packUniform(STEP_FIELDS, values, into);
  return into;
}

export const DEFAULT_STEP: StepValues = { index: 0, batchStart: 0, validRows: 0, seed: 0, lr: 0, lrScale: 1 };
