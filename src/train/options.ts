import type { Shape } from '../kernels/shape.js';
import type { AugmentOptions } from '../kernels/augment.js';
import type { OptimizerConfig } from '../optim/optimizers.js';
import type { ParamGroup } from '../optim/param-groups.js';
import type { Dataset } from '../data/dataset.js';
import type { Callback } from './callbacks.js';

export interface CompileOptions {
  /** Shape of one sample, NHWC without the batch axis, e.g. `[28, 28, 1]`. */
  inputShape: Shape;
  batchSize: number;
  /** The loss; softmax cross-entropy over integer class labels. */
  loss?: 'softmaxCrossEntropy';
  optimizer: OptimizerConfig;
  /** Rescales all gradients so their global L2 norm is at most this (computed on the GPU). */
  clipGradNorm?: number;
  /** Clamps every gradient element to ±clipValue. */
  clipValue?: number;
  /** L1 penalty λ·Σ|p| on weights (not biases or normalization parameters unless a group says so). */
  l1?: number;
  /** Per-parameter optimizer settings (learning-rate multiplier, weight decay, L1), first match wins. */
  paramGroups?: readonly ParamGroup[];
  /** Seeds parameter initialisation and shuffling. */
  seed?: number;
  /**
   * Data sets whose samples take more bytes than this (or than one binding allows) are not kept on
   * the GPU: each batch is assembled on the host and uploaded before its step. Default: the
   * device's maxStorageBufferBindingSize.
   */
  maxResidentDataBytes?: number;
  /** k of the top-k accuracy reported beside accuracy (Keras `TopKCategoricalAccuracy`). Default 5. */
  topK?: number;
  /** Random augmentation of each training batch on the GPU, after the gather (evaluation and predict see the data as is). */
  augment?: AugmentOptions;
}

/** Progress reported while fitting (read back asynchronously every few steps). */
export interface Progress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Mean loss and accuracy over the epoch so far. */
  loss: number;
  accuracy: number;
  /** Fraction of samples whose label is among the `topK` largest outputs. */
  topKAccuracy: number;
  imagesPerSecond: number;
  /** Estimated seconds left in this epoch. */
  etaSeconds: number;
}

export interface EpochLogs {
  epoch: number;
  loss: number;
  accuracy: number;
  topKAccuracy: number;
  seconds: number;
  valLoss?: number;
  valAccuracy?: number;
  valTopKAccuracy?: number;
}

export interface FitOptions {
  epochs: number;
  validationData?: Dataset;
  shuffle?: boolean;
  /** Hooks: progress (`onBatchEnd`), epoch logs and early stop (`onEpochEnd`); see callbacks.ts. */
  callbacks?: Callback | readonly Callback[];
  /** Read the running metrics back every this many steps (default: about 10 times per epoch). */
  progressEvery?: number;
}

/** Loss and accuracies over every sample of a data set. */
export interface Evaluation {
  loss: number;
  accuracy: number;
  topKAccuracy: number;
}

