import { describe, expect, it } from 'vitest';
import { fromArrays } from '../../src/data/dataset.js';
import { ValueError } from '../../src/errors.js';
import { dense, sequential } from '../../src/nn/index.js';
import { sgd } from '../../src/optim/index.js';
import { earlyStopping, modelCheckpoint, progressBar } from '../../src/train/callbacks.js';
import { readSafetensors } from '../../src/io/safetensors.js';
import { Trainer } from '../../src/train/trainer.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { rng } from '../helpers/random.js';

function noise(count: number, seed: number) {
  const r = rng(seed);
  return fromArrays(Float32Array.from({ length: count * 4 }, () => r()), Uint32Array.from({ length: count }, (_, i) => i % 7), [4], 7);
}

describe(`fit callbacks (${ADAPTER})`, () => {
  it('early stopping stops after `patience` epochs without improvement; top-k accuracy is reported', async () => {
    const trainer = await Trainer.compile(await testGpu(), sequential([dense({ units: 7 })]), { inputShape: [4], batchSize: 8, optimizer: sgd({ lr: 0 }), topK: 7 });
    const stopper = earlyStopping({ monitor: 'valAccuracy', patience: 1, restoreBestWeights: true });
    const lines: string[] = [];
    const history = await trainer.fit(noise(64, 1), {
      epochs: 10, validationData: noise(20, 2), callbacks: [stopper, progressBar({ tty: false, write: (s) => lines.push(s) })],
    });
    // lr 0: nothing improves after epoch 1, so epoch 3 exceeds patience 1.
    expect(history.map((h) => h.epoch)).toEqual([1, 2, 3]);
    expect(stopper.stoppedEpoch).toBe(3);
    expect(stopper.bestEpoch).toBe(1);
    // With k = the number of classes every label is in the top k.
    expect(history[0].topKAccuracy).toBe(1);
    expect(history[0].valTopKAccuracy).toBe(1);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^epoch 1\/10 \[=+\] 8\/8 {2}loss \d\.\d{4} {2}accuracy \d\.\d{4} .* s {2}val_loss \d\.\d{4} {2}val_accuracy \d\.\d{4}\n$/);
  });

  it('modelCheckpoint saves only when the monitored value improves', async () => {
    const trainer = await Trainer.compile(await testGpu(), sequential([dense({ units: 7 })]), { inputShape: [4], batchSize: 8, optimizer: sgd({ lr: 0 }) });
    const saved: number[] = [];
    await trainer.fit(noise(32, 1), { epochs: 3, shuffle: false, callbacks: modelCheckpoint({ monitor: 'loss', saveBestOnly: true, save: (bytes, logs) => {
      expect(readSafetensors(bytes).tensors.has('dense.kernel')).toBe(true);
      saved.push(logs.epoch);
    } }) });
    expect(saved).toEqual([1]);
    expect(() => modelCheckpoint({})).toThrow(ValueError);
  });

  it('a monitor the fit does not report is a typed error', async () => {
    const trainer = await Trainer.compile(await testGpu(), sequential([dense({ units: 7 })]), { inputShape: [4], batchSize: 8, optimizer: sgd() });
    await expect(trainer.fit(noise(16, 1), { epochs: 2, callbacks: earlyStopping() })).rejects.toThrow(ValueError);
    await expect(trainer.fit(noise(16, 1), { epochs: 2, callbacks: earlyStopping() })).rejects.toThrow(/valLoss.*validationData/);
  });
});
