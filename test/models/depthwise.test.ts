import { describe, expect, it } from 'vitest';
import { fromArrays, type Dataset } from '../../src/data/dataset.js';
import type { Value } from '../../src/graph/ir.js';
import { dense, depthwiseConv2d, flatten, separableConv2d, sequential } from '../../src/nn/index.js';
import { adam, sgd } from '../../src/optim/index.js';
import { traceModel } from '../../src/train/graphs.js';
import { Trainer } from '../../src/train/trainer.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { rng } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { interpret } from '../reference/interpreter.js';

const SHAPE = [8, 8, 3];

/**
 * A small MobileNet-like stack: separable blocks (odd channels → the tiled scalar kernels; 8
 * channels → vec4; multiplier 2), a strided depthwise layer, then a dense classifier.
 */
const mobileNetLike = () => sequential([
  separableConv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }),
  depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same', activation: 'relu6' }),
  separableConv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', depthMultiplier: 2, activation: 'relu' }),
  flatten(),
  dense({ units: 4 }),
]);

/** Four classes: which quadrant of the image is bright, on noise. */
function quadrants(count: number, seed: number): Dataset {
  const r = rng(seed);
  const [h, w, c] = SHAPE;
  const x = new Float32Array(count * h * w * c);
  const y = new Uint32Array(count);
  for (let s = 0; s < count; s++) {
    const q = s % 4;
    y[s] = q;
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const inside = (i < h / 2) === (q < 2) && (j < w / 2) === (q % 2 === 0);
        for (let k = 0; k < c; k++) x[((s * h + i) * w + j) * c + k] = (inside ? 1 : 0) + 0.5 * (r() - 0.5);
      }
    }
  }
  return fromArrays(x, y, SHAPE, 4);
}

describe(`depthwise and separable layers on ${ADAPTER}`, () => {
  it('one SGD step on the GPU matches the float64 interpreter (forward, backward, chunked filter gradients)', async () => {
    const gpu = await testGpu();
    const batch = 4;
    const lr = 0.1;
    const data = quadrants(batch, 7);
    const trainer = await Trainer.compile(gpu, mobileNetLike(), { inputShape: SHAPE, batchSize: batch, optimizer: sgd({ lr }), seed: 5 });
    const traced = traceModel(mobileNetLike(), 'train', batch, SHAPE, 5);
    expect(traced.params.map((p) => p.name)).toEqual([
      'separableConv2d.depthwiseKernel', 'separableConv2d.pointwiseKernel', 'separableConv2d.bias',
      'depthwiseConv2d.depthwiseKernel', 'depthwiseConv2d.bias',
      'separableConv2d_1.depthwiseKernel', 'separableConv2d_1.pointwiseKernel', 'separableConv2d_1.bias',
      'dense.kernel', 'dense.bias',
    ]);
    const params = new Map(traced.params.map((p) => [p.name, Float64Array.from(p.initialize())]));
    const feeds = new Map<Value, Float64Array>([[traced.x, Float64Array.from(data.x)], [traced.labels!, Float64Array.from(data.y)]]);
    for (const v of traced.graph.values) if (v.kind === 'param') feeds.set(v, params.get(v.name)!);
    const env = interpret(traced.graph, feeds);
    await trainer.fit(data, { epochs: 1, shuffle: false });
    for (const [p, g] of traced.grads) {
      const expected = params.get(p.name)!.map((v, i) => v - lr * env.get(g)![i]);
      expectClose(await trainer.readParam(p.name), expected, TOL.f32.permissive, p.name);
    }
  });

  it('a MobileNet-like model trains through Trainer: loss falls, accuracy rises', async () => {
    const gpu = await testGpu();
    const trainer = await Trainer.compile(gpu, mobileNetLike(), { inputShape: SHAPE, batchSize: 16, optimizer: adam({ lr: 0.01 }), seed: 1 });
    const history = await trainer.fit(quadrants(256, 1), { epochs: 4, validationData: quadrants(64, 2) });
    expect(history[3].loss).toBeLessThan(history[0].loss * 0.7);
    expect(history[3].valAccuracy).toBeGreaterThan(0.8);
  });
});
