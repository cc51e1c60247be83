// The model zoo: reference architectures and their building blocks, built with the functional
// API. Every constructor returns a device-free functional model (`nn.model`) with its
// `inputShape`; compile it with `Trainer.compile(gpu, model, { inputShape: model.inputShape, … })`.
export { residualBasicBlock, residualBottleneck, mobilenetV1Block, invertedResidual, makeDivisible,
  type BlockNormOptions, type ResidualBlockOptions, type BottleneckOptions, type MobilenetV1BlockOptions, type InvertedResidualOptions } from './blocks.js';
export { resnet18, resnet34, resnet50, resnet20, type ResNetOptions, type CifarResNetOptions } from './resnet.js';
export { mobilenetV1, mobilenetV2, type MobileNetOptions, type MobileNetV1Options } from './mobilenet.js';
export { lenet5, type LeNet5Options } from './lenet.js';
export { mnistCnn, type MnistCnnOptions } from './mnist-cnn.js';
export { symbolicShape, type ZooModel } from './shape.js';
