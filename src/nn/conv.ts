// Layers of the conv family; see src/nn/index.ts.
export {};
