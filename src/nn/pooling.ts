// Layers of the pooling family; see src/nn/index.ts.
export {};
