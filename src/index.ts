/// <reference types="@webgpu/types" />
/**
 * shadernet: train and run convolutional neural networks on WebGPU with handwritten WGSL shaders.
 * The device enters explicitly: `const gpu = await requestGpu()`, then `Trainer.compile(gpu, …)`.
 */
export { requestGpu, Gpu, type RequestGpuOptions, type DeviceCaps } from './gpu/index.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export * as datasets from './data/index.js';
export * as io from './io/index.js';
export * as models from './models/index.js';
export { Trainer, summary, type CompileOptions, type FitOptions, type Progress, type EpochLogs, type Evaluation, type ModelSummary } from './train/index.js';
export * as callbacks from './train/callbacks.js';
export {
  ShadernetError, ShapeError, LimitError, UnsupportedOpError, FormatError, ValueError, DeviceLostError,
  GpuValidationError, NonFiniteLossError,
} from './errors.js';
