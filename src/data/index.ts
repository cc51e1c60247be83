export { fromArrays, split, permutation, reorder, standardize, type Dataset } from './dataset.js';
export { mnist } from './mnist.js';
