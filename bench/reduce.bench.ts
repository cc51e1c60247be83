// Reduction benchmarks (GB/s over the input read plus the output written): the sums a training
// step needs (bias gradients of dense and conv layers), a row sum and a global average pool.
import * as tf from '@tensorflow/tfjs-core';
import { planReduce, type ReduceOp } from '../src/kernels/reduce.js';
import { sizeOf, type Shape } from '../src/kernels/shape.js';
import { elementwiseBytes, shapeTag, type BenchCase, type Group } from './harness.js';
import { kernelCase, tfRandom } from './kernel-case.js';

function reduce(op: ReduceOp, shape: Shape, axes: readonly number[], group: Group, quick: boolean, note: string): BenchCase {
  const outCount = sizeOf(shape.filter((_, i) => !axes.includes(i)));
  return kernelCase({
    name: `${op}/${shapeTag(shape)}-axes${axes.join('')}/f32`, group, unit: 'GB/s', work: elementwiseBytes(sizeOf(shape), outCount), quick, wasm: true,
    notes: [note],
    ours: (gpu) => {
      const plan = planReduce(op, shape, axes, gpu.caps);
      return [{ kernel: plan.kernel, plan, tensors: [sizeOf(shape), outCount] }];
    },
    tfjs: () => {
      const x = tfRandom(shape);
      return { run: () => (op === 'sum' ? tf.sum(x, [...axes]) : tf.mean(x, [...axes])), dispose: () => x.dispose() };
    },
  });
}

/** The reduce cases. */
export const cases: readonly BenchCase[] = [
  reduce('sum', [64, 256], [0], 'kernels backward', true, 'MLP dense1 bias gradient'),
  reduce('sum', [64, 28, 28, 32], [0, 1, 2], 'kernels backward', true, 'conv bias gradient (MNIST CNN conv1)'),
  reduce('sum', [1024, 1024], [1], 'kernels forward', false, 'row sums'),
  reduce('mean', [64, 28, 28, 32], [1, 2], 'kernels forward', true, 'global average pool'),
];
