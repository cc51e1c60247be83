import { describe, expect, it } from 'vitest';
import { fromArrays, type Dataset } from '../../src/data/dataset.js';
import type { Value } from '../../src/graph/ir.js';
import { avgPool2d, concatenateValues, dense, globalAvgPool2d, glorotUniform, maxPool2d, sequential, upSampling2d, zeros, zeroPadding2d, type Layer, type Model } from '../../src/nn/index.js';
import type { TraceContext } from '../../src/nn/layer.js';
import { adam } from '../../src/optim/index.js';
import { traceModel } from '../../src/train/graphs.js';
import { Trainer } from '../../src/train/trainer.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { rng } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { interpret } from '../reference/interpreter.js';

/** A 1×1 convolution from dense ops (this test must not depend on the conv family): y = relu(x·W + b) per pixel. */
function pointwise(units: number): Layer {
  const layer: Layer = {
    name: '', kind: 'pointwise', trainable: true, config: { units },
    call(x: Value, ctx: TraceContext): Value {
      const [n, h, w, c] = x.shape;
      const kernel = ctx.param(`${layer.name}.kernel`, [c, units], glorotUniform(), true);
      const bias = ctx.param(`${layer.name}.bias`, [units], zeros(), true);
      const rows = ctx.op('reshape', [x], { shape: [n * h * w, c] }, layer.name);
      const y = ctx.op('unary', [ctx.op('biasAdd', [ctx.op('matmul', [rows, kernel], {}, layer.name), bias], {}, layer.name)], { activation: 'relu' }, layer.name);
      return ctx.op('reshape', [y], { shape: [n, h, w, units] }, layer.name);
    },
  };
  return layer;
}

/**
 * [8,8,2] → pointwise(6) → zeroPadding2d → {maxPool2d, avgPool2d} → concatenate → upSampling2d
 * (bilinear) → avgPool2d 3/2 'same' → globalAvgPool2d → dense(4). The pooling layers sit after a
 * trainable layer, so every one of their backward kernels runs in the training step.
 */
function poolingModel(): Model {
  const layers = [
    pointwise(6), zeroPadding2d({ padding: 1 }), maxPool2d({ poolSize: 2 }), avgPool2d({ poolSize: 2 }),
    upSampling2d({ size: 2, interpolation: 'bilinear' }), avgPool2d({ poolSize: 3, strides: 2, padding: 'same' }), globalAvgPool2d(), dense({ units: 4 }),
  ];
  const named = sequential(layers);
  const [pw, pad, maxP, avgP, up, avgSame, gap, head] = layers;
  return {
    layers: named.layers,
    call(x, ctx) {
      const h = pad.call(pw.call(x, ctx), ctx);
      const merged = concatenateValues([maxP.call(h, ctx), avgP.call(h, ctx)], ctx, { name: 'merge' });
      return head.call(gap.call(avgSame.call(up.call(merged, ctx), ctx), ctx), ctx);
    },
  };
}

/**
 * Four classes of 8×8×2 images over noise: a bright 2×2 spot in channel 0 or 1 (classes 0, 1), or
 * that channel raised everywhere by the same total (classes 2, 3). Telling a spot from a raised
 * plane needs max and average features side by side.
 */
function images(count: number, seed: number): Dataset {
  const r = rng(seed);
  const x = new Float32Array(count * 128);
  const y = new Uint32Array(count);
  for (let s = 0; s < count; s++) {
    const cls = s % 4;
    y[s] = cls;
    const ch = cls % 2;
    const top = Math.floor(r() * 7);
    const left = Math.floor(r() * 7);
    for (let i = 0; i < 64; i++) {
      const row = Math.floor(i / 8);
      const col = i % 8;
      for (let c = 0; c < 2; c++) {
        let v = 0.3 * (r() - 0.5);
        if (c === ch && cls < 2 && row >= top && row < top + 2 && col >= left && col < left + 2) v += 4;
        if (c === ch && cls >= 2) v += 0.25;
        x[s * 128 + i * 2 + c] = v;
      }
    }
  }
  return fromArrays(x, y, [8, 8, 2], 4);
}

describe(`pooling layers train on ${ADAPTER}`, () => {
  it('a model of every pooling layer learns through Trainer: loss falls, accuracy beats chance', async () => {
    const gpu = await testGpu();
    const trainer = await Trainer.compile(gpu, poolingModel(), { inputShape: [8, 8, 2], batchSize: 16, optimizer: adam({ lr: 0.03 }), seed: 1 });
    const history = await trainer.fit(images(256, 1), { epochs: 4, validationData: images(64, 2) });
    const losses = history.map((h) => h.loss);
    expect(losses[losses.length - 1]).toBeLessThan(0.5 * losses[0]);
    expect(history[history.length - 1].valAccuracy).toBeGreaterThan(0.9);

    // The trained model's predictions (planned memory, concatenate's copies into a shared page)
    // equal the float64 interpreter's on the same parameters.
    const test = images(16, 3);
    const traced = traceModel(poolingModel(), 'predict', 16, [8, 8, 2], 1);
    const feeds = new Map<Value, Float64Array>([[traced.x, Float64Array.from(test.x)]]);
    for (const v of traced.graph.values) if (v.kind === 'param') feeds.set(v, Float64Array.from(await trainer.readParam(v.name)));
    const expected = interpret(traced.graph, feeds).get(traced.output)!;
    expectClose(await trainer.predict(test.x), expected, TOL.f32.permissive, 'logits');
  });
});
