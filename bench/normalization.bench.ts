// BatchNorm benchmarks (GB/s over the activations read and written, each once): training-mode
// BatchNorm as the graph lowers it — forward: batch moments, (gamma, beta) stacked into the
// table, normalise; forward + backward: the same, then the backward sums and the input gradient —
// against TF.js's `tf.moments` + `tf.batchNorm` and, for the backward, `tf.grads` of that function
// (TF.js has no separate training-BatchNorm gradient kernel, so both sides run forward + backward).
// Shapes: ResNet-18 layer1 at batch 8, ResNet-20 layer1 at batch 32.
import * as tf from '@tensorflow/tfjs-core';
import {
  batchNormApply, batchNormBackwardInput, batchNormBackwardReduce, batchNormGeometry, batchNormStats, stackRows,
  planBatchNormApply, planBatchNormBackwardInput, planBatchNormBackwardReduce, planBatchNormStats, planStackRows,
} from '../src/kernels/batch-norm.js';
import { sizeOf, type Shape } from '../src/kernels/shape.js';
import type { Gpu } from '../src/gpu/gpu.js';
import { elementwiseBytes, shapeTag, type BenchCase } from './harness.js';
import { kernelCase, tfRandom, type KernelLaunch } from './kernel-case.js';

const EPSILON = 1e-5;

/** Buffers: 0 x, 1 t [4, C], 2 gamma, 3 beta, 4 y; backward 5 gy, 6 b [5, C], 7 gx. */
function launches(gpu: Gpu, shape: Shape, backward: boolean): KernelLaunch[] {
  const g = batchNormGeometry(shape);
  const c = g.channels;
  const out: KernelLaunch[] = [
    { kernel: batchNormStats, plan: planBatchNormStats(g, gpu.caps), tensors: [g.count, 4 * c] },
    { kernel: stackRows, plan: planStackRows(c, 2, gpu.caps), tensors: [c, c, { reuse: 1 }] },
    { kernel: batchNormApply, plan: planBatchNormApply(g, EPSILON, gpu.caps), tensors: [{ reuse: 0 }, { reuse: 1 }, g.count] },
  ];
  if (backward) {
    out.push(
      { kernel: batchNormBackwardReduce, plan: planBatchNormBackwardReduce(g, EPSILON, gpu.caps), tensors: [g.count, { reuse: 0 }, { reuse: 1 }, 5 * c] },
      { kernel: batchNormBackwardInput, plan: planBatchNormBackwardInput(g, gpu.caps), tensors: [{ reuse: 5 }, { reuse: 0 }, { reuse: 6 }, g.count] },
    );
  }
  return out;
}

function batchNormCase(shape: Shape, backward: boolean, quick: boolean, note: string): BenchCase {
  const count = sizeOf(shape);
  const c = shape[shape.length - 1];
  return kernelCase({
    name: `${backward ? 'batch-norm-train-forward-backward' : 'batch-norm-train'}/${shapeTag(shape)}/f32`,
    group: backward ? 'kernels backward' : 'kernels forward',
    unit: 'GB/s',
    // Forward: x read, y written. Forward + backward: x and gy read, y and gx written.
    work: backward ? elementwiseBytes(2 * count, 2 * count) : elementwiseBytes(count, count),
    quick,
    wasm: !backward,
    notes: [note, backward ? 'both sides: forward then backward (TF.js: tf.grads of moments + batchNorm)' : 'batch moments + normalise'],
    ours: (gpu) => launches(gpu, shape, backward),
    tfjs: () => {
      const x = tfRandom(shape, 1);
      const gamma = tfRandom([c], 2);
      const beta = tfRandom([c], 3);
      const axes = shape.slice(0, -1).map((_, i) => i);
      const forward = (xs: tf.Tensor, gm: tf.Tensor, bt: tf.Tensor) => {
        const { mean, variance } = tf.moments(xs, axes);
        return tf.batchNorm(xs, mean, variance, bt, gm, EPSILON);
      };
      if (!backward) return { run: () => forward(x, gamma, beta), dispose: () => tf.dispose([x, gamma, beta]) };
      const dy = tfRandom(shape, 4);
      const grads = tf.grads((xs: tf.Tensor, gm: tf.Tensor, bt: tf.Tensor) => forward(xs, gm, bt));
      return { run: () => grads([x, gamma, beta], dy), dispose: () => tf.dispose([x, gamma, beta, dy]) };
    },
  });
}

/** The BatchNorm cases. */
export const cases: readonly BenchCase[] = [
  batchNormCase([8, 56, 56, 64], false, false, 'ResNet-18 layer1 BatchNorm, training (batch 8)'),
  batchNormCase([8, 56, 56, 64], true, false, 'ResNet-18 layer1 BatchNorm, training (batch 8)'),
  batchNormCase([32, 32, 32, 16], false, true, 'ResNet-20 layer1 BatchNorm, training (batch 32)'),
  batchNormCase([32, 32, 32, 16], true, true, 'ResNet-20 layer1 BatchNorm, training (batch 32)'),
];
