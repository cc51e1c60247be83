import type { ReferenceOp } from './interpreter.js';

/** Float64 references of the normalization op family, by IR op name, for the graph interpreter. */
export const normalizationReference: Record<string, ReferenceOp> = {};
