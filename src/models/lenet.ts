// LeNet-5 (LeCun et al., "Gradient-based learning applied to document recognition", 1998) as it
// is commonly adapted to 28×28 MNIST digits (e.g. d2l.ai §7.6 "LeNet"): the first convolution pads
// 'same' so that 28×28 plays the role of the paper's 32×32 padded input.
import type { Activation } from '../kernels/activation.js';
import type { Shape } from '../kernels/shape.js';
import { avgPool2d, conv2d, dense, flatten, input, model } from '../nn/index.js';
import { checkZooOptions, type ZooModel } from './shape.js';

export interface LeNet5Options {
  /** Classifier outputs (default 10). */
  classes?: number;
  /** One sample (default [28, 28, 1]). */
  inputShape?: Shape;
  /** Activation of the hidden layers (default 'tanh', the paper's squashing function; 'relu' trains faster). */
  activation?: Activation;
}

/**
 * LeNet-5: C1 5×5 conv to 6 channels ('same') → S2 2×2 average pool → C3 5×5 conv to 16
 * ('valid') → S4 2×2 average pool → flatten (5·5·16 = 400) → F5 dense 120 → F6 dense 84 →
 * dense `classes`, with `activation` after every conv and hidden dense layer. Layers `c1`, `s2`,
 * `c3`, `s4`, `flatten`, `f5`, `f6`, `output`. Modern simplifications of the paper: C3 connects
 * every input map (the paper's sparse connection table had 1,516 weights, here 2,416), pooling has
 * no trainable coefficients, and the output is a dense layer of logits instead of RBF units.
 * At 28×28×1 with 10 classes: 61,706 parameters (156 + 2,416 + 48,120 + 10,164 + 850), about
 * 0.85 MFLOPs forward per image.
 */
export function lenet5(options: LeNet5Options = {}): ZooModel {
  const inputShape = options.inputShape ?? [28, 28, 1];
  const classes = options.classes ?? 10;
  const activation = options.activation ?? 'tanh';
  checkZooOptions('lenet5', inputShape, classes, 12);
  const x = input(inputShape);
  const y = x.pipe(
    conv2d({ filters: 6, kernelSize: 5, padding: 'same', activation, name: 'c1' }),
    avgPool2d({ poolSize: 2, name: 's2' }),
    conv2d({ filters: 16, kernelSize: 5, padding: 'valid', activation, name: 'c3' }),
    avgPool2d({ poolSize: 2, name: 's4' }),
    flatten({ name: 'flatten' }),
    dense({ units: 120, activation, name: 'f5' }),
    dense({ units: 84, activation, name: 'f6' }),
    dense({ units: classes, name: 'output' }),
  );
  return model({ inputs: x, outputs: y });
}
