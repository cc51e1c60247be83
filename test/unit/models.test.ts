import { describe, expect, it } from 'vitest';
import { ValueError } from '../../src/errors.js';
import * as models from '../../src/models/index.js';
import { input, model } from '../../src/nn/index.js';
import { summary } from '../../src/train/summary.js';

// Parameter counts of the reference implementations. Our summary counts BatchNorm's moving mean
// and variance as non-trainable parameters, as Keras does; torchvision's `sum(p.numel() for p in
// model.parameters())` leaves them out (they are buffers). So torchvision's numbers are our
// *trainable* counts, and Keras' "Total params" our *total*.
const reference = [
  // name, model, trainable (torchvision convention), total (Keras convention)
  ['resnet18 (torchvision 11,689,512)', () => models.resnet18(), 11_689_512, 11_689_512 + 2 * 4_800],
  ['resnet34 (torchvision 21,797,672)', () => models.resnet34(), 21_797_672, 21_797_672 + 2 * 8_512],
  ['resnet50 (torchvision 25,557,032)', () => models.resnet50(), 25_557_032, 25_557_032 + 2 * 26_560],
  ['mobilenetV1 (Keras MobileNet 4,253,864 total)', () => models.mobilenetV1(), 4_231_976, 4_253_864],
  ['mobilenetV2 (Keras MobileNetV2 3,538,984 total)', () => models.mobilenetV2(), 3_504_872, 3_538_984],
  // Option-B projections: the paper's option A (zero-padded identity) has 269,722 = "0.27M".
  ['resnet20 (option B; option A is 269,722)', () => models.resnet20(), 269_722 + (16 * 32 + 64) + (32 * 64 + 128), 272_474 + 2 * 784],
  ['lenet5 (156 + 2,416 + 48,120 + 10,164 + 850)', () => models.lenet5(), 61_706, 61_706],
  ['mnistCnn', () => models.mnistCnn(), 86_282, 86_282 + 2 * 224],
] as const;

describe('model zoo', () => {
  it.each(reference)('%s: parameter counts', (_name, build, trainable, total) => {
    const m = build();
    const s = summary(m, m.inputShape);
    expect(s.trainableParams).toBe(trainable);
    expect(s.totalParams).toBe(total);
  });

  it('resnet18: torchvision shapes, names and FLOPs', () => {
    const s = summary(models.resnet18(), [224, 224, 3]);
    const shape = (layer: string) => s.rows.find((r) => r.layer === layer)!.outputShape;
    expect(shape('conv1')).toEqual([1, 112, 112, 64]);
    expect(shape('maxpool')).toEqual([1, 56, 56, 64]);
    expect(shape('layer1.1.relu2')).toEqual([1, 56, 56, 64]);
    expect(shape('layer2.0.downsample.1')).toEqual([1, 28, 28, 128]);
    expect(shape('layer4.1.relu2')).toEqual([1, 7, 7, 512]);
    expect(shape('fc')).toEqual([1, 1000]);
    expect(s.rows.some((r) => r.layer === 'layer1.0.downsample.0')).toBe(false);
    expect(s.rows.filter((r) => r.layer.endsWith('downsample.0')).map((r) => r.layer)).toEqual(['layer2.0.downsample.0', 'layer3.0.downsample.0', 'layer4.0.downsample.0']);
    // torchvision resnet18: 1.82 G multiply-adds; plus BN, relu, adds and pooling.
    expect(s.flops).toBeGreaterThan(3.6e9);
    expect(s.flops).toBeLessThan(3.7e9);
  });

  it('mobilenetV2: Keras layer names, residual adds and widths', () => {
    const m = models.mobilenetV2({ alpha: 0.35, inputShape: [96, 96, 3], classes: 7 });
    const s = summary(m, m.inputShape);
    const names = m.layers.map((l) => l.name);
    expect(names.slice(0, 6)).toEqual(['Conv1', 'bn_Conv1', 'Conv1_relu', 'expanded_conv_depthwise', 'expanded_conv_depthwise_BN', 'expanded_conv_depthwise_relu']);
    expect(names).toContain('block_16_project_BN');
    expect(names.slice(-5)).toEqual(['Conv_1', 'Conv_1_bn', 'out_relu', 'global_average_pooling2d', 'predictions']);
    const shape = (layer: string) => s.rows.find((r) => r.layer === layer)!.outputShape;
    expect(shape('Conv1')).toEqual([1, 48, 48, 16]); // makeDivisible(32·0.35) = 16
    expect(shape('expanded_conv_project')).toEqual([1, 48, 48, 8]);
    expect(shape('block_1_expand')).toEqual([1, 48, 48, 48]);
    expect(shape('block_16_project')).toEqual([1, 3, 3, 112]); // makeDivisible(⌊320·0.35⌋) = 112
    expect(shape('out_relu')).toEqual([1, 3, 3, 1280]);
    // Keras' `correct_pad` + 'valid' for stride 2: 48 → 24 (pad 0/1), and an odd input pads 1/1.
    expect(shape('block_1_depthwise')).toEqual([1, 24, 24, 48]);
    const odd = models.mobilenetV2({ alpha: 0.35, inputShape: [97, 97, 3] });
    expect(summary(odd, odd.inputShape).rows.find((r) => r.layer === 'block_1_depthwise')!.outputShape).toEqual([1, 25, 25, 48]);
  });

  it('mobilenetV1: Keras layer names and widths at alpha 0.5', () => {
    const m = models.mobilenetV1({ alpha: 0.5, inputShape: [128, 128, 3], classes: 5 });
    const s = summary(m, m.inputShape);
    expect(m.layers.slice(0, 9).map((l) => l.name)).toEqual(['conv1', 'conv1_bn', 'conv1_relu', 'conv_dw_1', 'conv_dw_1_bn', 'conv_dw_1_relu', 'conv_pw_1', 'conv_pw_1_bn', 'conv_pw_1_relu']);
    const shape = (layer: string) => s.rows.find((r) => r.layer === layer)!.outputShape;
    expect(shape('conv_dw_2')).toEqual([1, 32, 32, 32]);
    expect(shape('conv_pw_13_relu')).toEqual([1, 4, 4, 512]);
    expect(shape('conv_preds')).toEqual([1, 5]);
  });

  it('mnistCnn stays small: ≤ 3 MFLOPs and 50–100k parameters', () => {
    const s = summary(models.mnistCnn(), [28, 28, 1]);
    expect(s.flops).toBeLessThan(3e6);
    expect(s.rows.map((r) => r.kind)).toContain('separableConv2d');
    expect(s.rows.map((r) => r.kind)).toContain('dropout');
  });

  it('blocks: projection shortcuts only where the shape changes', () => {
    const x = input([8, 8, 16]);
    const same = models.residualBasicBlock(x, { filters: 16, name: 'a' });
    const down = models.residualBasicBlock(same, { filters: 32, strides: 2, name: 'b' });
    const bottleneck = models.residualBottleneck(down, { filters: 8, name: 'c' });
    expect(models.symbolicShape(same)).toEqual([8, 8, 16]);
    expect(models.symbolicShape(down)).toEqual([4, 4, 32]);
    expect(models.symbolicShape(bottleneck)).toEqual([4, 4, 32]); // 8·4 = 32: identity shortcut
    const names = model({ inputs: x, outputs: bottleneck }).layers.map((l) => l.name);
    expect(names.filter((n) => n.includes('downsample'))).toEqual(['b.downsample.0', 'b.downsample.1']);
    expect(names.filter((n) => n.startsWith('c.conv'))).toEqual(['c.conv1', 'c.conv2', 'c.conv3']);

    const v = input([9, 9, 8]);
    const t1 = models.invertedResidual(v, { filters: 8, expansion: 1 });
    const t2 = models.invertedResidual(t1, { filters: 12, strides: 2, expansion: 6 });
    const t3 = models.mobilenetV1Block(t2, { filters: 24, strides: 2, alpha: 0.5 });
    expect(models.symbolicShape(t2)).toEqual([5, 5, 12]);
    expect(models.symbolicShape(t3)).toEqual([2, 2, 12]); // Keras V1 pads (0, 1): ⌊(5 + 1 − 3) / 2⌋ + 1
    const kinds = model({ inputs: v, outputs: t3 }).layers.map((l) => l.kind);
    expect(kinds.filter((k) => k === 'conv2d')).toHaveLength(4); // t1: projection only (expansion 1); t2: expansion + projection; t3: pointwise
    expect(kinds.filter((k) => k === 'depthwiseConv2d')).toHaveLength(3);
  });

  it('makeDivisible rounds as keras.applications', () => {
    expect([32 * 0.35, 16 * 0.35, 24, 96 * 0.75, 1280 * 1.4, 11.2, 3].map((v) => models.makeDivisible(v))).toEqual([16, 8, 24, 72, 1792, 16, 8]);
  });

  it('rejects bad options with typed errors', () => {
    expect(() => models.mobilenetV2({ alpha: 0 })).toThrow(ValueError);
    expect(() => models.resnet18({ inputShape: [16, 16, 3] })).toThrow(/at least 32/);
    expect(() => models.lenet5({ classes: 0 })).toThrow(ValueError);
    expect(() => models.residualBasicBlock(input([4, 4, 3]), { filters: 0 })).toThrow(ValueError);
  });
});
