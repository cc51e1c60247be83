import type { ReferenceOp } from './interpreter.js';

/** Float64 references of the conv op family, by IR op name, for the graph interpreter. */
export const convReference: Record<string, ReferenceOp> = {};
