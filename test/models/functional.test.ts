import { describe, expect, it } from 'vitest';
import { fromArrays } from '../../src/data/dataset.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { add, applyLayer, concatenate, dense, input, model, relu } from '../../src/nn/index.js';
import { adam } from '../../src/optim/index.js';
import { traceModel } from '../../src/train/graphs.js';
import { Trainer } from '../../src/train/trainer.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { rng } from '../helpers/random.js';

describe(`functional API (${ADAPTER})`, () => {
  it('builds a residual model with a shared layer, names layers, and trains it', async () => {
    const x = input([6]);
    const h = x.pipe(dense({ units: 8 }), relu());
    const shared = dense({ units: 8, activation: 'relu', name: 'shared' });
    const r = add([h, applyLayer(shared, applyLayer(shared, h))]);
    const m = model({ inputs: x, outputs: concatenate([r, h]).pipe(dense({ units: 3 })) });
    expect(m.layers.map((l) => l.name)).toEqual(['dense', 'relu', 'shared', 'dense_1']);
    const t = traceModel(m, 'train', 4, [6], 1);
    expect(t.params.map((p) => p.name)).toEqual(['dense.kernel', 'dense.bias', 'shared.kernel', 'shared.bias', 'dense_1.kernel', 'dense_1.bias']);

    const r2 = rng(5);
    const n = 96;
    const xs = Float32Array.from({ length: n * 6 }, () => r2() * 2 - 1);
    const ys = Uint32Array.from({ length: n }, (_, i) => (xs[i * 6] > 0 ? 1 : 0) + (xs[i * 6 + 1] > 0 ? 1 : 0));
    const trainer = await Trainer.compile(await testGpu(), m, { inputShape: m.inputShape, batchSize: 16, optimizer: adam({ lr: 0.02 }) });
    const history = await trainer.fit(fromArrays(xs, ys, [6], 3), { epochs: 8 });
    expect(history[7].loss).toBeLessThan(history[0].loss * 0.7);
  });

  it('rejects disconnected graphs and mismatched residual shapes', () => {
    const x = input([6]);
    const other = input([6]);
    expect(() => model({ inputs: x, outputs: other.pipe(dense({ units: 2 })) })).toThrow(ValueError);
    const bad = add([x.pipe(dense({ units: 4 })), x.pipe(dense({ units: 5 }))]);
    const m = model({ inputs: x, outputs: bad });
    expect(() => traceModel(m, 'predict', 2, [6], 1)).toThrow(ShapeError);
    expect(() => traceModel(m, 'predict', 2, [6], 1)).toThrow(/add \(add\): inputs must have the same shape \(got \[2, 4\] and \[2, 5\]\)/);
    expect(() => input([0])).toThrow(ValueError);
  });
});
