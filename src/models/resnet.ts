// ResNets (He et al., "Deep Residual Learning for Image Recognition", 2015): the ImageNet models
// as torchvision builds them, and the CIFAR ResNet-20 of the paper's section 4.2.
import type { Shape } from '../kernels/shape.js';
import type { SymbolicTensor } from '../nn/functional.js';
import { batchNorm, conv2d, dense, globalAvgPool2d, heNormal, input, maxPool2d, model, relu, zeroPadding2d } from '../nn/index.js';
import { residualBasicBlock, residualBottleneck } from './blocks.js';
import { checkZooOptions, type ZooModel } from './shape.js';

export interface ResNetOptions {
  /** Classifier outputs (default 1000). */
  classes?: number;
  /** One sample, [height, width, channels] (default [224, 224, 3]; at least 32×32). */
  inputShape?: Shape;
  /** End with global average pooling and the `fc` classifier (default true); false returns the last feature map (Keras `include_top=False`). */
  includeTop?: boolean;
}

type Block = (x: SymbolicTensor, o: { filters: number; strides: number; name: string }) => SymbolicTensor;

/**
 * torchvision's `ResNet`: stem 7×7/2 conv (64, padding 3) → BN → relu → 3×3/2 max pool
 * (padding 1), four stages of `layers[i]` blocks with 64, 128, 256, 512 filters (stride 2 at
 * the start of stages 2–4), global average pool, fully connected `fc`. BN ε 1e-5, PyTorch
 * momentum 0.1 (Keras 0.9). The max pool's padding is a zeroPadding2d: it follows a relu, so a
 * zero never exceeds the window's maximum and the result equals PyTorch's −∞ padding.
 */
function imagenetResnet(where: string, block: Block, layers: readonly number[], o: ResNetOptions): ZooModel {
  const inputShape = o.inputShape ?? [224, 224, 3];
  const classes = o.classes ?? 1000;
  checkZooOptions(where, inputShape, classes, 32);
  const x = input(inputShape);
  let h = x.pipe(
    conv2d({ filters: 64, kernelSize: 7, strides: 2, padding: [3, 3, 3, 3], useBias: false, kernelInitializer: heNormal(), name: 'conv1' }),
    batchNorm({ epsilon: 1e-5, momentum: 0.9, name: 'bn1' }), relu({ name: 'relu' }),
    zeroPadding2d({ padding: 1, name: 'maxpool_pad' }), maxPool2d({ poolSize: 3, strides: 2, padding: 'valid', name: 'maxpool' }),
  );
  layers.forEach((count, stage) => {
    for (let i = 0; i < count; i++) {
      h = block(h, { filters: 64 << stage, strides: stage > 0 && i === 0 ? 2 : 1, name: `layer${stage + 1}.${i}` });
    }
  });
  if (o.includeTop ?? true) h = h.pipe(globalAvgPool2d({ name: 'avgpool' }), dense({ units: classes, name: 'fc' }));
  return model({ inputs: x, outputs: h });
}

/**
 * ResNet-18 as torchvision `resnet18`: basic blocks [2, 2, 2, 2]. At 224×224×3 with 1000
 * classes: 11,689,512 trainable parameters (torchvision's count) plus 9,600 BatchNorm moving
 * statistics (non-trainable, as Keras counts them), about 3.6 GFLOPs forward per image.
 */
export function resnet18(options: ResNetOptions = {}): ZooModel {
  return imagenetResnet('resnet18', residualBasicBlock, [2, 2, 2, 2], options);
}

/** ResNet-34 as torchvision `resnet34`: basic blocks [3, 4, 6, 3]; 21,797,672 trainable parameters (+17,024 moving statistics) at 1000 classes; about 7.3 GFLOPs per 224×224 image. */
export function resnet34(options: ResNetOptions = {}): ZooModel {
  return imagenetResnet('resnet34', residualBasicBlock, [3, 4, 6, 3], options);
}

/** ResNet-50 as torchvision `resnet50` (v1.5: stride on the 3×3): bottleneck blocks [3, 4, 6, 3]; 25,557,032 trainable parameters (+53,120 moving statistics) at 1000 classes; about 8.2 GFLOPs per 224×224 image. */
export function resnet50(options: ResNetOptions = {}): ZooModel {
  return imagenetResnet('resnet50', residualBottleneck, [3, 4, 6, 3], options);
}

export interface CifarResNetOptions {
  /** Classifier outputs (default 10). */
  classes?: number;
  /** One sample (default [32, 32, 3], CIFAR-10). */
  inputShape?: Shape;
}

/**
 * ResNet-20 for CIFAR-10 (He et al. 2015, §4.2; depth 6n + 2 with n = 3): 3×3 conv (16) → BN →
 * relu, three stages of three basic blocks with 16, 32, 64 filters (stride 2 at the start of
 * stages 2 and 3), global average pool, `fc`. Shortcuts use option B (1×1 conv + BN projection
 * where the shape changes, as torchvision's BasicBlock), not the paper's parameter-free option A
 * (zero-padded identity): 272,474 trainable parameters instead of option A's 269,722 ("0.27M"),
 * plus 1,568 BatchNorm moving statistics; about 82 MFLOPs forward per 32×32 image.
 */
export function resnet20(options: CifarResNetOptions = {}): ZooModel {
  const inputShape = options.inputShape ?? [32, 32, 3];
  const classes = options.classes ?? 10;
  checkZooOptions('resnet20', inputShape, classes, 8);
  const x = input(inputShape);
  let h = x.pipe(
    conv2d({ filters: 16, kernelSize: 3, padding: [1, 1, 1, 1], useBias: false, kernelInitializer: heNormal(), name: 'conv1' }),
    batchNorm({ epsilon: 1e-5, momentum: 0.9, name: 'bn1' }), relu({ name: 'relu' }),
  );
  for (let stage = 0; stage < 3; stage++) {
    for (let i = 0; i < 3; i++) h = residualBasicBlock(h, { filters: 16 << stage, strides: stage > 0 && i === 0 ? 2 : 1, name: `layer${stage + 1}.${i}` });
  }
  return model({ inputs: x, outputs: h.pipe(globalAvgPool2d({ name: 'avgpool' }), dense({ units: classes, name: 'fc' })) });
}
