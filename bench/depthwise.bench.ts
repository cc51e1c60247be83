// Depthwise convolution benchmarks: shadernet's depthwise passes with the variants
// `chooseDepthwiseConv2d` picks (vec4 for MobileNet's channel counts), against `tf.depthwiseConv2d`
// and TF.js's `DepthwiseConv2dNativeBackpropInput` / `…BackpropFilter` kernels (what `tf.grad`
// of depthwiseConv2d dispatches). The filter gradient is shadernet's two dispatches, as the graph
// lowers it: partial sums over chunks of output rows, then their sum over the chunks. Shapes from
// MobileNetV2 at batch 8 (the issue's [8,56,56,144] 3×3: TF.js measured 1.7 / 0.28 / 0.9 GFLOP/s
// forward / backward-input / backward-filter) and the MNIST CNN's separable conv at batch 64.
import * as tf from '@tensorflow/tfjs-core';
import {
  chooseDepthwiseConv2d, depthwiseConv2dGeometry, depthwiseFilterChunks, planDepthwiseConv2dBackwardFilter,
  planDepthwiseConv2dBackwardInput, planDepthwiseConv2dForward, type DepthwiseConv2dGeometry, type DepthwisePadding,
} from '../src/kernels/depthwise-conv2d.js';
import { planReduce } from '../src/kernels/reduce.js';
import { sizeOf } from '../src/kernels/shape.js';
import { shapeTag, type BenchCase, type Group } from './harness.js';
import { kernelCase, tfRandom, type KernelLaunch } from './kernel-case.js';

type Pass = 'forward' | 'backwardInput' | 'backwardFilter';

interface DepthwiseShape {
  readonly x: readonly [number, number, number, number];
  readonly k: number;
  readonly stride: number;
  /** Ours; TF.js gets the same as explicit padding. */
  readonly padding: 'same' | readonly [readonly [number, number], readonly [number, number]];
  readonly passes: readonly Pass[];
  readonly quick?: readonly Pass[];
  readonly wasm?: boolean;
  readonly note: string;
}

const ALL: readonly Pass[] = ['forward', 'backwardInput', 'backwardFilter'];

const SHAPES: readonly DepthwiseShape[] = [
  { x: [8, 56, 56, 144], k: 3, stride: 1, padding: 'same', passes: ALL, quick: ALL, wasm: true,
    note: "MobileNetV2 block_2_depthwise (batch 8; the issue's case, TF.js measured 1.7 / 0.28 / 0.9 GFLOP/s)" },
  { x: [8, 112, 112, 96], k: 3, stride: 2, padding: [[0, 1], [0, 1]], passes: ALL,
    note: 'MobileNetV2 block_1_depthwise 3×3/2 (batch 8, Keras correct_pad ((0,1),(0,1)))' },
  { x: [8, 14, 14, 576], k: 3, stride: 1, padding: 'same', passes: ALL,
    note: 'MobileNetV2 block_12_depthwise (batch 8): small plane, many channels' },
  { x: [64, 14, 14, 32], k: 3, stride: 1, padding: 'same', passes: ALL, wasm: true,
    note: 'MNIST CNN sepconv2 depthwise step (batch 64)' },
];

const PASS_NAME: Record<Pass, string> = { forward: 'depthwise', backwardInput: 'depthwise-backward-input', backwardFilter: 'depthwise-backward-filter' };

/** `depthwise/n8h56w56c144-r3s1/f32`, `…-r3s2p01` for explicit padding (top 0, bottom 1). */
export function depthwiseCaseName(s: Pick<DepthwiseShape, 'x' | 'k' | 'stride' | 'padding'>, pass: Pass): string {
  const pad = s.padding === 'same' ? '' : `p${s.padding[0][0]}${s.padding[0][1]}`;
  return `${PASS_NAME[pass]}/${shapeTag(s.x)}-r${s.k}s${s.stride}${pad}/f32`;
}

function tfPad(s: DepthwiseShape): 'same' | [[number, number], [number, number], [number, number], [number, number]] {
  if (s.padding === 'same') return 'same';
  const [[t, b], [l, r]] = s.padding;
  return [[0, 0], [t, b], [l, r], [0, 0]];
}

function depthwiseCase(s: DepthwiseShape, pass: Pass): BenchCase {
  const g: DepthwiseConv2dGeometry = depthwiseConv2dGeometry(s.x, [s.k, s.k, s.x[3], 1], { strides: s.stride, padding: s.padding as DepthwisePadding });
  const xCount = sizeOf(g.inputShape);
  const wCount = sizeOf(g.filterShape);
  const yCount = sizeOf(g.outputShape);
  const notes = [s.note];
  const group: Group = pass === 'forward' ? 'kernels forward' : 'kernels backward';
  return kernelCase({
    name: depthwiseCaseName(s, pass),
    group,
    unit: 'GFLOP/s',
    work: 2 * yCount * g.kernelH * g.kernelW,
    quick: s.quick?.includes(pass) ?? false,
    // TF.js WASM has no depthwise backprop kernels.
    wasm: s.wasm && pass === 'forward',
    notes,
    ours: (gpu): KernelLaunch[] => {
      const choice = chooseDepthwiseConv2d(g, gpu.caps);
      const chosen = `shadernet variant: ${choice[pass]}`;
      if (!notes.includes(chosen)) notes.push(chosen);
      if (pass === 'forward') {
        const plan = planDepthwiseConv2dForward(g, gpu.caps);
        return [{ kernel: plan.kernel, plan, tensors: [xCount, wCount, yCount] }];
      }
      if (pass === 'backwardInput') {
        const plan = planDepthwiseConv2dBackwardInput(g, gpu.caps);
        return [{ kernel: plan.kernel, plan, tensors: [yCount, wCount, xCount] }];
      }
      const plan = planDepthwiseConv2dBackwardFilter(g, gpu.caps);
      const { chunks } = depthwiseFilterChunks(g);
      const launches: KernelLaunch[] = [{ kernel: plan.kernel, plan, tensors: [xCount, yCount, chunks * wCount] }];
      if (chunks > 1) {
        const sum = planReduce('sum', [chunks, ...g.filterShape], [0], gpu.caps);
        launches.push({ kernel: sum.kernel, plan: sum, tensors: [{ reuse: 2 }, wCount] });
      }
      const chunked = `filter gradient in ${chunks} chunk${chunks > 1 ? 's + a sum over them' : ''}`;
      if (!notes.includes(chunked)) notes.push(chunked);
      return launches;
    },
    tfjs: () => {
      const pad = tfPad(s);
      const strides: [number, number] = [s.stride, s.stride];
      const dilations: [number, number] = [1, 1];
      if (pass === 'forward') {
        const x = tfRandom(s.x, 1) as tf.Tensor4D;
        const w = tfRandom(g.filterShape, 2) as tf.Tensor4D;
        return { run: () => tf.depthwiseConv2d(x, w, strides, pad), dispose: () => tf.dispose([x, w]) };
      }
      const dy = tfRandom(g.outputShape, 3) as tf.Tensor4D;
      if (pass === 'backwardInput') {
        const w = tfRandom(g.filterShape, 2) as tf.Tensor4D;
        return {
          run: () => tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropInput, { dy, filter: w }, { strides, pad, dilations, inputShape: [...s.x] } as never) as tf.Tensor,
          dispose: () => tf.dispose([dy, w]),
        };
      }
      const x = tfRandom(s.x, 1) as tf.Tensor4D;
      return {
        run: () => tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropFilter, { x, dy }, { strides, pad, dilations, filterShape: [...g.filterShape] } as never) as tf.Tensor,
        dispose: () => tf.dispose([dy, x]),
      };
    },
  });
}

/** The depthwise cases. */
export const cases: readonly BenchCase[] = SHAPES.flatMap((s) => s.passes.map((pass) => depthwiseCase(s, pass)));
