export { sgd, adam, adamW, learningRateAt, type OptimizerConfig, type OptimizerKind, type LearningRate } from './optimizers.js';
