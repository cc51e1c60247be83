import type { ReferenceOp } from './interpreter.js';

/** Float64 references of the depthwise op family, by IR op name, for the graph interpreter. */
export const depthwiseReference: Record<string, ReferenceOp> = {};
