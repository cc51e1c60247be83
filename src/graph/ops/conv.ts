import type { OpDef } from '../op.js';

/** Convolutions: conv2d, depthwise, transposed (forward and backward). */
export const convOps: Record<string, OpDef<never>> = {};
