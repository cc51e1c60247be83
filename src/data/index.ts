export { fromArrays, split, permutation, reorder, type Dataset } from './dataset.js';
export { mnist } from './mnist.js';
