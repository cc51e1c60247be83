export { Trainer, type CompileOptions, type FitOptions, type Progress, type EpochLogs } from './trainer.js';
