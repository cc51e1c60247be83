export { sgd, adam, adamW, rmsprop, learningRateAt, type OptimizerConfig, type OptimizerKind, type LearningRate } from './optimizers.js';
export { stepDecay, exponentialDecay, cosineDecay, oneCycle, constant, type Schedule } from './schedules.js';
export { decayedByDefault, type ParamGroup } from './param-groups.js';
