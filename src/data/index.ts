export { fromArrays, split, permutation, reorder, standardize, type Dataset } from './dataset.js';
export { mnist } from './mnist.js';
export { idx, parseIdx, idxDataset, fashionMnist, FASHION_MNIST_CLASSES, FASHION_MNIST_PATH, type IdxArray } from './idx.js';
export { imageFolder } from './image-folder.js';
export { fromImages, type ImageOptions, type ImageSource, type RgbaImage } from './images.js';
export type { AugmentOptions } from '../kernels/augment.js';
