import type { OpDef } from '../op.js';

/** Pooling and resampling: max/avg/global pooling, upsampling, padding, concatenation. */
export const poolingOps: Record<string, OpDef<never>> = {};
