import { describe, expect, it } from 'vitest';
import { dense, sequential } from '../../src/nn/index.js';
import { sgd } from '../../src/optim/index.js';
import { traceModel } from '../../src/train/graphs.js';
import { Trainer } from '../../src/train/trainer.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { randomArray } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';

// Bug: Graph.fuse inserted the fused node of the second dense layer before the first one's, so
// inference read an activation before it was computed and predict() returned garbage.
describe(`fused nodes keep dependency order (${ADAPTER})`, () => {
  it('a two-layer model traces in order and predicts what a CPU computes', async () => {
    const model = sequential([dense({ units: 5, activation: 'relu' }), dense({ units: 4 })]);
    const t = traceModel(model, 'predict', 4, [6], 1);
    expect(() => t.graph.checkOrder()).not.toThrow();
    expect(t.graph.nodes.map((n) => n.inputs[0].name)).toEqual(['x', 'dense/unary']);

    const gpu = await testGpu();
    const trainer = await Trainer.compile(gpu, model, { inputShape: [6], batchSize: 4, optimizer: sgd() });
    const x = Float32Array.from(randomArray(4 * 6, 3));
    const [w, b, w2, b2] = await Promise.all(['dense.kernel', 'dense.bias', 'dense_1.kernel', 'dense_1.bias'].map((n) => trainer.readParam(n)));
    const expected: number[] = [];
    for (let r = 0; r < 4; r++) {
      const h = Array.from({ length: 5 }, (_, c) => Math.max(0, b[c] + [0, 1, 2, 3, 4, 5].reduce((s, k) => s + x[r * 6 + k] * w[k * 5 + c], 0)));
      for (let c = 0; c < 4; c++) expected.push(b2[c] + h.reduce((s, hk, k) => s + hk * w2[k * 4 + c], 0));
    }
    expectClose(await trainer.predict(x), expected, TOL.f32.balanced);
  });
});
