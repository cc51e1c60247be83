import { describe, expect, it } from 'vitest';
import { fromArrays } from '../../src/data/dataset.js';
import type { Value } from '../../src/graph/ir.js';
import { batchNorm, conv2d, dense, flatten, relu, sequential } from '../../src/nn/index.js';
import { adam } from '../../src/optim/index.js';
import { traceModel } from '../../src/train/graphs.js';
import { Trainer } from '../../src/train/trainer.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { rng } from '../helpers/random.js';
import { expectClose } from '../helpers/tolerance.js';
import { interpret } from '../reference/interpreter.js';

describe(`BatchNorm folding for inference (${ADAPTER})`, () => {
  it('folded predict() matches the unfolded model, after training has moved the statistics', async () => {
    const model = sequential([
      conv2d({ filters: 6, kernelSize: 3, padding: 'same' }), batchNorm({ momentum: 0.5 }), relu(),
      conv2d({ filters: 5, kernelSize: 3, strides: 2, useBias: false }), batchNorm({ momentum: 0.5 }),
      flatten(), dense({ units: 8, useBias: false }), batchNorm({ momentum: 0.5 }), relu(), dense({ units: 3 }),
    ]);
    const shape = [7, 7, 2];
    const folded = traceModel(model, 'predict', 4, shape, 1);
    expect(folded.graph.nodes.filter((n) => n.op === 'batchNorm')).toHaveLength(0);
    expect(folded.graph.nodes.filter((n) => n.op === 'batchNormFold')).toHaveLength(3);

    const r = rng(3);
    const n = 48;
    const x = Float32Array.from({ length: n * 98 }, () => r() * 4 - 1);
    const y = Uint32Array.from({ length: n }, (_, i) => i % 3);
    const trainer = await Trainer.compile(await testGpu(), model, { inputShape: shape, batchSize: 8, optimizer: adam({ lr: 0.01 }) });
    await trainer.fit(fromArrays(x, y, shape, 3), { epochs: 2 });

    const batch = x.subarray(0, 4 * 98);
    const got = await trainer.predict(batch);
    const plain = traceModel(model, 'predict', 4, shape, 1, { fuse: false });
    const feeds = new Map<Value, Float64Array>([[plain.x, Float64Array.from(batch)]]);
    for (const v of plain.graph.values) if (v.kind === 'param') feeds.set(v, Float64Array.from(await trainer.readParam(v.name)));
    const expected = interpret(plain.graph, feeds).get(plain.output)!;
    expectClose(got, expected, { atol: 1e-4, rtol: 1e-3 }, 'folded vs unfolded logits');
  });
});
