// Layers of the depthwise family; see src/nn/index.ts.
export {};
