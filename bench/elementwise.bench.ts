// Elementwise benchmarks (memory-bound, GB/s = bytes read + written per second): relu forward and
// backward, and adds with and without broadcasting, on activation shapes of real networks
// (the MNIST CNN's first conv output [64, 28, 28, 32], ResNet-20's first stage [128, 32, 32, 16]).
import * as tf from '@tensorflow/tfjs-core';
import { planBinary, planUnary, planUnaryBackward } from '../src/kernels/elementwise.js';
import { sizeOf, type Shape } from '../src/kernels/shape.js';
import { elementwiseBytes, shapeTag, type BenchCase } from './harness.js';
import { kernelCase, tfRandom } from './kernel-case.js';

const CNN1: Shape = [64, 28, 28, 32];
const RESNET1: Shape = [128, 32, 32, 16];

function relu(shape: Shape, quick: boolean): BenchCase {
  const count = sizeOf(shape);
  return kernelCase({
    name: `relu/${shapeTag(shape)}/f32`, group: 'kernels forward', unit: 'GB/s', work: elementwiseBytes(count, count), quick, wasm: true,
    ours: (gpu) => {
      const plan = planUnary('relu', count, 0, gpu.caps);
      return [{ kernel: plan.kernel, plan, tensors: [count, count] }];
    },
    tfjs: () => {
      const x = tfRandom(shape);
      return { run: () => tf.relu(x), dispose: () => x.dispose() };
    },
  });
}

function reluBackward(shape: Shape, quick: boolean): BenchCase {
  const count = sizeOf(shape);
  return kernelCase({
    name: `relu-grad/${shapeTag(shape)}/f32`, group: 'kernels backward', unit: 'GB/s', work: elementwiseBytes(2 * count, count), quick,
    notes: ['TF.js: dy·step(x), what its relu gradient computes'],
    ours: (gpu) => {
      const plan = planUnaryBackward('relu', count, 0, gpu.caps);
      return [{ kernel: plan.kernel, plan, tensors: [count, count, count] }];
    },
    tfjs: () => {
      const dy = tfRandom(shape, 1);
      const y = tfRandom(shape, 2);
      return { run: () => tf.mul(dy, tf.step(y)), dispose: () => tf.dispose([dy, y]) };
    },
  });
}

function add(a: Shape, b: Shape, quick: boolean, note: string): BenchCase {
  const out = sizeOf(a);
  return kernelCase({
    name: `add/${shapeTag(a)}+${shapeTag(b)}/f32`, group: 'kernels forward', unit: 'GB/s', work: elementwiseBytes(out + sizeOf(b), out), quick, wasm: true,
    notes: [note],
    ours: (gpu) => {
      const plan = planBinary('add', a, b, gpu.caps);
      return [{ kernel: plan.kernel, plan, tensors: [sizeOf(a), sizeOf(b), out] }];
    },
    tfjs: () => {
      const x = tfRandom(a, 1);
      const y = tfRandom(b, 2);
      return { run: () => tf.add(x, y), dispose: () => tf.dispose([x, y]) };
    },
  });
}

/** The elementwise cases. */
export const cases: readonly BenchCase[] = [
  relu(CNN1, true),
  relu(RESNET1, false),
  reluBackward(CNN1, true),
  add(CNN1, [32], true, 'bias broadcast over channels'),
  add(CNN1, CNN1, false, 'residual add, same shape'),
  add(RESNET1, [128, 1, 1, 16], false, 'per-sample channel scale broadcast over H, W (squeeze-excite style)'),
];
