import { describe, expect, it } from 'vitest';
import { fromArrays, type Dataset } from '../../src/data/dataset.js';
import { conv2d, conv2dTranspose, dense, flatten, sequential } from '../../src/nn/index.js';
import { adam } from '../../src/optim/index.js';
import { Trainer } from '../../src/train/trainer.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { rng } from '../helpers/random.js';

/** 8×8 single-channel images of a bright bar, horizontal (class 0) or vertical (class 1), plus noise. */
function bars(count: number, seed: number): Dataset {
  const r = rng(seed);
  const x = new Float32Array(count * 64);
  const y = new Uint32Array(count);
  for (let s = 0; s < count; s++) {
    const cls = s % 2;
    const at = 1 + Math.floor(r() * 6);
    y[s] = cls;
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 8; j++) x[s * 64 + i * 8 + j] = ((cls === 0 ? i : j) === at ? 1 : 0) + 0.3 * (r() - 0.5);
    }
  }
  return fromArrays(x, y, [8, 8, 1], 2);
}

describe(`conv models on ${ADAPTER}`, () => {
  it('conv2d → relu → conv2d stride 2 → flatten → dense trains: loss falls', async () => {
    const gpu = await testGpu();
    const model = sequential([
      conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' }),
      conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
      flatten(),
      dense({ units: 2 }),
    ]);
    const trainer = await Trainer.compile(gpu, model, { inputShape: [8, 8, 1], batchSize: 16, optimizer: adam({ lr: 0.01 }) });
    const history = await trainer.fit(bars(256, 1), { epochs: 4 });
    expect(history[3].loss).toBeLessThan(history[0].loss * 0.7);
    expect(history[3].accuracy).toBeGreaterThan(0.9);
  });

  it('conv2d → conv2dTranspose (upsampling) → dense trains: loss falls', async () => {
    const gpu = await testGpu();
    const model = sequential([
      conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
      conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
      flatten(),
      dense({ units: 2 }),
    ]);
    const trainer = await Trainer.compile(gpu, model, { inputShape: [8, 8, 1], batchSize: 16, optimizer: adam({ lr: 0.01 }) });
    const history = await trainer.fit(bars(256, 2), { epochs: 3 });
    expect(history[2].loss).toBeLessThan(history[0].loss);
  });
});
