export { Trainer, type CompileOptions, type FitOptions, type Progress, type EpochLogs } from './trainer.js';
export { summary, nodeFlops, type ModelSummary, type SummaryRow } from './summary.js';
