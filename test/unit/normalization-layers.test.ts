import { describe, expect, it } from 'vitest';
import { batchNorm, dense, dropout, groupNorm, layerNorm, sequential, spatialDropout2d } from '../../src/nn/index.js';
import { traceModel } from '../../src/train/graphs.js';
import { ShapeError, ValueError } from '../../src/errors.js';

const ops = (model: ReturnType<typeof sequential>, mode: 'train' | 'eval' | 'predict', inputShape = [6]) =>
  traceModel(model, mode, 4, inputShape, 1).graph.nodes.map((n) => n.op);

describe('normalization layers', () => {
  it('batchNorm: batch statistics and an in-place update when training, moving statistics otherwise', () => {
    const model = () => sequential([dense({ units: 5 }), batchNorm(), dense({ units: 3 })]);
    const train = ops(model(), 'train');
    expect(train).toContain('batchNormTrain');
    expect(train).toContain('batchNormUpdate');
    expect(train).toContain('batchNormBackwardInput');
    expect(train).not.toContain('batchNorm');
    expect(ops(model(), 'eval')).toContain('batchNorm');
    // Inference folds the BatchNorm into the dense layer before it.
    expect(ops(model(), 'predict')).toContain('batchNormFold');
    expect(ops(model(), 'predict')).not.toContain('batchNorm');
    for (const mode of ['eval', 'predict'] as const) expect(ops(model(), mode)).not.toContain('batchNormUpdate');
    const params = traceModel(model(), 'train', 4, [6], 1).params.filter((p) => p.name.startsWith('batchNorm.'));
    expect(params.map((p) => [p.name, p.trainable])).toEqual([
      ['batchNorm.gamma', true], ['batchNorm.beta', true], ['batchNorm.movingMean', false], ['batchNorm.movingVariance', false],
    ]);
  });

  it('a frozen batchNorm runs in inference mode (Keras trainable = false)', () => {
    const train = ops(sequential([dense({ units: 5 }), batchNorm({ trainable: false }), dense({ units: 3 })]), 'train');
    expect(train).toContain('batchNorm');
    expect(train).toContain('batchNormBackwardInference');
    expect(train).not.toContain('batchNormUpdate');
  });

  it('center/scale off: no gamma/beta parameters', () => {
    const t = traceModel(sequential([dense({ units: 5 }), batchNorm({ center: false, scale: false }), layerNorm({ center: false }), dense({ units: 3 })]), 'train', 4, [6], 1);
    expect(t.params.map((p) => p.name).filter((n) => /Norm/.test(n))).toEqual(['batchNorm.movingMean', 'batchNorm.movingVariance', 'layerNorm.gamma']);
  });

  it('dropout is the identity outside training and at rate 0', () => {
    const model = () => sequential([dense({ units: 5 }), dropout({ rate: 0.5 }), dense({ units: 3 })]);
    expect(ops(model(), 'train').filter((o) => o === 'dropout')).toHaveLength(2); // forward and backward
    expect(ops(model(), 'eval')).not.toContain('dropout');
    expect(ops(model(), 'predict')).not.toContain('dropout');
    expect(ops(sequential([dense({ units: 5 }), dropout({ rate: 0 }), dense({ units: 3 })]), 'train')).not.toContain('dropout');
  });

  it('two dropout layers get different default seeds; an explicit seed is kept', () => {
    const t = traceModel(sequential([dense({ units: 5 }), dropout({ rate: 0.5 }), dropout({ rate: 0.5 }), dropout({ rate: 0.5, seed: 7 }), dense({ units: 3 })]), 'train', 4, [6], 1);
    const seeds = t.graph.nodes.filter((n) => n.op === 'dropout' && n.phase === 'forward').map((n) => n.attrs.seed);
    expect(seeds).toHaveLength(3);
    expect(seeds[0]).not.toBe(seeds[1]);
    expect(seeds[2]).toBe(7);
  });

  it('typed errors for bad options and shapes', () => {
    for (const rate of [-0.1, 1, 2]) {
      expect(() => dropout({ rate })).toThrow(ValueError);
      expect(() => spatialDropout2d({ rate })).toThrow(ValueError);
    }
    expect(() => batchNorm({ epsilon: 0 })).toThrow(ValueError);
    expect(() => batchNorm({ momentum: 1.5 })).toThrow(ValueError);
    expect(() => groupNorm({ groups: 0 })).toThrow(ValueError);
    expect(() => ops(sequential([dense({ units: 6 }), groupNorm({ groups: 4 }), dense({ units: 3 })]), 'train')).toThrow(ShapeError);
    expect(() => ops(sequential([dense({ units: 6 }), batchNorm({ axis: 0 }), dense({ units: 3 })]), 'train')).toThrow(ShapeError);
    expect(() => ops(sequential([dense({ units: 6 }), spatialDropout2d({ rate: 0.5 }), dense({ units: 3 })]), 'train')).toThrow(ShapeError);
  });
});
