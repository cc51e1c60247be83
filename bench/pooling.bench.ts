// Pooling benchmarks (GB/s: every element read plus every element written, once): max pooling
// forward and backward with the variant `choosePool2d` picks, and global average pooling as the
// graph lowers it (forward: the mean reduction over H and W; backward: avgPool2dBackward with one
// H×W window), against `tf.maxPool` / `tf.mean` and TF.js's `MaxPoolGrad` / `AvgPoolGrad` kernels
// (what `tf.grad` dispatches). Shapes: ResNet-18's stem pool 3×3/2 on [8,112,112,64], the MNIST
// CNN's 2×2 pools at batch 64, and the global pools closing ResNet-18 and ResNet-20.
import * as tf from '@tensorflow/tfjs-core';
import { globalPool2dGeometry, planAvgPool2dBackward, planMaxPool2d, planMaxPool2dBackward, pool2dGeometry, type PoolPadding } from '../src/kernels/pooling.js';
import { planReduce } from '../src/kernels/reduce.js';
import { sizeOf, type Shape } from '../src/kernels/shape.js';
import { elementwiseBytes, shapeTag, type BenchCase } from './harness.js';
import { kernelCase, tfRandom } from './kernel-case.js';

function maxPool(x: Shape, pool: number, stride: number, padding: PoolPadding, backward: boolean, quick: boolean, note: string): BenchCase {
  const g = pool2dGeometry(x, { poolSize: [pool, pool], strides: [stride, stride], padding });
  const inCount = sizeOf(g.inShape);
  const outCount = sizeOf(g.outShape);
  const notes = [note];
  return kernelCase({
    name: `${backward ? 'max-pool-backward' : 'max-pool'}/${shapeTag(x)}-r${pool}s${stride}${padding === 'same' ? '' : '-valid'}/f32`,
    group: backward ? 'kernels backward' : 'kernels forward',
    unit: 'GB/s',
    // Backward reads x, y and gy and writes gx.
    work: backward ? elementwiseBytes(inCount + 2 * outCount, inCount) : elementwiseBytes(inCount, outCount),
    quick,
    wasm: !backward,
    notes,
    ours: (gpu) => {
      const plan = backward ? planMaxPool2dBackward(g, gpu.caps) : planMaxPool2d(g, gpu.caps);
      const chosen = `shadernet variant: ${plan.variant}`;
      if (!notes.includes(chosen)) notes.push(chosen);
      return [{ kernel: plan.kernel, plan, tensors: backward ? [inCount, outCount, outCount, inCount] : [inCount, outCount] }];
    },
    tfjs: () => {
      const input = tfRandom(x, 1) as tf.Tensor4D;
      const window: [number, number] = [pool, pool];
      const strides: [number, number] = [stride, stride];
      if (!backward) return { run: () => tf.maxPool(input, window, strides, padding), dispose: () => input.dispose() };
      const output = tf.maxPool(input, window, strides, padding);
      const dy = tfRandom(g.outShape, 3);
      return {
        run: () => tf.engine().runKernel(tf.MaxPoolGrad, { dy, input, output }, { filterSize: window, strides, pad: padding } as never) as tf.Tensor,
        dispose: () => tf.dispose([input, output, dy]),
      };
    },
  });
}

function globalAvgPool(x: Shape, backward: boolean, quick: boolean, note: string): BenchCase {
  const g = globalPool2dGeometry(x);
  const inCount = sizeOf(x);
  const outCount = g.batch * g.channels;
  return kernelCase({
    name: `${backward ? 'global-avg-pool-backward' : 'global-avg-pool'}/${shapeTag(x)}/f32`,
    group: backward ? 'kernels backward' : 'kernels forward',
    unit: 'GB/s',
    work: backward ? elementwiseBytes(outCount, inCount) : elementwiseBytes(inCount, outCount),
    quick,
    wasm: !backward,
    notes: [note],
    ours: (gpu) => {
      const plan = backward ? planAvgPool2dBackward(g, gpu.caps) : planReduce('mean', x, [1, 2], gpu.caps);
      return [{ kernel: plan.kernel, plan, tensors: backward ? [outCount, inCount] : [inCount, outCount] }];
    },
    tfjs: () => {
      const input = tfRandom(x, 1) as tf.Tensor4D;
      if (!backward) return { run: () => tf.mean(input, [1, 2]), dispose: () => input.dispose() };
      const dy = tfRandom([g.batch, 1, 1, g.channels], 3);
      const window: [number, number] = [g.inH, g.inW];
      return {
        run: () => tf.engine().runKernel(tf.AvgPoolGrad, { dy, input }, { filterSize: window, strides: window, pad: 'valid' } as never) as tf.Tensor,
        dispose: () => tf.dispose([input, dy]),
      };
    },
  });
}

/** The pooling cases. */
export const cases: readonly BenchCase[] = [
  maxPool([8, 112, 112, 64], 3, 2, 'same', false, false, "ResNet-18 stem max pool 3×3/2 'same' (batch 8)"),
  maxPool([8, 112, 112, 64], 3, 2, 'same', true, false, 'ResNet-18 stem max pool gradient (batch 8)'),
  maxPool([64, 28, 28, 32], 2, 2, 'valid', false, true, 'MNIST CNN pool1 2×2 (batch 64)'),
  maxPool([64, 28, 28, 32], 2, 2, 'valid', true, true, 'MNIST CNN pool1 gradient (batch 64)'),
  globalAvgPool([8, 7, 7, 512], false, false, 'ResNet-18 avgpool (batch 8)'),
  globalAvgPool([8, 7, 7, 512], true, false, 'ResNet-18 avgpool gradient (batch 8)'),
  globalAvgPool([32, 8, 8, 64], false, false, 'ResNet-20 avgpool (batch 32)'),
  globalAvgPool([32, 8, 8, 64], true, true, 'ResNet-20 avgpool gradient (batch 32)'),
];
