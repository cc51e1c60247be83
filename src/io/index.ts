export { readSafetensors, writeSafetensors, MAX_HEADER_BYTES, type Dtype, type Tensor, type TensorData, type SafetensorsFile } from './safetensors.js';
export { saveCheckpoint, loadCheckpoint, optimizerSlotNames, CHECKPOINT_FORMAT, CHECKPOINT_VERSION } from './checkpoint.js';
export { saveCheckpointFile, loadCheckpointFile, writeFileAtomic, type AtomicWriteOptions, type WritableFile } from './checkpoint-file.js';
