export { sgd, adam, adamW, rmsprop, learningRateAt, type OptimizerConfig, type OptimizerKind, type LearningRate } from './optimizers.js';
