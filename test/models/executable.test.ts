import { describe, expect, it } from 'vitest';
import { fromArrays } from '../../src/data/dataset.js';
import type { Value } from '../../src/graph/ir.js';
import type { OptimizerHyper } from '../../src/kernels/optimizer.js';
import { sizeOf } from '../../src/kernels/shape.js';
import { dense, flatten, sequential } from '../../src/nn/index.js';
import { adam, sgd, type OptimizerConfig } from '../../src/optim/index.js';
import { traceModel } from '../../src/train/graphs.js';
import { Trainer } from '../../src/train/trainer.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { randomArray } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { interpret } from '../reference/interpreter.js';
import { optimizerStepRef } from '../reference/optimizer.js';

const model = () => sequential([flatten(), dense({ units: 5, activation: 'tanh' }), dense({ units: 7, activation: 'relu' }), dense({ units: 3 })]);

/**
 * The same training steps on the CPU: the float64 interpreter runs the traced training graph
 * (forward, loss, backward) and the reference optimizer updates the parameters.
 */
function cpuSteps(opt: OptimizerConfig, x: Float32Array, y: Uint32Array, batch: number, steps: number, seed: number): Map<string, Float64Array> {
  const t = traceModel(model(), 'train', batch, [2, 3, 1], seed);
  const params = new Map(t.params.map((p) => [p.name, Float64Array.from(p.initialize())]));
  const state = new Map(t.params.map((p) => [p.name, new Float64Array(2 * sizeOf(p.shape))]));
  const hyper: OptimizerHyper = { lrMult: 1, momentum: opt.momentum, nesterov: opt.nesterov, beta1: opt.beta1, beta2: opt.beta2, eps: opt.epsilon, weightDecay: opt.weightDecay, clipValue: 0 };
  const per = 6;
  for (let s = 0; s < steps; s++) {
    const feeds = new Map<Value, Float64Array>([
      [t.x, Float64Array.from(x.subarray(s * batch * per, (s + 1) * batch * per))],
      [t.labels!, Float64Array.from(y.subarray(s * batch, (s + 1) * batch))],
    ]);
    for (const v of t.graph.values) if (v.kind === 'param') feeds.set(v, params.get(v.name)!);
    const env = interpret(t.graph, feeds);
    for (const [p, g] of t.grads) {
      const values = params.get(p.name)!;
      const interleaved = state.get(p.name)!;
      // The GPU keeps Adam's m and v interleaved per element; the reference takes the same layout.
      optimizerStepRef(opt.kind, hyper, values, interleaved, env.get(g)!, { gradScale: 1, firstBad: 0 }, { index: s, lr: opt.lr as number });
    }
  }
  return params;
}

describe(`training steps on ${ADAPTER} match the float64 reference`, () => {
  const batch = 4;
  const steps = 3;
  const x = Float32Array.from(randomArray(batch * steps * 6, 5));
  const y = Uint32Array.from({ length: batch * steps }, (_, i) => (i * 7) % 3);
  const data = fromArrays(x, y, [2, 3, 1], 3);
  for (const [name, opt] of [['sgd with momentum', sgd({ lr: 0.1, momentum: 0.9 })], ['adam', adam({ lr: 0.01 })]] as const) {
    it(`${steps} steps of ${name}`, async () => {
      const gpu = await testGpu();
      const trainer = await Trainer.compile(gpu, model(), { inputShape: [2, 3, 1], batchSize: batch, optimizer: opt, seed: 3 });
      await trainer.fit(data, { epochs: 1, shuffle: false });
      expect(trainer.steps).toBe(steps);
      const expected = cpuSteps(opt, x, y, batch, steps, 3);
      for (const [pname, values] of expected) expectClose(await trainer.readParam(pname), values, TOL.f32.permissive, pname);
    });
  }
});
