import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromArrays, type Dataset } from '../../src/data/dataset.js';
import { FormatError } from '../../src/errors.js';
import { loadCheckpoint, saveCheckpoint } from '../../src/io/checkpoint.js';
import { loadCheckpointFile, saveCheckpointFile } from '../../src/io/checkpoint-file.js';
import { readSafetensors } from '../../src/io/safetensors.js';
import { dense, sequential } from '../../src/nn/index.js';
import { adam, sgd } from '../../src/optim/index.js';
import type { OptimizerConfig } from '../../src/optim/optimizers.js';
import { Trainer } from '../../src/train/trainer.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { rng } from '../helpers/random.js';

/** Four noisy blobs in 6-D, one per class. */
function blobs(count: number, seed: number): Dataset {
  const r = rng(seed);
  const x = new Float32Array(count * 6);
  const y = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    y[i] = i % 4;
    for (let j = 0; j < 6; j++) x[i * 6 + j] = (j % 4 === y[i] ? 2 : 0) + (r() - 0.5);
  }
  return fromArrays(x, y, [6], 4);
}

/** Dense layers, the middle one frozen (its parameters have no optimizer state but are checkpointed). */
const mlp = (hidden = 16, extra = false) => sequential([
  dense({ units: hidden, activation: 'relu' }),
  dense({ units: 8, activation: 'tanh', trainable: false }),
  ...(extra ? [dense({ units: 8 })] : []),
  dense({ units: 4 }),
]);

const compile = async (seed: number, optimizer: OptimizerConfig = adam({ lr: 0.02 }), model = mlp()) =>
  Trainer.compile(await testGpu(), model, { inputShape: [6], batchSize: 32, optimizer, seed });

async function allParams(t: Trainer): Promise<Map<string, Float32Array>> {
  return new Map(await Promise.all(t.params.names.map(async (n) => [n, await t.readParam(n)] as const)));
}

const dir = mkdtempSync(join(tmpdir(), 'shadernet-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`checkpoints on ${ADAPTER}`, () => {
  const data = blobs(128, 1); // 4 steps per epoch

  it('resumes exactly: a fresh trainer (other seed) loaded from a checkpoint continues like the uninterrupted run', async () => {
    const a = await compile(1);
    await a.fit(data, { epochs: 1 });
    const bytes = await saveCheckpoint(a);
    const atSave = await allParams(a);
    const uninterrupted = await a.fit(data, { epochs: 2 }); // shuffled: the order is keyed by the step count
    const expected = await allParams(a);

    const file = readSafetensors(bytes);
    expect(file.metadata.step).toBe('4');
    expect(JSON.parse(file.metadata.optimizer)).toMatchObject({ kind: 'adam', lr: 0.02, beta1: 0.9 });
    expect(JSON.parse(file.metadata.model)).toEqual([
      { kind: 'dense', name: 'dense', trainable: true, config: { units: 16, activation: 'relu', useBias: true } },
      { kind: 'dense', name: 'dense_1', trainable: false, config: { units: 8, activation: 'tanh', useBias: true } },
      { kind: 'dense', name: 'dense_2', trainable: true, config: { units: 4, activation: 'linear', useBias: true } },
    ]);
    expect(JSON.parse(file.metadata.input_shape)).toEqual([6]);
    expect(file.metadata.batch_size).toBe('32');
    expect([...file.tensors.keys()].sort()).toEqual([
      'dense.bias', 'dense.kernel', 'dense_1.bias', 'dense_1.kernel', 'dense_2.bias', 'dense_2.kernel',
      'optimizer/dense.bias/m', 'optimizer/dense.bias/v', 'optimizer/dense.kernel/m', 'optimizer/dense.kernel/v',
      'optimizer/dense_2.bias/m', 'optimizer/dense_2.bias/v', 'optimizer/dense_2.kernel/m', 'optimizer/dense_2.kernel/v',
    ]);
    for (const [name, values] of atSave) expect(Array.from(file.tensors.get(name)!.data as Float32Array), name).toEqual(Array.from(values));
    // De-interleaved Adam state: v is positive where m is non-zero; both moved off zero.
    const m = file.tensors.get('optimizer/dense_2.kernel/m')!.data as Float32Array;
    const v = file.tensors.get('optimizer/dense_2.kernel/v')!.data as Float32Array;
    expect(m.some((x) => x !== 0) && v.every((x) => x >= 0) && v.some((x) => x > 0)).toBe(true);

    const b = await compile(7);
    expect(Array.from(await b.readParam('dense_1.kernel'))).not.toEqual(Array.from(atSave.get('dense_1.kernel')!));
    await loadCheckpoint(b, bytes);
    expect(b.steps).toBe(4);
    expect(b.options.seed).toBe(1);
    const resumed = await b.fit(data, { epochs: 2 });
    expect(resumed.map((l) => l.loss)).toEqual(uninterrupted.map((l) => l.loss));
    const got = await allParams(b);
    for (const [name, values] of expected) {
      const g = got.get(name)!;
      const worst = values.reduce((w, x, i) => Math.max(w, Math.abs(x - g[i])), 0);
      expect(worst, name).toBeLessThanOrEqual(1e-6);
    }
  });

  it('after one Adam step the saved moments are m = (1−β1)·g and v = (1−β2)·g² (slots not swapped or mixed)', async () => {
    const t = await compile(3, adam({ lr: 0.01 }));
    await t.fit(blobs(32, 2), { epochs: 1 });
    const file = readSafetensors(await saveCheckpoint(t));
    for (const name of ['dense.kernel', 'dense_2.bias']) {
      const m = file.tensors.get(`optimizer/${name}/m`)!.data as Float32Array;
      const v = file.tensors.get(`optimizer/${name}/v`)!.data as Float32Array;
      m.forEach((mi, i) => {
        const want = (mi / 0.1) ** 2 * 0.001;
        expect(Math.abs(v[i] - want), `${name}[${i}]`).toBeLessThanOrEqual(1e-4 * want + 1e-15);
      });
      expect(m.some((x) => x !== 0), name).toBe(true);
    }
  });

  it('refuses a checkpoint of another model or optimizer with a FormatError naming the tensor, leaving the trainer untouched', async () => {
    const bytes = await saveCheckpoint(await compile(1));
    const narrower = await compile(2, adam({ lr: 0.02 }), mlp(12));
    const before = await narrower.readParam('dense.kernel');
    await expect(loadCheckpoint(narrower, bytes)).rejects.toThrow(/checkpoint \(dense\.kernel\): shape mismatch \(expected \[6,12\], got \[6,16\]\)/);
    expect(Array.from(await narrower.readParam('dense.kernel'))).toEqual(Array.from(before));
    expect(narrower.steps).toBe(0);
    await expect(loadCheckpoint(await compile(2, adam(), mlp(16, true)), bytes)).rejects.toThrow(/checkpoint \(dense_2\.kernel\): shape mismatch|checkpoint \(dense_3\.[a-z]+\): the model has tensor/);
    const momentum = await compile(2, sgd({ lr: 0.1, momentum: 0.9 }));
    await expect(loadCheckpoint(momentum, bytes)).rejects.toThrow(FormatError);
    await expect(loadCheckpoint(momentum, bytes)).rejects.toThrow(/optimizer is "adam", the trainer's is 'sgd'/);
    const sgdBytes = await saveCheckpoint(momentum);
    expect(readSafetensors(sgdBytes).tensors.has('optimizer/dense.kernel/momentum')).toBe(true);
    // Same kind, different slots: plain SGD keeps no momentum, so the file has tensors the model lacks.
    await expect(loadCheckpoint(await compile(2, sgd({ lr: 0.1 })), sgdBytes)).rejects.toThrow(/checkpoint \(optimizer\/dense\.(kernel|bias)\/momentum\): the checkpoint has tensor/);
    await expect(loadCheckpoint(momentum, new Uint8Array(16))).rejects.toThrow(FormatError);
  });

  it('saves files atomically: a failed save keeps the previous checkpoint intact and leaves no temporary file', async () => {
    const t = await compile(5);
    const path = join(dir, 'model.safetensors');
    await t.fit(data, { epochs: 1 });
    await saveCheckpointFile(t, path);
    const first = readFileSync(path);
    await t.fit(data, { epochs: 1 });
    const failing = saveCheckpointFile(t, path, {
      write: async (handle, bytes) => {
        await handle.write(bytes.subarray(0, 64));
        throw new Error('disk full');
      },
    });
    await expect(failing).rejects.toThrow('disk full');
    expect(readFileSync(path).equals(first)).toBe(true);
    expect(readdirSync(dir)).toEqual(['model.safetensors']);
    await saveCheckpointFile(t, path);
    expect(readFileSync(path).equals(first)).toBe(false);
    const fresh = await compile(6);
    await loadCheckpointFile(fresh, path);
    expect(fresh.steps).toBe(8);
    expect(Array.from(await fresh.readParam('dense.kernel'))).toEqual(Array.from(await t.readParam('dense.kernel')));
  });
});
