import type { OpDef } from '../op.js';

/** Normalization and regularization: batch/layer/group norm, dropout. */
export const normalizationOps: Record<string, OpDef<never>> = {};
