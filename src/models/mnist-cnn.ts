// The small CNN of the MNIST demo: fast on a CPU-emulated GPU, accurate enough to be worth showing.
import type { Shape } from '../kernels/shape.js';
import { batchNorm, conv2d, dense, dropout, flatten, input, maxPool2d, model, relu, separableConv2d } from '../nn/index.js';
import { checkZooOptions, type ZooModel } from './shape.js';

export interface MnistCnnOptions {
  /** Classifier outputs (default 10). */
  classes?: number;
  /** One sample (default [28, 28, 1]; MNIST, Fashion-MNIST). */
  inputShape?: Shape;
  /** Dropout rate before each dense layer (default 0.25). */
  dropout?: number;
}

/**
 * A small CNN for 28×28 digits:
 *
 * | layers | output |
 * | --- | --- |
 * | `conv1` 3×3 conv 32 'same' (no bias) → `bn1` → `relu1` → `pool1` 2×2 max | 14×14×32 |
 * | `sepconv2` 3×3 separable conv 64 'same' (no bias) → `bn2` → `relu2` → `pool2` | 7×7×64 |
 * | `sepconv3` 3×3 separable conv 128 'same' (no bias) → `bn3` → `relu3` → `pool3` | 3×3×128 |
 * | `flatten` → `dropout1` → `fc1` dense 64 relu → `dropout2` → `fc2` dense `classes` | 10 |
 *
 * 86,282 trainable parameters + 448 BatchNorm moving statistics; about 2.5 MFLOPs forward per
 * image (most of it in the first convolution and the two pointwise steps). The last pool drops
 * the 7th row and column of the 7×7 map ('valid'), the digit's empty border.
 */
export function mnistCnn(options: MnistCnnOptions = {}): ZooModel {
  const inputShape = options.inputShape ?? [28, 28, 1];
  const classes = options.classes ?? 10;
  const rate = options.dropout ?? 0.25;
  checkZooOptions('mnistCnn', inputShape, classes, 8);
  const x = input(inputShape);
  const y = x.pipe(
    conv2d({ filters: 32, kernelSize: 3, padding: 'same', useBias: false, name: 'conv1' }), batchNorm({ name: 'bn1' }), relu({ name: 'relu1' }),
    maxPool2d({ poolSize: 2, name: 'pool1' }),
    separableConv2d({ filters: 64, kernelSize: 3, padding: 'same', useBias: false, name: 'sepconv2' }), batchNorm({ name: 'bn2' }), relu({ name: 'relu2' }),
    maxPool2d({ poolSize: 2, name: 'pool2' }),
    separableConv2d({ filters: 128, kernelSize: 3, padding: 'same', useBias: false, name: 'sepconv3' }), batchNorm({ name: 'bn3' }), relu({ name: 'relu3' }),
    maxPool2d({ poolSize: 2, name: 'pool3' }),
    flatten({ name: 'flatten' }), dropout({ rate, name: 'dropout1' }),
    dense({ units: 64, activation: 'relu', name: 'fc1' }), dropout({ rate, name: 'dropout2' }),
    dense({ units: classes, name: 'fc2' }),
  );
  return model({ inputs: x, outputs: y });
}
