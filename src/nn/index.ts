export { dense, type DenseOptions } from './dense.js';
export { relu, relu6, leakyRelu, sigmoid, tanh, gelu, silu } from './activations.js';
export { flatten } from './flatten.js';
export { sequential, type Model } from './sequential.js';
export { glorotUniform, heNormal, zeros, ones, fromValues } from './initializers.js';
export type { Layer, Initializer } from './layer.js';
export { TraceContext } from './layer.js';
