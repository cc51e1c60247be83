// MobileNets as keras.applications builds them (layer names included), so Keras weights map
// one to one: `conv_pw_3.kernel` is Keras' `conv_pw_3/kernel`.
import type { Shape } from '../kernels/shape.js';
import { ValueError } from '../errors.js';
import { batchNorm, conv2d, dense, dropout, globalAvgPool2d, input, model, relu6 } from '../nn/index.js';
import { invertedResidual, makeDivisible, mobilenetV1Block } from './blocks.js';
import { checkZooOptions, type ZooModel } from './shape.js';

export interface MobileNetOptions {
  /** Width multiplier (Keras `alpha`, default 1): every layer's channels scale with it. */
  alpha?: number;
  /** One sample, [height, width, channels] (default [224, 224, 3]; at least 32×32). */
  inputShape?: Shape;
  /** Classifier outputs (default 1000). */
  classes?: number;
  /** End with global average pooling and the classifier (default true); false returns the last feature map. */
  includeTop?: boolean;
}

export interface MobileNetV1Options extends MobileNetOptions {
  /** Depthwise channel multiplier (Keras `depth_multiplier`, default 1). */
  depthMultiplier?: number;
  /** Dropout rate before the classifier (Keras default 1e-3). */
  dropout?: number;
}

function checkAlpha(where: string, alpha: number): void {
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new ValueError(where, `alpha must be a positive number (got ${alpha})`, 'Keras ships 0.25, 0.5, 0.75 and 1 (V2 also 0.35, 1.3, 1.4)');
}

/** (filters, stride) of Keras MobileNet's 13 depthwise-separable blocks. */
const V1_BLOCKS: readonly (readonly [number, number])[] = [
  [64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2],
  [512, 1], [512, 1], [512, 1], [512, 1], [512, 1], [1024, 2], [1024, 1],
];

/**
 * MobileNet V1 (Howard et al. 2017) as Keras `applications.MobileNet`: 3×3/2 conv to ⌊32·alpha⌋
 * (`conv1`, 'same', no bias) → BN → relu6, 13 depthwise-separable blocks
 * ({@link mobilenetV1Block}, `conv_dw_1` … `conv_pw_13`), global average pool, dropout, and the
 * classifier `conv_preds` (Keras' 1×1 Conv2D with bias on the pooled features: here a dense
 * layer with the same [1024·alpha, classes] weights). Outputs logits (Keras appends a softmax).
 * BN ε 1e-3, momentum 0.99. At alpha 1, 224×224×3, 1000 classes: 4,253,864 parameters as Keras
 * counts them (4,231,976 trainable + 21,888 moving statistics), about 1.15 GFLOPs per image.
 */
export function mobilenetV1(options: MobileNetV1Options = {}): ZooModel {
  const alpha = options.alpha ?? 1;
  const inputShape = options.inputShape ?? [224, 224, 3];
  const classes = options.classes ?? 1000;
  checkAlpha('mobilenetV1', alpha);
  checkZooOptions('mobilenetV1', inputShape, classes, 32);
  const x = input(inputShape);
  let h = x.pipe(
    conv2d({ filters: Math.floor(32 * alpha), kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: 'conv1' }),
    batchNorm({ epsilon: 1e-3, momentum: 0.99, name: 'conv1_bn' }), relu6({ name: 'conv1_relu' }),
  );
  V1_BLOCKS.forEach(([filters, strides], i) => {
    h = mobilenetV1Block(h, { filters, strides, alpha, depthMultiplier: options.depthMultiplier ?? 1, blockId: i + 1 });
  });
  if (options.includeTop ?? true) {
    h = h.pipe(globalAvgPool2d({ name: 'global_average_pooling2d' }), dropout({ rate: options.dropout ?? 1e-3, name: 'dropout' }), dense({ units: classes, name: 'conv_preds' }));
  }
  return model({ inputs: x, outputs: h });
}

/** (expansion t, filters c, repeats n, first stride s) of MobileNetV2's bottleneck stages (paper table 2). */
const V2_STAGES: readonly (readonly [number, number, number, number])[] = [
  [1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1],
];

/**
 * MobileNetV2 (Sandler et al. 2018) as Keras `applications.MobileNetV2`: 3×3/2 conv `Conv1` to
 * makeDivisible(32·alpha) channels → BN → relu6, 17 inverted residual blocks
 * ({@link invertedResidual}; `expanded_conv_…`, then `block_1_…` to `block_16_…`) whose outputs
 * have makeDivisible(⌊c·alpha⌋) channels, 1×1 conv `Conv_1` to 1280 channels (makeDivisible(1280·alpha)
 * when alpha > 1) → BN → relu6 (`out_relu`), global average pool, dense `predictions` (logits).
 * BN ε 1e-3, momentum 0.999. At alpha 1, 224×224×3, 1000 classes: 3,538,984 parameters as
 * Keras counts them (3,504,872 trainable + 34,112 moving statistics), about 0.6 GFLOPs per image.
 */
export function mobilenetV2(options: MobileNetOptions = {}): ZooModel {
  const alpha = options.alpha ?? 1;
  const inputShape = options.inputShape ?? [224, 224, 3];
  const classes = options.classes ?? 1000;
  checkAlpha('mobilenetV2', alpha);
  checkZooOptions('mobilenetV2', inputShape, classes, 32);
  const x = input(inputShape);
  let h = x.pipe(
    conv2d({ filters: makeDivisible(32 * alpha), kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: 'Conv1' }),
    batchNorm({ epsilon: 1e-3, momentum: 0.999, name: 'bn_Conv1' }), relu6({ name: 'Conv1_relu' }),
  );
  let blockId = 0;
  for (const [expansion, c, repeats, stride] of V2_STAGES) {
    for (let i = 0; i < repeats; i++) {
      h = invertedResidual(h, { filters: makeDivisible(Math.floor(c * alpha)), strides: i === 0 ? stride : 1, expansion, blockId: blockId++ });
    }
  }
  h = h.pipe(
    conv2d({ filters: alpha > 1 ? makeDivisible(1280 * alpha) : 1280, kernelSize: 1, useBias: false, name: 'Conv_1' }),
    batchNorm({ epsilon: 1e-3, momentum: 0.999, name: 'Conv_1_bn' }), relu6({ name: 'out_relu' }),
  );
  if (options.includeTop ?? true) h = h.pipe(globalAvgPool2d({ name: 'global_average_pooling2d' }), dense({ units: classes, name: 'predictions' }));
  return model({ inputs: x, outputs: h });
}
