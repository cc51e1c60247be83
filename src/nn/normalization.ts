// Layers of the normalization family; see src/nn/index.ts.
export {};
