import { describe, expect, it } from 'vitest';
import { fromArrays, type Dataset } from '../../src/data/dataset.js';
import type { Value } from '../../src/graph/ir.js';
import * as models from '../../src/models/index.js';
import { adam, sgd, type OptimizerConfig } from '../../src/optim/index.js';
import { traceModel } from '../../src/train/graphs.js';
import { summary } from '../../src/train/summary.js';
import { Trainer } from '../../src/train/trainer.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { rng } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { interpret } from '../reference/interpreter.js';

// Zoo models in small variants (the adapters here are CPUs). ResNet-34/50 and the 224×224
// variants are checked by parameter count only (test/unit/models.test.ts).

/** One fixed batch of uniform noise images with labels 1, 4, 7, 0, .... */
function noiseBatch(m: models.ZooModel, batch: number, seed: number): Dataset {
  const per = m.inputShape.reduce((a, b) => a * b, 1);
  const r = rng(seed);
  const x = Float32Array.from({ length: batch * per }, () => r() * 2 - 1);
  const y = Uint32Array.from({ length: batch }, (_, i) => (3 * i + 1) % 10);
  return fromArrays(x, y, m.inputShape, 10);
}

interface TrainCase { name: string; build: () => models.ZooModel; batch: number; steps: number; optimizer: OptimizerConfig }

const cases: readonly TrainCase[] = [
  { name: 'lenet5', build: () => models.lenet5(), batch: 8, steps: 5, optimizer: adam({ lr: 3e-3 }) },
  { name: 'mnistCnn', build: () => models.mnistCnn({ dropout: 0.1 }), batch: 8, steps: 5, optimizer: adam({ lr: 3e-3 }) },
  { name: 'resnet20', build: () => models.resnet20(), batch: 2, steps: 4, optimizer: adam({ lr: 3e-3 }) },
  // 11.2M parameters: initialising them dominates compile(); SGD keeps the update light.
  { name: 'resnet18 (32×32, 10 classes)', build: () => models.resnet18({ inputShape: [32, 32, 3], classes: 10 }), batch: 2, steps: 3, optimizer: sgd({ lr: 0.02, momentum: 0.9 }) },
  { name: 'mobilenetV1 (alpha 0.25, 32×32)', build: () => models.mobilenetV1({ alpha: 0.25, inputShape: [32, 32, 3], classes: 10 }), batch: 2, steps: 5, optimizer: adam({ lr: 3e-3 }) },
  // At 32×32 the last BatchNorms see 1×1 maps: a batch of 2 gives them 2 values per channel, which
  // made the loss diverge on one adapter (regression: compat); 4 samples and a smaller step do not.
  { name: 'mobilenetV2 (alpha 0.35, 32×32)', build: () => models.mobilenetV2({ alpha: 0.35, inputShape: [32, 32, 3], classes: 10 }), batch: 4, steps: 4, optimizer: adam({ lr: 1e-3 }) },
];

describe(`model zoo on ${ADAPTER}`, () => {
  // One step per epoch on one fixed batch, so `history` is the per-step loss; then the inference
  // executable (BatchNorm folded) predicts the batch.
  it.each(cases)('$name trains: the loss of a fixed batch falls', async ({ build, batch, steps, optimizer }) => {
    const m = build();
    const data = noiseBatch(m, batch, 11);
    const started = performance.now();
    const trainer = await Trainer.compile(await testGpu(), m, { inputShape: m.inputShape, batchSize: batch, optimizer, seed: 3 });
    const compiled = performance.now();
    const history = await trainer.fit(data, { epochs: steps, shuffle: false });
    const losses = history.map((h) => h.loss);
    const s = summary(m, m.inputShape);
    const stepMs = history.slice(1).map((h) => h.seconds * 1000).sort((a, b) => a - b);
    console.log(`${ADAPTER} ${m.inputShape.join('×')}: params ${s.totalParams} (trainable ${s.trainableParams}), forward ${(s.flops / 1e6).toFixed(2)} MFLOP/sample;`
      + ` compile ${(compiled - started).toFixed(0)} ms, step ${stepMs[stepMs.length >> 1].toFixed(1)} ms (batch ${batch});`
      + ` loss ${losses.map((l) => l.toFixed(3)).join(' → ')}`);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0] * 0.8);
    const logits = await trainer.predict(data.x, batch);
    expect(logits.length).toBe(batch * 10);
    expect(logits.every(Number.isFinite)).toBe(true);
  });

  // The wiring of the blocks, end to end: residual adds with and without projections, Keras'
  // asymmetric stride-2 padding on depthwise convolutions, BatchNorm in training mode.
  const small: readonly [string, () => models.ZooModel][] = [
    ['resnet20 at 8×8', () => models.resnet20({ inputShape: [8, 8, 3] })],
    ['mobilenetV2 alpha 0.35 at 64×64', () => models.mobilenetV2({ alpha: 0.35, inputShape: [64, 64, 3], classes: 10 })],
  ];
  it.each(small)('%s: one SGD step matches the float64 interpreter', async (_name, build) => {
    const batch = 3;
    const lr = 0.05;
    const m = build();
    const data = noiseBatch(m, batch, 5);
    const trainer = await Trainer.compile(await testGpu(), build(), { inputShape: m.inputShape, batchSize: batch, optimizer: sgd({ lr }), seed: 5 });
    const traced = traceModel(m, 'train', batch, m.inputShape, 5);
    const params = new Map(traced.params.map((p) => [p.name, Float64Array.from(p.initialize())]));
    const feeds = new Map<Value, Float64Array>([[traced.x, Float64Array.from(data.x)], [traced.labels!, Float64Array.from(data.y)]]);
    for (const v of traced.graph.values) if (v.kind === 'param') feeds.set(v, params.get(v.name)!);
    const env = interpret(traced.graph, feeds);
    const [step] = await trainer.fit(data, { epochs: 1, shuffle: false });
    const rowLoss = env.get(traced.rowLoss!)!;
    expect(step.loss).toBeCloseTo(rowLoss.reduce((a, b) => a + b, 0) / batch, 3);
    for (const [p, g] of traced.grads) {
      const expected = params.get(p.name)!.map((v, i) => v - lr * env.get(g)![i]);
      expectClose(await trainer.readParam(p.name), expected, TOL.f32.permissive, p.name);
    }
  });
});
