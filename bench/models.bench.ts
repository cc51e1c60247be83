// Model benchmarks: a whole training step (forward, backward, Adam) and batched inference, through
// shadernet's Trainer against the same model in TF.js (tf.layers + optimizer.minimize) on its
// WebGPU backend (same device) and its WASM backend. Add a model by adding a ModelSpec to MODELS.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { nn, optim, Trainer } from '../src/index.js';
import { fromArrays, type Dataset } from '../src/data/dataset.js';
import type { Model } from '../src/nn/sequential.js';
import type { Gpu } from '../src/gpu/gpu.js';
import { errorText, sideResult, withTfBackend, type BenchCase, type BenchContext, type CaseResult, type Side, type SideResult } from './harness.js';
import { randomValues } from './kernel-case.js';

/** A model benchmarked in both libraries: the same layers, initialisers aside. */
export interface ModelSpec {
  /** Kebab-case model name: `mlp-mnist`, later `cnn-mnist`, `resnet20-cifar10`, `mobilenetv2`. */
  readonly name: string;
  readonly inputShape: readonly number[];
  readonly classes: number;
  readonly batch: number;
  readonly quick?: boolean;
  /** Time TF.js's WASM backend too (small models only: it runs on the CPU cores the adapter uses). */
  readonly wasm?: boolean;
  readonly ours: () => Model;
  readonly tfjs: () => tfl.Sequential;
  readonly note: string;
}

const MLP_MNIST: ModelSpec = {
  name: 'mlp-mnist',
  inputShape: [28, 28, 1],
  classes: 10,
  batch: 64,
  quick: true,
  wasm: true,
  note: 'flatten → dense 256 relu → dense 128 relu → dense 10, softmax cross-entropy, Adam(1e-3)',
  ours: () => nn.sequential([
    nn.flatten(),
    nn.dense({ units: 256, activation: 'relu' }),
    nn.dense({ units: 128, activation: 'relu' }),
    nn.dense({ units: 10 }),
  ]),
  tfjs: () => tfl.sequential({
    layers: [
      tfl.layers.flatten({ inputShape: [28, 28, 1] }),
      tfl.layers.dense({ units: 256, activation: 'relu' }),
      tfl.layers.dense({ units: 128, activation: 'relu' }),
      tfl.layers.dense({ units: 10 }),
    ],
  }),
};

/** The models benchmarked. Conv models (MNIST CNN, ResNet-20, MobileNetV2) join when their layers exist. */
export const MODELS: readonly ModelSpec[] = [MLP_MNIST];

/** Steps per timed round (one epoch over a synthetic set of `batch × steps` samples). */
function stepsPerRound(ctx: BenchContext): number {
  return ctx.quick ? 16 : 50;
}

function rounds(ctx: BenchContext): number {
  return ctx.quick ? 3 : 5;
}

function sampleCount(spec: ModelSpec): number {
  return spec.inputShape.reduce((a, b) => a * b, 1);
}

/** A synthetic data set of `batches` full batches: inputs in [-1, 1), labels uniform over the classes. */
function syntheticData(spec: ModelSpec, batches: number): Dataset {
  const count = spec.batch * batches;
  const y = new Uint32Array(count).map((_, i) => (i * 7919 + 13) % spec.classes);
  return fromArrays(randomValues(count * sampleCount(spec), 11), y, spec.inputShape, spec.classes);
}

function compileOptions(spec: ModelSpec) {
  return { inputShape: spec.inputShape, batchSize: spec.batch, optimizer: optim.adam({ lr: 1e-3 }), seed: 7 };
}

/** shadernet: compile + first step (cold), then rounds of `fit` over one epoch each (steady). */
async function oursTrain(gpu: Gpu, spec: ModelSpec, ctx: BenchContext): Promise<SideResult> {
  const steps = stepsPerRound(ctx);
  const data = syntheticData(spec, steps);
  const first = syntheticData(spec, 1);
  const pagesBefore = gpu.pages.bytes;
  const started = performance.now();
  const trainer = await Trainer.compile(gpu, spec.ours(), compileOptions(spec));
  const compileMs = performance.now() - started;
  await trainer.fit(first, { epochs: 1, shuffle: false });
  const coldMs = performance.now() - started;
  const fitOptions = { epochs: 1, progressEvery: steps };
  await trainer.fit(data, fitOptions); // builds this data set's executable, uploads it
  const times: number[] = [];
  for (let r = 0; r < rounds(ctx); r++) {
    const t0 = performance.now();
    await trainer.fit(data, fitOptions);
    times.push((performance.now() - t0) / steps);
  }
  const memory = trainer.memory();
  return sideResult(times, 'wall-readback', spec.batch, 'images/s', {
    extra: {
      coldStartMs: coldMs, compileMs, firstStepMs: coldMs - compileMs, stepsPerRound: steps,
      dispatchesPerStep: trainer.dispatchesPerStep,
      parameterBytes: memory.parameters, workspaceBytes: memory.workspace, unplannedActivationBytes: memory.unplannedActivations,
      gpuPagesBytes: gpu.pages.bytes - pagesBefore,
    },
  });
}

/** shadernet inference: `predict` over `steps` batches, each read back (as a caller would). */
async function oursInfer(gpu: Gpu, spec: ModelSpec, ctx: BenchContext): Promise<SideResult> {
  const steps = stepsPerRound(ctx);
  const x = randomValues(spec.batch * steps * sampleCount(spec), 5);
  const trainer = await Trainer.compile(gpu, spec.ours(), compileOptions(spec));
  await trainer.predict(x.subarray(0, spec.batch * sampleCount(spec)));
  const times: number[] = [];
  for (let r = 0; r < rounds(ctx); r++) {
    const t0 = performance.now();
    await trainer.predict(x);
    times.push((performance.now() - t0) / steps);
  }
  return sideResult(times, 'wall-readback', spec.batch, 'images/s');
}

interface TfBatches { xs: tf.Tensor[]; ys: tf.Tensor[]; dispose(): void }

function tfBatches(spec: ModelSpec, steps: number): TfBatches {
  const xs: tf.Tensor[] = [];
  const ys: tf.Tensor[] = [];
  for (let i = 0; i < steps; i++) {
    xs.push(tf.tensor(randomValues(spec.batch * sampleCount(spec), 100 + i), [spec.batch, ...spec.inputShape]));
    ys.push(tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Array.from({ length: spec.batch }, (_, j) => (j * 31 + i) % spec.classes), 'int32'), spec.classes), 'float32')));
  }
  return { xs, ys, dispose: () => tf.dispose([...xs, ...ys]) };
}

/**
 * TF.js training on the active backend: a hand-written step (optimizer.minimize over the layers
 * model's trainable variables; tf.LayersModel.fit would add a per-batch sync for its logs). The
 * round ends by reading the last loss back, as shadernet's fit ends by reading its metrics.
 */
async function tfjsTrain(spec: ModelSpec, ctx: BenchContext, cpu: boolean): Promise<SideResult> {
  const steps = stepsPerRound(ctx);
  const started = performance.now();
  const model = spec.tfjs();
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const data = tfBatches(spec, steps);
  const step = (i: number, returnCost: boolean) => optimizer.minimize(() => tf.losses.softmaxCrossEntropy(data.ys[i], model.apply(data.xs[i], { training: true }) as tf.Tensor) as tf.Scalar, returnCost, vars);
  const round = async () => {
    for (let i = 0; i < steps - 1; i++) step(i, false);
    const cost = step(steps - 1, true)!;
    await cost.data();
    cost.dispose();
  };
  try {
    const cost = step(0, true)!;
    await cost.data();
    cost.dispose();
    const coldMs = performance.now() - started;
    await round();
    const times: number[] = [];
    for (let r = 0; r < rounds(ctx); r++) {
      const t0 = performance.now();
      await round();
      times.push((performance.now() - t0) / steps);
    }
    const live = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number; numBytesInGPUAllocated?: number; numBytesAllocatedInGPU?: number };
    const profile = await tf.profile(() => { step(0, false); });
    return sideResult(times, cpu ? 'wall-cpu' : 'wall-readback', spec.batch, 'images/s', {
      extra: {
        coldStartMs: coldMs, stepsPerRound: steps, tensorBytes: live.numBytes, peakStepBytes: profile.peakBytes,
        ...(cpu ? {} : { numBytesInGPU: live.numBytesInGPU ?? NaN, numBytesAllocatedInGPU: live.numBytesAllocatedInGPU ?? live.numBytesInGPUAllocated ?? NaN }),
      },
    });
  } finally {
    model.dispose();
    optimizer.dispose();
    data.dispose();
  }
}

/**
 * TF.js inference on the active backend: `model.apply` per batch, each read back. (`predict`
 * goes through tfjs-layers' batching and input checks; measured here it was several times slower
 * than `apply`, so `apply` is the fairer floor.)
 */
async function tfjsInfer(spec: ModelSpec, ctx: BenchContext, cpu: boolean): Promise<SideResult> {
  const steps = stepsPerRound(ctx);
  const model = spec.tfjs();
  const data = tfBatches(spec, steps);
  const pass = async () => {
    for (let i = 0; i < steps; i++) {
      const y = model.apply(data.xs[i], { training: false }) as tf.Tensor;
      await y.data();
      y.dispose();
    }
  };
  try {
    await pass();
    const times: number[] = [];
    for (let r = 0; r < rounds(ctx); r++) {
      const t0 = performance.now();
      await pass();
      times.push((performance.now() - t0) / steps);
    }
    return sideResult(times, cpu ? 'wall-cpu' : 'wall-readback', spec.batch, 'images/s');
  } finally {
    model.dispose();
    data.dispose();
  }
}

function modelCase(spec: ModelSpec, mode: 'train' | 'infer'): BenchCase {
  const name = `models/${spec.name}/${mode}-b${spec.batch}/f32`;
  return {
    name,
    group: 'models',
    quick: spec.quick,
    async run(ctx): Promise<CaseResult> {
      const { gpu, tfjs } = ctx.devices;
      const errors: Partial<Record<Side, string>> = {};
      const sides: Partial<Record<Side, SideResult>> = {};
      const attempt = async (side: Side, body: () => Promise<SideResult>) => {
        try {
          sides[side] = await body();
        } catch (e) {
          errors[side] = errorText(e);
        }
      };
      await attempt('ours', () => (mode === 'train' ? oursTrain(gpu, spec, ctx) : oursInfer(gpu, spec, ctx)));
      if (tfjs.webgpu) {
        await attempt('tfjsWebgpu', () => withTfBackend('webgpu', () => (mode === 'train' ? tfjsTrain(spec, ctx, false) : tfjsInfer(spec, ctx, false))));
      }
      if (tfjs.wasm && ctx.wasm && spec.wasm) {
        await attempt('tfjsWasm', () => withTfBackend('wasm', () => (mode === 'train' ? tfjsTrain(spec, ctx, true) : tfjsInfer(spec, ctx, true))));
      }
      return {
        name, group: 'models', unit: 'images/s', work: spec.batch, ...sides,
        ...(Object.keys(errors).length ? { errors } : {}),
        notes: [spec.note, mode === 'train'
          ? `step time = wall time of ${stepsPerRound(ctx)} steps ended by one small readback, median of ${rounds(ctx)} rounds`
          : 'per batch: run the model (shadernet Trainer.predict, TF.js model.apply) and read the logits back'],
      };
    },
  };
}

/** The model cases: training step and inference for each model. */
export const cases: readonly BenchCase[] = MODELS.flatMap((m) => [modelCase(m, 'train'), modelCase(m, 'infer')]);
