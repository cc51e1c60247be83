import { describe, expect, it } from 'vitest';
import { fromArrays, type Dataset } from '../../src/data/dataset.js';
import type { AugmentOptions } from '../../src/kernels/augment.js';
import { dense, flatten, sequential } from '../../src/nn/index.js';
import { adam } from '../../src/optim/index.js';
import { Trainer } from '../../src/train/trainer.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { rng } from '../helpers/random.js';

/** 8×8 images of four flip-invariant patterns (blank, horizontal bars, vertical bars, checkerboard) with pixel noise. */
function patterns(count: number, seed: number): Dataset {
  const r = rng(seed);
  const x = new Float32Array(count * 64);
  const y = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const c = i % 4;
    y[i] = c;
    for (let p = 0; p < 64; p++) {
      const row = p >> 3;
      const col = p & 7;
      const on = c === 1 ? row % 2 : c === 2 ? col % 2 : c === 3 ? (row + col) % 2 : 0;
      x[i * 64 + p] = 0.8 * on + 0.2 * r();
    }
  }
  return fromArrays(x, y, [8, 8, 1], 4);
}

const model = () => sequential([flatten(), dense({ units: 32, activation: 'relu' }), dense({ units: 4 })]);

async function train(augment: AugmentOptions | undefined) {
  const gpu = await testGpu();
  const trainer = await Trainer.compile(gpu, model(), { inputShape: [8, 8, 1], batchSize: 32, optimizer: adam({ lr: 0.01 }), augment, seed: 3 });
  const history = await trainer.fit(patterns(512, 1), { epochs: 4 });
  return { trainer, history };
}

describe(`training with GPU augmentation on ${ADAPTER}`, () => {
  it('trains through the augmented input: loss falls, evaluation sees the data unaugmented', async () => {
    const augment: AugmentOptions = { horizontalFlip: true, verticalFlip: true, cropPadding: 2, brightness: 0.1, contrast: 0.2, noiseStd: 0.05, cutout: 2 };
    const { trainer, history } = await train(augment);
    expect(history[3].loss).toBeLessThan(history[0].loss * 0.5);
    const test = patterns(200, 2);
    const a = await trainer.evaluate(test);
    const b = await trainer.evaluate(test);
    expect(a.accuracy).toBeGreaterThan(0.9);
    expect(b).toEqual(a); // evaluation draws no random numbers
    const plain = await Trainer.compile(await testGpu(), model(), { inputShape: [8, 8, 1], batchSize: 32, optimizer: adam({ lr: 0.01 }) });
    expect(trainer.dispatchesPerStep).toBe(plain.dispatchesPerStep + 1);
  });

  it('the augmentation reaches the model: noise far above the signal leaves training at chance', async () => {
    const { history } = await train({ noiseStd: 50 });
    expect(history[3].accuracy).toBeLessThan(0.5);
  });
});
