// Building blocks of the model zoo, for the functional API: each takes a symbolic tensor and
// returns one. Convolutions followed by BatchNorm have no bias (as torchvision and Keras
// applications build them); BatchNorm's epsilon and momentum are the block's options so a model
// can follow its reference (torchvision: ε 1e-5, Keras momentum 0.9; Keras MobileNet: 1e-3/0.99,
// MobileNetV2: 1e-3/0.999).
//
// Layer names. Residual blocks take `name` (torchvision module paths, e.g. `layer2.0`) and name
// their layers `${name}.conv1`, `${name}.bn1`, ..., `${name}.downsample.0` (conv) and
// `.downsample.1` (BN) — so parameter `layer2.0.conv1.kernel` is torchvision's
// `layer2.0.conv1.weight` (OIHW there, HWIO here). MobileNet blocks take Keras' `blockId` and
// name their layers exactly as keras.applications does (`conv_dw_3`, `conv_pw_3_bn`,
// `block_5_expand_relu`, ...). Without a name or id, the model names them (`conv2d_7`, ...).
import { ValueError } from '../errors.js';
import type { SymbolicTensor } from '../nn/functional.js';
import type { Initializer } from '../nn/layer.js';
import { add, batchNorm, conv2d, depthwiseConv2d, heNormal, relu, relu6 } from '../nn/index.js';
import { symbolicShape } from './shape.js';

/** BatchNorm settings shared by a block's normalization layers. */
export interface BlockNormOptions {
  /** BatchNorm epsilon (default 1e-5 in residual blocks as torchvision, 1e-3 in MobileNet blocks as Keras). */
  epsilon?: number;
  /** BatchNorm moving-average decay, Keras meaning (default 0.9 = PyTorch momentum 0.1 in residual blocks; 0.99 / 0.999 in MobileNet V1 / V2 blocks). */
  momentum?: number;
  /** Initializer of the block's convolution kernels (default He normal in residual blocks, Glorot uniform in MobileNet blocks). */
  kernelInitializer?: Initializer;
}

export interface ResidualBlockOptions extends BlockNormOptions {
  /** Output channels of the 3×3 convolutions (torchvision `planes`). */
  filters: number;
  /** Stride of the block (2 halves height and width); default 1. */
  strides?: number;
  /** Prefix of the layer names, e.g. `layer1.0`. */
  name?: string;
}

export interface BottleneckOptions extends ResidualBlockOptions {
  /** Output channels are `filters · expansion` (default 4, torchvision Bottleneck). */
  expansion?: number;
}

function positive(where: string, what: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new ValueError(where, `${what} must be a positive integer (got ${v})`);
  return v;
}

function resNames(prefix: string | undefined) {
  return (part: string) => (prefix ? `${prefix}.${part}` : undefined);
}

/** A k×k convolution with torchvision's symmetric padding k // 2 (TF 'same' pads stride-2 convs asymmetrically). */
function convNoBias(filters: number, k: number, strides: number, name: string | undefined, init: Initializer | undefined) {
  const p = Math.floor(k / 2);
  return conv2d({ filters, kernelSize: k, strides, padding: [p, p, p, p], useBias: false, kernelInitializer: init, name });
}

/**
 * The shortcut of a residual block: the input itself, or (when the stride or channel count
 * changes) a 1×1 convolution with the block's stride followed by BatchNorm — torchvision's
 * `downsample`, the ResNet paper's option B.
 */
function shortcut(x: SymbolicTensor, outChannels: number, strides: number, o: BlockNormOptions, n: (part: string) => string | undefined): SymbolicTensor {
  const inChannels = symbolicShape(x).at(-1);
  if (strides === 1 && inChannels === outChannels) return x;
  return x.pipe(
    conv2d({ filters: outChannels, kernelSize: 1, strides, padding: 'valid', useBias: false, kernelInitializer: o.kernelInitializer ?? heNormal(), name: n('downsample.0') }),
    batchNorm({ epsilon: o.epsilon ?? 1e-5, momentum: o.momentum ?? 0.9, name: n('downsample.1') }),
  );
}

/**
 * torchvision's `BasicBlock` (ResNet-18/34, and He et al.'s CIFAR ResNets): 3×3 conv (stride s) →
 * BN → relu → 3×3 conv → BN, plus the shortcut (1×1 conv stride s → BN when the shape changes),
 * then relu. x [N, H, W, C] → [N, ⌈H/s⌉, ⌈W/s⌉, filters]. Convolutions pad 1 on every side as
 * PyTorch does. Layers: `${name}.conv1`, `.bn1`, `.relu1`, `.conv2`, `.bn2`, `.downsample.0`,
 * `.downsample.1`, `.add`, `.relu2` (torchvision applies one `relu` module twice).
 */
export function residualBasicBlock(x: SymbolicTensor, options: ResidualBlockOptions): SymbolicTensor {
  const filters = positive('residualBasicBlock', 'filters', options.filters);
  const strides = positive('residualBasicBlock', 'strides', options.strides ?? 1);
  const n = resNames(options.name);
  const bn = (part: string) => batchNorm({ epsilon: options.epsilon ?? 1e-5, momentum: options.momentum ?? 0.9, name: n(part) });
  const init = options.kernelInitializer ?? heNormal();
  const y = x.pipe(
    convNoBias(filters, 3, strides, n('conv1'), init), bn('bn1'), relu({ name: n('relu1') }),
    convNoBias(filters, 3, 1, n('conv2'), init), bn('bn2'),
  );
  return add([y, shortcut(x, filters, strides, options, n)], { name: n('add') }).pipe(relu({ name: n('relu2') }));
}

/**
 * torchvision's `Bottleneck` (ResNet-50/101/152, "ResNet v1.5": the stride sits on the 3×3
 * convolution, not the first 1×1): 1×1 conv → BN → relu → 3×3 conv (stride s) → BN → relu →
 * 1×1 conv to `filters · expansion` → BN, plus the shortcut, then relu.
 * x [N, H, W, C] → [N, ⌈H/s⌉, ⌈W/s⌉, filters·expansion]. Layers `${name}.conv1..3`, `.bn1..3`,
 * `.relu1..3`, `.downsample.0/1`, `.add`.
 */
export function residualBottleneck(x: SymbolicTensor, options: BottleneckOptions): SymbolicTensor {
  const filters = positive('residualBottleneck', 'filters', options.filters);
  const strides = positive('residualBottleneck', 'strides', options.strides ?? 1);
  const expansion = positive('residualBottleneck', 'expansion', options.expansion ?? 4);
  const n = resNames(options.name);
  const bn = (part: string) => batchNorm({ epsilon: options.epsilon ?? 1e-5, momentum: options.momentum ?? 0.9, name: n(part) });
  const init = options.kernelInitializer ?? heNormal();
  const y = x.pipe(
    convNoBias(filters, 1, 1, n('conv1'), init), bn('bn1'), relu({ name: n('relu1') }),
    convNoBias(filters, 3, strides, n('conv2'), init), bn('bn2'), relu({ name: n('relu2') }),
    convNoBias(filters * expansion, 1, 1, n('conv3'), init), bn('bn3'),
  );
  return add([y, shortcut(x, filters * expansion, strides, options, n)], { name: n('add') }).pipe(relu({ name: n('relu3') }));
}

/**
 * Padding of a 3×3 stride-2 depthwise convolution as Keras applications do it: a ZeroPadding2D
 * then 'valid'. MobileNet (V1) always pads ((0, 1), (0, 1)); MobileNetV2's `correct_pad` pads
 * ((0, 1), …) along an even axis and ((1, 1), …) along an odd one. Given to the depthwise
 * convolution as explicit padding: the same numbers without the copy.
 */
function kerasStride2Padding(x: SymbolicTensor, correct: boolean): readonly [readonly [number, number], readonly [number, number]] {
  if (!correct) return [[0, 1], [0, 1]];
  const [h, w] = symbolicShape(x);
  return [[h % 2, 1], [w % 2, 1]];
}

export interface MobilenetV1BlockOptions extends BlockNormOptions {
  /** Output channels of the pointwise convolution, before the width multiplier. */
  filters: number;
  /** Stride of the depthwise convolution (1 or 2); default 1. */
  strides?: number;
  /** Width multiplier: the pointwise convolution has ⌊filters·alpha⌋ channels (default 1). */
  alpha?: number;
  /** Depthwise channel multiplier (Keras `depth_multiplier`, default 1). */
  depthMultiplier?: number;
  /** Keras' `block_id`: names the layers `conv_dw_${id}`, `conv_dw_${id}_bn`, `conv_dw_${id}_relu`, `conv_pw_${id}`, .... */
  blockId?: number;
}

/**
 * Keras' `_depthwise_conv_block` (MobileNet V1): 3×3 depthwise conv (stride s, no bias) → BN →
 * relu6 → 1×1 conv to ⌊filters·alpha⌋ channels (no bias) → BN → relu6.
 * x [N, H, W, C] → [N, ⌈H/s⌉, ⌈W/s⌉, ⌊filters·alpha⌋]. A stride-2 block pads ((0, 1), (0, 1)),
 * Keras' `conv_pad_${id}` ZeroPadding2D + 'valid'.
 */
export function mobilenetV1Block(x: SymbolicTensor, options: MobilenetV1BlockOptions): SymbolicTensor {
  const strides = positive('mobilenetV1Block', 'strides', options.strides ?? 1);
  const alpha = options.alpha ?? 1;
  const filters = positive('mobilenetV1Block', 'filters × alpha', Math.floor(options.filters * alpha));
  const id = options.blockId;
  const n = (part: string) => (id === undefined ? undefined : `conv_${part}`.replace('#', String(id)));
  const bn = (part: string) => batchNorm({ epsilon: options.epsilon ?? 1e-3, momentum: options.momentum ?? 0.99, name: n(part) });
  return x.pipe(
    depthwiseConv2d({ kernelSize: 3, strides, padding: strides === 1 ? 'same' : kerasStride2Padding(x, false), depthMultiplier: options.depthMultiplier ?? 1, useBias: false, depthwiseInitializer: options.kernelInitializer, name: n('dw_#') }),
    bn('dw_#_bn'), relu6({ name: n('dw_#_relu') }),
    conv2d({ filters, kernelSize: 1, padding: 'same', useBias: false, kernelInitializer: options.kernelInitializer, name: n('pw_#') }),
    bn('pw_#_bn'), relu6({ name: n('pw_#_relu') }),
  );
}

export interface InvertedResidualOptions extends BlockNormOptions {
  /** Output channels of the projection (the model applies its width multiplier and rounding before). */
  filters: number;
  /** Stride of the depthwise convolution (1 or 2); default 1. */
  strides?: number;
  /** Expansion factor t: the hidden width is t × input channels (default 6); 1 skips the expansion convolution. */
  expansion?: number;
  /** Keras' `block_id`: layers `block_${id}_expand`, `_expand_BN`, `_expand_relu`, `_depthwise`, `_depthwise_BN`, `_depthwise_relu`, `_project`, `_project_BN`, `_add` (`expanded_conv_…` for id 0). */
  blockId?: number;
}

/**
 * MobileNetV2's inverted residual block (Keras `_inverted_res_block`, torchvision
 * `InvertedResidual`): 1×1 expansion to t·C channels → BN → relu6 (skipped when t = 1), 3×3
 * depthwise (stride s) → BN → relu6, 1×1 linear projection to `filters` → BN, plus the input when
 * the stride is 1 and the channel count unchanged. x [N, H, W, C] → [N, ⌈H/s⌉, ⌈W/s⌉, filters].
 * A stride-2 block pads as Keras' `correct_pad`.
 */
export function invertedResidual(x: SymbolicTensor, options: InvertedResidualOptions): SymbolicTensor {
  const filters = positive('invertedResidual', 'filters', options.filters);
  const strides = positive('invertedResidual', 'strides', options.strides ?? 1);
  const expansion = positive('invertedResidual', 'expansion', options.expansion ?? 6);
  const id = options.blockId;
  const prefix = id === undefined ? undefined : id === 0 ? 'expanded_conv_' : `block_${id}_`;
  const n = (part: string) => (prefix === undefined ? undefined : prefix + part);
  const bn = (part: string) => batchNorm({ epsilon: options.epsilon ?? 1e-3, momentum: options.momentum ?? 0.999, name: n(part) });
  const inChannels = symbolicShape(x).at(-1)!;
  let h = x;
  if (expansion !== 1) {
    h = h.pipe(
      conv2d({ filters: expansion * inChannels, kernelSize: 1, padding: 'same', useBias: false, kernelInitializer: options.kernelInitializer, name: n('expand') }),
      bn('expand_BN'), relu6({ name: n('expand_relu') }),
    );
  }
  h = h.pipe(
    depthwiseConv2d({ kernelSize: 3, strides, padding: strides === 1 ? 'same' : kerasStride2Padding(h, true), useBias: false, depthwiseInitializer: options.kernelInitializer, name: n('depthwise') }),
    bn('depthwise_BN'), relu6({ name: n('depthwise_relu') }),
    conv2d({ filters, kernelSize: 1, padding: 'same', useBias: false, kernelInitializer: options.kernelInitializer, name: n('project') }),
    bn('project_BN'),
  );
  return strides === 1 && inChannels === filters ? add([x, h], { name: n('add') }) : h;
}

/**
 * Rounds a channel count to a multiple of `divisor` (nearest, at least `divisor`, and never more
 * than 10% below `v`): `_make_divisible` of keras.applications MobileNetV2 and torchvision.
 */
export function makeDivisible(v: number, divisor = 8): number {
  const rounded = Math.max(divisor, Math.floor((v + divisor / 2) / divisor) * divisor);
  return rounded < 0.9 * v ? rounded + divisor : rounded;
}
