// The benchmarked architectures rebuilt in tf.layers for TF.js's side of bench/models.bench.ts:
// ResNet-20 (CIFAR), ResNet-18 and MobileNetV2, layer for layer as src/models builds them (TF
// 'same' padding where torchvision pads symmetrically: same output sizes and FLOPs).
import * as tfl from '@tensorflow/tfjs-layers';

type Sym = tfl.SymbolicTensor;
const apply = (layer: tfl.layers.Layer, x: Sym | Sym[]): Sym => layer.apply(x) as Sym;

/** conv (no bias, as before every BatchNorm) → BatchNorm → relu / relu6 / none. */
function tfConvBn(x: Sym, o: { filters: number; k: number; strides?: number; act: 'relu' | 'relu6' | null; epsilon: number; momentum: number }): Sym {
  let h = apply(tfl.layers.conv2d({ filters: o.filters, kernelSize: o.k, strides: o.strides ?? 1, padding: 'same', useBias: false }), x);
  h = apply(tfl.layers.batchNormalization({ epsilon: o.epsilon, momentum: o.momentum }), h);
  if (o.act === 'relu') h = apply(tfl.layers.activation({ activation: 'relu' }), h);
  if (o.act === 'relu6') h = apply(tfl.layers.reLU({ maxValue: 6 }), h);
  return h;
}

/**
 * torchvision's BasicBlock in tf.layers: 3×3 conv (stride s) → BN → relu → 3×3 conv → BN, plus
 * the shortcut (1×1 conv stride s → BN when the shape changes), then relu. Stride-2 convs use TF
 * 'same' padding (0 before, 1 after) where torchvision pads 1 on both sides: same output size and
 * FLOPs.
 */
function tfBasicBlock(x: Sym, filters: number, strides: number): Sym {
  const bn = { epsilon: 1e-5, momentum: 0.9 };
  let y = tfConvBn(x, { filters, k: 3, strides, act: 'relu', ...bn });
  y = tfConvBn(y, { filters, k: 3, act: null, ...bn });
  const inChannels = x.shape[x.shape.length - 1];
  const shortcut = strides === 1 && inChannels === filters ? x : tfConvBn(x, { filters, k: 1, strides, act: null, ...bn });
  return apply(tfl.layers.activation({ activation: 'relu' }), apply(tfl.layers.add(), [y, shortcut]));
}

/** ResNet-20 (CIFAR) as models.resnet20 builds it, in tf.layers. */
export function tfResnet20(inputShape: readonly number[], classes: number): tfl.LayersModel {
  const x = tfl.input({ shape: [...inputShape] });
  let h = tfConvBn(x, { filters: 16, k: 3, act: 'relu', epsilon: 1e-5, momentum: 0.9 });
  for (let stage = 0; stage < 3; stage++) {
    for (let i = 0; i < 3; i++) h = tfBasicBlock(h, 16 << stage, stage > 0 && i === 0 ? 2 : 1);
  }
  h = apply(tfl.layers.globalAveragePooling2d({}), h);
  return tfl.model({ inputs: x, outputs: apply(tfl.layers.dense({ units: classes }), h) });
}

/** ResNet-18 (ImageNet) as models.resnet18 builds it, in tf.layers ('same' padding for the stem and its max pool). */
export function tfResnet18(inputShape: readonly number[], classes: number): tfl.LayersModel {
  const x = tfl.input({ shape: [...inputShape] });
  let h = tfConvBn(x, { filters: 64, k: 7, strides: 2, act: 'relu', epsilon: 1e-5, momentum: 0.9 });
  h = apply(tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }), h);
  [2, 2, 2, 2].forEach((count, stage) => {
    for (let i = 0; i < count; i++) h = tfBasicBlock(h, 64 << stage, stage > 0 && i === 0 ? 2 : 1);
  });
  h = apply(tfl.layers.globalAveragePooling2d({}), h);
  return tfl.model({ inputs: x, outputs: apply(tfl.layers.dense({ units: classes }), h) });
}

/** MobileNetV2 (alpha 1) as models.mobilenetV2 / Keras applications build it, in tf.layers (Keras correct_pad before stride-2 depthwise convs). */
export function tfMobilenetV2(inputShape: readonly number[], classes: number): tfl.LayersModel {
  const bn = { epsilon: 1e-3, momentum: 0.999 };
  const x = tfl.input({ shape: [...inputShape] });
  let h = tfConvBn(x, { filters: 32, k: 3, strides: 2, act: 'relu6', ...bn });
  const stages = [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1]];
  for (const [t, c, n, s] of stages) {
    for (let i = 0; i < n; i++) {
      const strides = i === 0 ? s : 1;
      const inChannels = h.shape[3] as number;
      let y = t === 1 ? h : tfConvBn(h, { filters: t * inChannels, k: 1, act: 'relu6', ...bn });
      if (strides === 2) {
        const [hh, ww] = [y.shape[1] as number, y.shape[2] as number];
        y = apply(tfl.layers.zeroPadding2d({ padding: [[hh % 2, 1], [ww % 2, 1]] }), y);
      }
      y = apply(tfl.layers.depthwiseConv2d({ kernelSize: 3, strides, padding: strides === 2 ? 'valid' : 'same', useBias: false }), y);
      y = apply(tfl.layers.batchNormalization(bn), y);
      y = apply(tfl.layers.reLU({ maxValue: 6 }), y);
      y = tfConvBn(y, { filters: c, k: 1, act: null, ...bn });
      h = strides === 1 && inChannels === c ? apply(tfl.layers.add(), [h, y]) : y;
    }
  }
  h = tfConvBn(h, { filters: 1280, k: 1, act: 'relu6', ...bn });
  h = apply(tfl.layers.globalAveragePooling2d({}), h);
  return tfl.model({ inputs: x, outputs: apply(tfl.layers.dense({ units: classes }), h) });
}
