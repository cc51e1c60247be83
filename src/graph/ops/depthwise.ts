import type { OpDef } from '../op.js';

/** Depthwise convolution (with channel multiplier), forward and backward. */
export const depthwiseOps: Record<string, OpDef<never>> = {};
