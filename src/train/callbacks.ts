import { ValueError } from '../errors.js';
import { saveCheckpoint } from '../io/checkpoint.js';
import { saveCheckpointFile } from '../io/checkpoint-file.js';
import type { EpochLogs, Progress, Trainer } from './trainer.js';

/**
 * Hooks into `fit`. `onBatchEnd` receives the running metrics each time they are read back (a
 * few times per epoch, never by stalling the GPU on every step); `onEpochEnd` may return `true`
 * (or a promise of it) to stop training. A TF.js-style `{ onEpochEnd }` object is a callback.
 */
export interface Callback {
  onBatchEnd?(progress: Progress): void;
  onEpochEnd?(logs: EpochLogs, trainer: Trainer): void | boolean | Promise<void | boolean>;
  onTrainEnd?(trainer: Trainer): void | Promise<void>;
}

export type Monitor = 'loss' | 'accuracy' | 'valLoss' | 'valAccuracy';

function monitored(logs: EpochLogs, monitor: Monitor): number {
  const v = logs[monitor];
  if (v === undefined) throw new ValueError('callback', `monitors '${monitor}', which this fit does not report`, monitor.startsWith('val') ? 'pass validationData to fit' : undefined);
  return v;
}

const better = (monitor: Monitor, value: number, best: number, minDelta: number) =>
  monitor.endsWith('ccuracy') ? value > best + minDelta : value < best - minDelta;

/**
 * Stops training when `monitor` has not improved by more than `minDelta` for `patience` epochs;
 * with `restoreBestWeights`, puts back the parameters of the best epoch. Keras `EarlyStopping`.
 */
export function earlyStopping(o: { monitor?: Monitor; patience?: number; minDelta?: number; restoreBestWeights?: boolean } = {}): Callback & { stoppedEpoch: number; bestEpoch: number } {
  const monitor = o.monitor ?? 'valLoss';
  const patience = o.patience ?? 0;
  const minDelta = o.minDelta ?? 0;
  if (!Number.isInteger(patience) || patience < 0) throw new ValueError('earlyStopping', `patience must be an integer ≥ 0 (got ${patience})`);
  let best = monitor.endsWith('ccuracy') ? -Infinity : Infinity;
  let wait = 0;
  let snapshot: Map<string, Float32Array> | null = null;
  const cb = {
    stoppedEpoch: 0,
    bestEpoch: 0,
    async onEpochEnd(logs: EpochLogs, trainer: Trainer): Promise<boolean> {
      const value = monitored(logs, monitor);
      if (better(monitor, value, best, minDelta)) {
        best = value;
        wait = 0;
        cb.bestEpoch = logs.epoch;
        if (o.restoreBestWeights) snapshot = await trainer.snapshotParams();
        return false;
      }
      wait++;
      if (wait <= patience) return false;
      cb.stoppedEpoch = logs.epoch;
      if (snapshot) trainer.restoreParams(snapshot);
      return true;
    },
  };
  return cb;
}

/**
 * A one-line progress bar on a Node terminal (batch, loss, accuracy, images/s, ETA), redrawn
 * each time metrics are read back; without a TTY (logs, CI) one line per epoch. Browsers: use
 * `onBatchEnd` events instead.
 */
export function progressBar(o: { width?: number; write?: (s: string) => void; tty?: boolean } = {}): Callback {
  const proc = (globalThis as { process?: { stdout?: { isTTY?: boolean; write(s: string): void } } }).process;
  const write = o.write ?? ((s: string) => proc?.stdout?.write(s));
  const tty = o.tty ?? Boolean(proc?.stdout?.isTTY);
  const width = o.width ?? 24;
  let last: Progress | null = null;
  const line = (p: Progress) => {
    const done = Math.round((p.batch / p.batches) * width);
    return `epoch ${p.epoch}/${p.epochs} [${'='.repeat(Math.max(0, done - 1))}${done > 0 ? (done === width ? '=' : '>') : ''}${' '.repeat(width - done)}] ` +
      `${String(p.batch).padStart(String(p.batches).length)}/${p.batches}  loss ${p.loss.toFixed(4)}  accuracy ${p.accuracy.toFixed(4)}  ` +
      `${p.imagesPerSecond.toFixed(0)} img/s  ETA ${p.etaSeconds.toFixed(0)} s`;
  };
  return {
    onBatchEnd(p) {
      last = p;
      if (tty) write(`\r${line(p)}\u001b[K`);
    },
    onEpochEnd(logs) {
      const val = logs.valLoss !== undefined ? `  val_loss ${logs.valLoss.toFixed(4)}  val_accuracy ${logs.valAccuracy!.toFixed(4)}` : '';
      const head = last ? line({ ...last, batch: last.batches }).replace(/ {2}ETA.*$/, '') : `epoch ${logs.epoch}`;
      write(`${tty ? '\r' : ''}${head}  ${logs.seconds.toFixed(2)} s${val}${tty ? '\u001b[K' : ''}\n`);
    },
  };
}

/**
 * Saves a checkpoint after each epoch (or only when `monitor` improves, with `saveBestOnly`):
 * to `path` in Node (written to a temporary file and renamed, so a failed save keeps the previous
 * checkpoint), or through `save(bytes)` anywhere (e.g. to IndexedDB in a browser). Keras
 * `ModelCheckpoint`.
 */
export function modelCheckpoint(o: { path?: string; save?: (bytes: Uint8Array, logs: EpochLogs) => void | Promise<void>; monitor?: Monitor; saveBestOnly?: boolean }): Callback {
  if (!o.path === !o.save) throw new ValueError('modelCheckpoint', 'give exactly one of `path` (Node) or `save` (bytes)');
  const monitor = o.monitor ?? 'valLoss';
  let best = monitor.endsWith('ccuracy') ? -Infinity : Infinity;
  return {
    async onEpochEnd(logs, trainer) {
      if (o.saveBestOnly) {
        const value = monitored(logs, monitor);
        if (!better(monitor, value, best, 0)) return false;
        best = value;
      }
      if (o.path) await saveCheckpointFile(trainer, o.path);
      else await o.save!(await saveCheckpoint(trainer), logs);
      return false;
    },
  };
}
