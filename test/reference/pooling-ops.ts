import type { ReferenceOp } from './interpreter.js';

/** Float64 references of the pooling op family, by IR op name, for the graph interpreter. */
export const poolingReference: Record<string, ReferenceOp> = {};
