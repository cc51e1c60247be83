// Convolution benchmarks: shadernet's conv2d passes (forward, backward to the input, backward to
// the filter) through `conv2dDispatch`, so the variant is the one the graph would choose on this
// adapter (`chooseConv2d`: matmul for pointwise, register blocks / vec4 / workgroup tiles), against
// TF.js's `tf.conv2d` and its `Conv2DBackpropInput` / `Conv2DBackpropFilter` kernels (what
// `tf.grad` of conv2d dispatches) on the same shapes. Shapes from real networks: the issue's
// reference conv (3×3, [32,32,32,64]→64, TF.js measured 4.1 GFLOP/s forward), ResNet-18 stages at
// batch 8, ResNet-20 at batch 32, the MNIST CNN's first conv at batch 64, MobileNetV2's stem and
// pointwise convolutions at batch 8.
import * as tf from '@tensorflow/tfjs-core';
import { conv2dDispatch, conv2dGeometry, type Conv2dGeometry, type Conv2dPadding, type Conv2dPass } from '../src/kernels/conv2d.js';
import { shapeTag, type BenchCase, type Group } from './harness.js';
import { kernelCase, tfRandom } from './kernel-case.js';

interface ConvShape {
  /** x, NHWC. */
  readonly x: readonly [number, number, number, number];
  readonly filters: number;
  readonly k: number;
  readonly stride: number;
  /** Ours: 'same', 'valid' or explicit [top, bottom, left, right] (torchvision's symmetric padding). */
  readonly padding: Conv2dPadding;
  /** The passes benchmarked, and which of them are in the quick subset. */
  readonly passes: readonly Conv2dPass[];
  readonly quick?: readonly Conv2dPass[];
  /** Also time TF.js WASM (forward only: WASM has no Conv2DBackpropFilter). */
  readonly wasm?: boolean;
  readonly note: string;
}

const SHAPES: readonly ConvShape[] = [
  { x: [4, 32, 32, 64], filters: 64, k: 3, stride: 1, padding: 'same', passes: ['forward', 'backwardInput', 'backwardFilter'], quick: ['forward', 'backwardInput'], wasm: true,
    note: 'the reference conv 3×3 [N,32,32,64]→64 at batch 4 (the quick stand-in for batch 32)' },
  { x: [32, 32, 32, 64], filters: 64, k: 3, stride: 1, padding: 'same', passes: ['forward', 'backwardInput', 'backwardFilter'],
    note: "the issue's reference conv 3×3 [32,32,32,64]→64 (TF.js measured 4.1 GFLOP/s forward)" },
  { x: [32, 32, 32, 16], filters: 16, k: 3, stride: 1, padding: [1, 1, 1, 1], passes: ['forward', 'backwardInput', 'backwardFilter'], quick: ['forward'], wasm: true,
    note: 'ResNet-20 layer1 conv (CIFAR-10, batch 32)' },
  { x: [64, 28, 28, 1], filters: 32, k: 3, stride: 1, padding: 'same', passes: ['forward', 'backwardFilter'], quick: ['backwardFilter'], wasm: true,
    note: 'MNIST CNN conv1 (batch 64; the first layer needs no input gradient)' },
  { x: [8, 224, 224, 3], filters: 64, k: 7, stride: 2, padding: [3, 3, 3, 3], passes: ['forward', 'backwardFilter'],
    note: 'ResNet-18 stem conv1 7×7/2 (batch 8)' },
  { x: [8, 56, 56, 64], filters: 64, k: 3, stride: 1, padding: [1, 1, 1, 1], passes: ['forward', 'backwardInput', 'backwardFilter'],
    note: 'ResNet-18 layer1 conv (batch 8)' },
  { x: [8, 56, 56, 64], filters: 128, k: 3, stride: 2, padding: [1, 1, 1, 1], passes: ['forward', 'backwardInput', 'backwardFilter'],
    note: 'ResNet-18 layer2.0.conv1 3×3/2 (batch 8, torchvision padding 1)' },
  { x: [8, 56, 56, 64], filters: 128, k: 1, stride: 2, padding: 'valid', passes: ['forward', 'backwardInput', 'backwardFilter'],
    note: 'ResNet-18 layer2.0.downsample 1×1/2 (batch 8)' },
  { x: [8, 28, 28, 128], filters: 128, k: 3, stride: 1, padding: [1, 1, 1, 1], passes: ['forward', 'backwardInput', 'backwardFilter'],
    note: 'ResNet-18 layer2 conv (batch 8)' },
  { x: [8, 14, 14, 256], filters: 256, k: 3, stride: 1, padding: [1, 1, 1, 1], passes: ['forward'],
    note: 'ResNet-18 layer3 conv (batch 8)' },
  { x: [8, 7, 7, 512], filters: 512, k: 3, stride: 1, padding: [1, 1, 1, 1], passes: ['forward', 'backwardFilter'],
    note: 'ResNet-18 layer4 conv (batch 8): small plane, many channels' },
  { x: [8, 224, 224, 3], filters: 32, k: 3, stride: 2, padding: 'same', passes: ['forward'],
    note: 'MobileNetV2 stem Conv1 3×3/2 (batch 8)' },
  { x: [8, 56, 56, 24], filters: 144, k: 1, stride: 1, padding: 'valid', passes: ['forward', 'backwardInput', 'backwardFilter'], quick: ['forward'], wasm: true,
    note: "MobileNetV2 block_2_expand pointwise (batch 8; the issue's case, TF.js measured 2.5 GFLOP/s forward)" },
  { x: [8, 56, 56, 144], filters: 24, k: 1, stride: 1, padding: 'valid', passes: ['forward', 'backwardInput'],
    note: 'MobileNetV2 block_2_project pointwise (batch 8)' },
];

const PASS_NAME: Record<Conv2dPass, string> = { forward: 'conv2d', backwardInput: 'conv2d-backward-input', backwardFilter: 'conv2d-backward-filter' };

/** `conv2d/n8h56w56c64-k128r3s2p1/f32`: x's shape, filters, kernel size, stride, explicit padding (p1) if any. */
export function conv2dCaseName(s: Pick<ConvShape, 'x' | 'filters' | 'k' | 'stride' | 'padding'>, pass: Conv2dPass): string {
  const pad = typeof s.padding === 'string' ? (s.padding === 'same' ? '' : '-valid') : `p${s.padding[0]}`;
  return `${PASS_NAME[pass]}/${shapeTag(s.x)}-k${s.filters}r${s.k}s${s.stride}${pad}/f32`;
}

/** TF.js's padding argument for the same geometry. */
function tfPad(s: ConvShape): 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]] {
  if (typeof s.padding === 'string') return s.padding;
  const [t, b, l, r] = s.padding;
  return [[0, 0], [t, b], [l, r], [0, 0]];
}

function convCase(s: ConvShape, pass: Conv2dPass): BenchCase {
  const g: Conv2dGeometry = conv2dGeometry(s.x, [s.k, s.k, s.x[3], s.filters], { strides: s.stride, padding: s.padding });
  const xCount = g.batch * g.inH * g.inW * g.inC;
  const wCount = g.kh * g.kw * g.cinG * g.outC;
  const yCount = g.batch * g.outH * g.outW * g.outC;
  const yShape: [number, number, number, number] = [g.batch, g.outH, g.outW, g.outC];
  const wShape: [number, number, number, number] = [g.kh, g.kw, g.cinG, g.outC];
  const notes = [s.note];
  const group: Group = pass === 'forward' ? 'kernels forward' : 'kernels backward';
  return kernelCase({
    name: conv2dCaseName(s, pass),
    group,
    unit: 'GFLOP/s',
    // One multiply-add per tap per output, the same count for all three passes.
    work: 2 * yCount * g.kh * g.kw * g.cinG,
    quick: s.quick?.includes(pass) ?? false,
    wasm: s.wasm && pass === 'forward',
    notes,
    ours: (gpu) => {
      const d = conv2dDispatch(g, gpu.caps, pass);
      const chosen = `shadernet variant: ${d.variant}`;
      if (!notes.includes(chosen)) notes.push(chosen);
      const tensors = pass === 'forward' ? [xCount, wCount, yCount] : pass === 'backwardInput' ? [yCount, wCount, xCount] : [xCount, yCount, wCount];
      return [{ kernel: d.kernel, plan: d.plan, tensors }];
    },
    tfjs: () => {
      const pad = tfPad(s);
      const strides: [number, number] = [s.stride, s.stride];
      if (pass === 'forward') {
        const x = tfRandom(s.x, 1) as tf.Tensor4D;
        const w = tfRandom(wShape, 2) as tf.Tensor4D;
        return { run: () => tf.conv2d(x, w, strides, pad), dispose: () => tf.dispose([x, w]) };
      }
      const dy = tfRandom(yShape, 3) as tf.Tensor4D;
      if (pass === 'backwardInput') {
        const w = tfRandom(wShape, 2) as tf.Tensor4D;
        return {
          run: () => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter: w }, { strides, pad, dataFormat: 'NHWC', inputShape: [...s.x] } as never) as tf.Tensor,
          dispose: () => tf.dispose([dy, w]),
        };
      }
      const x = tfRandom(s.x, 1) as tf.Tensor4D;
      return {
        run: () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, { strides, pad, dataFormat: 'NHWC', filterShape: wShape } as never) as tf.Tensor,
        dispose: () => tf.dispose([dy, x]),
      };
    },
  });
}

/** The conv2d cases. */
export const cases: readonly BenchCase[] = SHAPES.flatMap((s) => s.passes.map((pass) => convCase(s, pass)));
