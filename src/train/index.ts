export { Trainer, type CompileOptions, type FitOptions, type Progress, type EpochLogs, type Evaluation } from './trainer.js';
export { earlyStopping, progressBar, modelCheckpoint, type Callback, type Monitor } from './callbacks.js';
export { summary, nodeFlops, type ModelSummary, type SummaryRow } from './summary.js';
