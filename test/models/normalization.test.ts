import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromArrays, type Dataset } from '../../src/data/dataset.js';
import type { Gpu } from '../../src/gpu/gpu.js';
import { differentiate } from '../../src/graph/autodiff.js';
import { lowerGraph } from '../../src/graph/executable.js';
import { Graph, type Value } from '../../src/graph/ir.js';
import { apply } from '../../src/graph/registry.js';
import { runKernel } from '../../src/kernels/launch.js';
import { batchNorm, dense, dropout, groupNorm, layerNorm, relu, sequential } from '../../src/nn/index.js';
import { adam } from '../../src/optim/index.js';
import { Trainer } from '../../src/train/trainer.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { download, output, upload } from '../helpers/buffers.js';
import { rng } from '../helpers/random.js';
import { expectClose, type Tolerance } from '../helpers/tolerance.js';

// PyTorch fixtures (tools/fixtures/normalization.py, NHWC, Keras momentum/variance conventions)
// run through the ops on the GPU, then a small model with batchNorm, dropout, layerNorm and
// groupNorm trained by the Trainer.

const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/normalization.json', import.meta.url), 'utf8'));

/** Runs a graph's lowered dispatches one by one, one buffer per value (no memory planning). */
class GraphRun {
  readonly buffers = new Map<Value, GPUBuffer>();
  constructor(readonly gpu: Gpu, readonly graph: Graph) {
    for (const v of graph.values) this.buffers.set(v, v.data ? upload(gpu, v.data as Float32Array) : output(gpu, v.size, 'zero'));
  }
  write(v: Value, data: readonly number[]): void {
    this.gpu.device.queue.writeBuffer(this.buffers.get(v)!, 0, Float32Array.from(data));
  }
  async run(): Promise<void> {
    for (const step of lowerGraph(this.graph, this.gpu.caps)) {
      await runKernel(this.gpu, step.kernel, step.plan, step.tensors.map((t) => this.buffers.get(t as Value)!));
    }
  }
  read(v: Value): Promise<Float32Array> {
    return download(this.gpu, this.buffers.get(v)!, v.size);
  }
}

const deviations: Record<string, number> = {};
const TOL_FIXTURE: Tolerance = { atol: 1e-4, rtol: 1e-3 };

async function compare(what: string, actual: Promise<Float32Array>, expected: readonly number[], tol = TOL_FIXTURE): Promise<void> {
  const a = await actual;
  const dev = expected.reduce((m, e, i) => Math.max(m, Math.abs(a[i] - e)), 0);
  deviations[what] = Math.max(deviations[what] ?? 0, dev);
  expectClose(a, expected, tol, what);
}

/** loss = Σ y ⊙ gy, differentiated with respect to x and the parameters. */
function withGradients(g: Graph, y: Value, wrt: Value[]): { gy: Value; grads: Map<Value, Value> } {
  const gy = g.input('gy', y.shape);
  const prod = apply(g, 'binary', [y, gy], { op: 'mul' }, 'loss').outputs[0];
  const loss = apply(g, 'reduce', [prod], { op: 'sum', axes: prod.shape.map((_, i) => i) }, 'loss').outputs[0];
  return { gy, grads: differentiate(g, loss, wrt) };
}

describe(`normalization against PyTorch on ${ADAPTER}`, () => {
  for (const key of ['batchNorm2d', 'batchNorm1d']) {
    it(`${key}: 3 training steps (output, gradients, moving statistics), then inference`, async () => {
      const gpu = await testGpu();
      const f = FIXTURE[key];
      const c = f.shape[f.shape.length - 1];
      const g = new Graph();
      const x = g.input('x', f.shape);
      const [gamma, beta, mm, mv] = ['gamma', 'beta', 'movingMean', 'movingVariance'].map((n) => g.param(n, [c]));
      const [y, t] = apply(g, 'batchNormTrain', [x, gamma, beta], { epsilon: f.epsilon }, 'bn').outputs;
      apply(g, 'batchNormUpdate', [t, mm, mv], { momentum: f.momentum }, 'bn');
      const { gy, grads } = withGradients(g, y, [x, gamma, beta]);
      const run = new GraphRun(gpu, g);
      run.write(gamma, f.gamma);
      run.write(beta, f.beta);
      run.write(mv, new Array(c).fill(1));
      for (const [s, step] of (f.steps as Record<string, number[]>[]).entries()) {
        run.write(x, step.x);
        run.write(gy, step.gy);
        await run.run();
        const tag = s === 2 ? `${key} (inputs 1e3 ± 2)` : key;
        await compare(`${tag} y`, run.read(y), step.y);
        await compare(`${tag} dx`, run.read(grads.get(x)!), step.dx);
        await compare(`${tag} dgamma`, run.read(grads.get(gamma)!), step.dgamma);
        await compare(`${tag} dbeta`, run.read(grads.get(beta)!), step.dbeta);
      }
      await compare(`${key} moving mean`, run.read(mm), f.movingMean);
      await compare(`${key} moving variance (Keras: biased)`, run.read(mv), f.movingVariance);
      expect(f.movingVariance[0]).not.toBeCloseTo(f.torchRunningVar[0], 4);

      const ge = new Graph();
      const xe = ge.input('x', f.shape);
      const ps = ['gamma', 'beta', 'movingMean', 'movingVariance'].map((n) => ge.param(n, [c]));
      const ye = apply(ge, 'batchNorm', [xe, ...ps], { epsilon: f.epsilon }, 'bn').outputs[0];
      const eval_ = new GraphRun(gpu, ge);
      [f.gamma, f.beta, f.movingMean, f.movingVariance].forEach((v, i) => eval_.write(ps[i], v));
      eval_.write(xe, f.eval.x);
      await eval_.run();
      await compare(`${key} inference y`, eval_.read(ye), f.eval.y);
    });
  }

  for (const key of ['layerNorm', 'layerNormHWC', 'groupNorm']) {
    it(`${key}: forward and gradients`, async () => {
      const gpu = await testGpu();
      const f = FIXTURE[key];
      const pshape = key === 'groupNorm' ? [f.shape[f.shape.length - 1]] : f.shape.slice(f.axes[0]);
      const g = new Graph();
      const x = g.input('x', f.shape);
      const [gamma, beta] = ['gamma', 'beta'].map((n) => g.param(n, pshape));
      const gb = apply(g, 'stack', [gamma, beta], {}, key).outputs[0];
      const attrs = key === 'groupNorm' ? { groups: f.groups, epsilon: f.epsilon } : { axes: f.axes, epsilon: f.epsilon };
      const y = apply(g, key === 'groupNorm' ? 'groupNorm' : 'layerNorm', [x, gb], attrs, key).outputs[0];
      const { gy, grads } = withGradients(g, y, [x, gamma, beta]);
      const run = new GraphRun(gpu, g);
      run.write(x, f.x);
      run.write(gy, f.gy);
      run.write(gamma, f.gamma);
      run.write(beta, f.beta);
      await run.run();
      await compare(`${key} y`, run.read(y), f.y);
      await compare(`${key} dx`, run.read(grads.get(x)!), f.dx);
      await compare(`${key} dgamma`, run.read(grads.get(gamma)!), f.dgamma);
      await compare(`${key} dbeta`, run.read(grads.get(beta)!), f.dbeta);
    });
  }

  it('reports the largest deviations', () => {
    console.log(`max |GPU − PyTorch| on ${ADAPTER}:\n${Object.entries(deviations).map(([k, v]) => `  ${k}: ${v.toExponential(2)}`).join('\n')}`);
    expect(Object.keys(deviations).length).toBeGreaterThan(0);
  });
});

/** Four noisy clusters in 12-D, one per class, with a large common offset that BatchNorm removes. */
function clusters(count: number, seed: number): Dataset {
  const r = rng(seed);
  const x = new Float32Array(count * 12);
  const y = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const c = i % 4;
    y[i] = c;
    for (let j = 0; j < 12; j++) x[i * 12 + j] = 5 + (j % 4 === c ? 1.5 : 0) + (r() - 0.5) * 1.5;
  }
  return fromArrays(x, y, [12], 4);
}

describe(`a model with batchNorm, dropout, layerNorm and groupNorm on ${ADAPTER}`, () => {
  it('trains through the Trainer; evaluate is deterministic and uses the moving statistics', async () => {
    const gpu = await testGpu();
    const model = sequential([
      dense({ units: 16 }), batchNorm({ momentum: 0.9 }), relu(), dropout({ rate: 0.2 }),
      dense({ units: 16 }), layerNorm(), relu(), groupNorm({ groups: 4 }), dense({ units: 4 }),
    ]);
    const trainer = await Trainer.compile(gpu, model, { inputShape: [12], batchSize: 32, optimizer: adam({ lr: 0.01 }), seed: 5 });
    const train = clusters(512, 1);
    const test = clusters(128, 2);
    const before = await trainer.evaluate(test);
    const mean0 = await trainer.readParam('batchNorm.movingMean');
    expect(Array.from(mean0).every((v) => v === 0)).toBe(true);
    const history = await trainer.fit(train, { epochs: 4 });
    expect(history[3].loss).toBeLessThan(history[0].loss);
    const mean = await trainer.readParam('batchNorm.movingMean');
    const variance = await trainer.readParam('batchNorm.movingVariance');
    expect(Array.from(mean).some((v) => v !== 0), 'moving mean updated by training').toBe(true);
    expect(Array.from(variance).every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    const a = await trainer.evaluate(test);
    const b = await trainer.evaluate(test);
    expect(b).toEqual(a);
    expect(a.loss).toBeLessThan(before.loss);
    expect(a.accuracy).toBeGreaterThan(0.9);
    expect(Array.from(await trainer.readParam('batchNorm.movingMean')), 'evaluate does not update the moving statistics').toEqual(Array.from(mean));
  });
});
