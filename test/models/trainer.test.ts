import { describe, expect, it } from 'vitest';
import { fromArrays, type Dataset } from '../../src/data/dataset.js';
import { LimitError, NonFiniteLossError, ShapeError, ValueError } from '../../src/errors.js';
import { dense, flatten, sequential } from '../../src/nn/index.js';
import { adam, adamW, sgd } from '../../src/optim/index.js';
import { Trainer } from '../../src/train/trainer.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { rng } from '../helpers/random.js';

/** Four Gaussian blobs in 6-D, one per class: easy to separate, hard to get right by chance. */
function blobs(count: number, seed: number): Dataset {
  const r = rng(seed);
  const x = new Float32Array(count * 6);
  const y = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const c = i % 4;
    y[i] = c;
    for (let j = 0; j < 6; j++) x[i * 6 + j] = (j % 4 === c ? 2 : 0) + (r() - 0.5);
  }
  return fromArrays(x, y, [6], 4);
}

const mlp = () => sequential([dense({ units: 16, activation: 'relu' }), dense({ units: 4 })]);

describe(`Trainer on ${ADAPTER}`, () => {
  it('learns a separable problem: loss falls, accuracy rises, evaluate and predict agree', async () => {
    const gpu = await testGpu();
    const trainer = await Trainer.compile(gpu, mlp(), { inputShape: [6], batchSize: 32, optimizer: adamW({ lr: 0.02 }), clipGradNorm: 1 });
    const train = blobs(512, 1);
    const test = blobs(200, 2);
    const progress: number[] = [];
    const history = await trainer.fit(train, { epochs: 4, validationData: test, callbacks: { onBatchEnd: (p) => progress.push(p.loss) }, progressEvery: 4 });
    expect(history).toHaveLength(4);
    expect(history[3].loss).toBeLessThan(history[0].loss);
    expect(history[3].valAccuracy).toBeGreaterThan(0.95);
    expect(progress.length).toBeGreaterThanOrEqual(8);
    const evaluated = await trainer.evaluate(test);
    expect(evaluated.accuracy).toBe(history[3].valAccuracy);
    // predict covers a partial last batch (200 = 6 × 32 + 8).
    const logits = await trainer.predict(test.x);
    expect(logits.length).toBe(200 * 4);
    let correct = 0;
    for (let i = 0; i < 200; i++) {
      const row = Array.from(logits.subarray(i * 4, i * 4 + 4));
      if (row.indexOf(Math.max(...row)) === test.y[i]) correct++;
    }
    expect(correct / 200).toBeCloseTo(evaluated.accuracy, 5);
  });

  it('stops with NonFiniteLossError naming the step, and skips that update', async () => {
    const gpu = await testGpu();
    const trainer = await Trainer.compile(gpu, mlp(), { inputShape: [6], batchSize: 32, optimizer: sgd({ lr: 1e30 }) });
    const error = await trainer.fit(blobs(256, 3), { epochs: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect((error as NonFiniteLossError).step).toBeGreaterThanOrEqual(0);
    expect((error as Error).message).toMatch(/step \d+/);
    for (const name of ['dense.kernel', 'dense_1.kernel']) {
      const values = await trainer.readParam(name);
      expect(values.every(Number.isFinite), `${name} stays finite`).toBe(true);
    }
  });

  it('rejects bad input with typed errors before any GPU work', async () => {
    const gpu = await testGpu();
    const trainer = await Trainer.compile(gpu, mlp(), { inputShape: [6], batchSize: 32, optimizer: adam() });
    await expect(trainer.fit(fromArrays(new Float32Array(64 * 5), new Uint32Array(64), [5], 4), { epochs: 1 })).rejects.toThrow(ShapeError);
    await expect(trainer.fit(fromArrays(new Float32Array(64 * 5), new Uint32Array(64), [5], 4), { epochs: 1 })).rejects.toThrow(/\[5\].*inputShape \[6\]/);
    await expect(trainer.fit(blobs(16, 1), { epochs: 1 })).rejects.toThrow(/fewer than one batch of 32/);
    await expect(trainer.fit(blobs(64, 1), { epochs: 0 })).rejects.toThrow(ValueError);
    await expect(trainer.fit(fromArrays(new Float32Array(64 * 6), new Uint32Array(64), [6], 9), { epochs: 1 })).rejects.toThrow(/9 classes.*outputs 4/);
    await expect(trainer.predict(new Float32Array(7))).rejects.toThrow(ShapeError);
    expect(() => fromArrays(new Float32Array(12), [0, 4], [6], 4)).toThrow(/label 4 of sample 1 is outside \[0, 4\)/);
    expect(() => fromArrays(new Float32Array(12), [0, 1.5], [6], 4)).toThrow(ValueError);
    expect(() => fromArrays(new Float32Array(0), [], [6], 4)).toThrow(/empty/);
    expect(() => fromArrays(new Float32Array(11), [0, 1], [6], 4)).toThrow(ShapeError);
    expect(() => fromArrays(Float32Array.from([0, 0, 0, 0, 0, Number.NaN]), [0], [6], 4)).toThrow(/x\[5\].*NaN/);
    expect(() => dense({ units: 0 })).toThrow(ValueError);
    expect(() => sgd({ lr: -1 })).toThrow(/lr must be/);
  });

  it('names the layer and shapes when the graph does not fit', async () => {
    const gpu = await testGpu();
    await expect(Trainer.compile(gpu, sequential([flatten(), dense({ units: 4 })]), { inputShape: [2, 3, 1], batchSize: 0, optimizer: adam() })).rejects.toThrow(/batchSize/);
    await expect(Trainer.compile(gpu, sequential([dense({ units: 4 })]), { inputShape: [2, 3, 1], batchSize: 8, optimizer: adam() }))
      .rejects.toThrow(/dense \(dense\): expects \[batch, features\] \(rank 2\), got \[8, 2, 3, 1\]/);
    await expect(Trainer.compile(gpu, sequential([flatten(), dense({ units: 4 }), flatten()]), { inputShape: [2, 3, 1], batchSize: 8, optimizer: adam(), clipGradNorm: -1 })).rejects.toThrow(/clipGradNorm/);
    // 64 × 600,000 activations = 154 MB, above the 128 MiB binding limit: a LimitError naming the layer.
    await expect(Trainer.compile(gpu, sequential([dense({ units: 600_000 })]), { inputShape: [4], batchSize: 64, optimizer: sgd() }))
      .rejects.toThrow(LimitError);
    await expect(Trainer.compile(gpu, sequential([dense({ units: 600_000 })]), { inputShape: [4], batchSize: 64, optimizer: sgd() }))
      .rejects.toThrow(/dense.*maxStorageBufferBindingSize/);
  });
});

describe(`data sets stored as bytes (${ADAPTER})`, () => {
  it('train like the same data in f32, with a quarter of the GPU memory', async () => {
    const r = rng(11);
    const count = 96;
    const bytes = Uint8Array.from({ length: count * 6 }, () => Math.floor(r() * 256));
    const labels = Uint32Array.from({ length: count }, (_, i) => (bytes[i * 6] > 127 ? 1 : 0) + (bytes[i * 6 + 1] > 127 ? 2 : 0));
    const plain = fromArrays(Float32Array.from(bytes, (b) => b / 255), labels, [6], 4);
    const asBytes = { ...plain, bytes: { data: bytes, scale: 1 / 255, offset: 0 } };
    const results: { loss: number; kernel: Float32Array }[] = [];
    for (const data of [plain, asBytes]) {
      const trainer = await Trainer.compile(await testGpu(), mlp(), { inputShape: [6], batchSize: 32, optimizer: adam({ lr: 0.01 }), seed: 5 });
      const history = await trainer.fit(data, { epochs: 3 });
      results.push({ loss: history[2].loss, kernel: await trainer.readParam('dense.kernel') });
    }
    expect(results[1].loss).toBeCloseTo(results[0].loss, 4);
    results[1].kernel.forEach((v, i) => expect(v).toBeCloseTo(results[0].kernel[i], 4));
  });
});

describe(`data sets streamed from the host (${ADAPTER})`, () => {
  it('train and evaluate exactly like resident data sets', async () => {
    const train = blobs(96, 4);
    const test = blobs(50, 5);
    const results: { loss: number; val: number; kernel: Float32Array }[] = [];
    for (const maxResidentDataBytes of [undefined, 0]) {
      const trainer = await Trainer.compile(await testGpu(), mlp(), { inputShape: [6], batchSize: 32, optimizer: adam({ lr: 0.01 }), seed: 5, maxResidentDataBytes });
      const history = await trainer.fit(train, { epochs: 2, validationData: test });
      const evaluated = await trainer.evaluate(test);
      expect(evaluated.loss).toBe(history[1].valLoss);
      results.push({ loss: history[1].loss, val: evaluated.loss, kernel: await trainer.readParam('dense.kernel') });
    }
    expect(results[1].loss).toBe(results[0].loss);
    expect(results[1].val).toBe(results[0].val);
    expect(Array.from(results[1].kernel)).toEqual(Array.from(results[0].kernel));
  });
});
