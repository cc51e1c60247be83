// Model benchmarks: a whole training step (forward, backward, Adam) and batched inference, through
// shadernet's Trainer against the same model in TF.js (tf.layers + optimizer.minimize) on its
// WebGPU backend (same device) and its WASM backend. Add a model by adding a ModelSpec to MODELS.
// Models: the MNIST MLP and CNN (quick), ResNet-20 on CIFAR-10 (training, with the memory
// comparison), MobileNetV2 (training at 128×128, inference at 224×224, WASM too) and ResNet-18
// (inference at 224×224); the large ones run in the full run only, with few steps.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { models, nn, optim, Trainer } from '../src/index.js';
import { fromArrays, type Dataset } from '../src/data/dataset.js';
import type { Model } from '../src/nn/sequential.js';
import type { Gpu } from '../src/gpu/gpu.js';
import { benchWait, errorText, sideResult, withTfBackend, type BenchCase, type BenchContext, type CaseResult, type Side, type SideResult } from './harness.js';
import { randomValues } from './kernel-case.js';
import { tfMobilenetV2, tfResnet18, tfResnet20 } from './tfjs-models.js';

type Mode = 'train' | 'infer';

/** A model benchmarked in both libraries: the same layers, initialisers aside. */
export interface ModelSpec {
  /** Kebab-case model name and input: `mlp-mnist`, `cnn-mnist`, `resnet20-cifar10`, `mobilenetv2-224`. */
  readonly name: string;
  readonly inputShape: readonly number[];
  readonly classes: number;
  readonly batch: number;
  /** What is measured (default both). */
  readonly modes?: readonly Mode[];
  readonly quick?: boolean;
  /** Time TF.js's WASM backend too (small models only: it runs on the CPU cores the adapter uses); `'infer'`: inference only. */
  readonly wasm?: boolean | 'infer';
  /** Steps (batches) per timed round, quick and full (default 16 and 50). */
  readonly steps?: { readonly quick: number; readonly full: number };
  /** Timed rounds, quick and full (default 3 and 5). */
  readonly rounds?: { readonly quick: number; readonly full: number };
  readonly ours: () => Model;
  /** The same model in tf.layers; may throw (the case then records TF.js's error and goes on). */
  readonly tfjs: () => tfl.LayersModel;
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


// ---- the models ---------------------------------------------------------------------------------

const CNN_MNIST: ModelSpec = {
  name: 'cnn-mnist',
  inputShape: [28, 28, 1],
  classes: 10,
  batch: 64,
  quick: true,
  wasm: 'infer',
  steps: { quick: 4, full: 16 },
  rounds: { quick: 2, full: 3 },
  note: 'models.mnistCnn(): conv 32 → BN → relu → pool, 2 × (separable conv 64/128 → BN → relu → pool), dropout, dense 64, dropout, dense 10; Adam(1e-3)',
  ours: () => models.mnistCnn(),
  tfjs: () => tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, padding: 'same', useBias: false }),
      tfl.layers.batchNormalization(), tfl.layers.activation({ activation: 'relu' }), tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.separableConv2d({ filters: 64, kernelSize: 3, padding: 'same', useBias: false }),
      tfl.layers.batchNormalization(), tfl.layers.activation({ activation: 'relu' }), tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.separableConv2d({ filters: 128, kernelSize: 3, padding: 'same', useBias: false }),
      tfl.layers.batchNormalization(), tfl.layers.activation({ activation: 'relu' }), tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(), tfl.layers.dropout({ rate: 0.25 }),
      tfl.layers.dense({ units: 64, activation: 'relu' }), tfl.layers.dropout({ rate: 0.25 }),
      tfl.layers.dense({ units: 10 }),
    ],
  }),
};

const RESNET20: ModelSpec = {
  name: 'resnet20-cifar10',
  inputShape: [32, 32, 3],
  classes: 10,
  batch: 32,
  steps: { quick: 2, full: 3 },
  rounds: { quick: 2, full: 2 },
  note: 'models.resnet20(): 3 stages × 3 basic blocks (16/32/64 filters, 1×1 projection shortcuts), 0.27M parameters, ~82 MFLOPs forward per image; Adam(1e-3)',
  ours: () => models.resnet20(),
  tfjs: () => tfResnet20([32, 32, 3], 10),
};

const MOBILENETV2_128: ModelSpec = {
  name: 'mobilenetv2-128',
  inputShape: [128, 128, 3],
  classes: 1000,
  batch: 8,
  modes: ['train'],
  steps: { quick: 2, full: 4 },
  rounds: { quick: 2, full: 2 },
  note: 'models.mobilenetV2({ alpha: 1, inputShape: [128, 128, 3] }), 1000 classes, 3.5M parameters, ~0.2 GFLOPs forward per image; Adam(1e-3)',
  ours: () => models.mobilenetV2({ alpha: 1, inputShape: [128, 128, 3] }),
  tfjs: () => tfMobilenetV2([128, 128, 3], 1000),
};

const mobilenetV2Infer = (batch: number): ModelSpec => ({
  name: 'mobilenetv2-224',
  inputShape: [224, 224, 3],
  classes: 1000,
  batch,
  modes: ['infer'],
  wasm: 'infer',
  steps: { quick: 2, full: batch === 1 ? 6 : 2 },
  rounds: { quick: 2, full: 2 },
  note: 'models.mobilenetV2() at 224×224×3, 1000 classes, ~0.6 GFLOPs per image',
  ours: () => models.mobilenetV2({ alpha: 1, inputShape: [224, 224, 3] }),
  tfjs: () => tfMobilenetV2([224, 224, 3], 1000),
});

const resnet18Infer = (batch: number): ModelSpec => ({
  name: 'resnet18-224',
  inputShape: [224, 224, 3],
  classes: 1000,
  batch,
  modes: ['infer'],
  steps: { quick: 2, full: batch === 1 ? 4 : 2 },
  rounds: { quick: 2, full: 2 },
  note: 'models.resnet18() at 224×224×3, 1000 classes, 11.7M parameters, ~1.8 GMACs (3.6 GFLOPs) per image',
  ours: () => models.resnet18({ inputShape: [224, 224, 3] }),
  tfjs: () => tfResnet18([224, 224, 3], 1000),
});

/** The models benchmarked. */
export const MODELS: readonly ModelSpec[] = [
  MLP_MNIST, CNN_MNIST, RESNET20, MOBILENETV2_128,
  mobilenetV2Infer(1), mobilenetV2Infer(8), resnet18Infer(1), resnet18Infer(8),
];

// ---- timing -------------------------------------------------------------------------------------

/** Steps per timed round (one epoch over a synthetic set of `batch × steps` samples). */
function stepsPerRound(spec: ModelSpec, ctx: BenchContext): number {
  const s = spec.steps ?? { quick: 16, full: 50 };
  return ctx.quick ? s.quick : s.full;
}

function rounds(spec: ModelSpec, ctx: BenchContext): number {
  const r = spec.rounds ?? { quick: 3, full: 5 };
  return ctx.quick ? r.quick : r.full;
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
  const steps = stepsPerRound(spec, ctx);
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
  for (let r = 0; r < rounds(spec, ctx); r++) {
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

/** shadernet inference: compile + the first batch (cold), then `predict` over `steps` batches, each read back (as a caller would). */
async function oursInfer(gpu: Gpu, spec: ModelSpec, ctx: BenchContext): Promise<SideResult> {
  const steps = stepsPerRound(spec, ctx);
  const x = randomValues(spec.batch * steps * sampleCount(spec), 5);
  const started = performance.now();
  const trainer = await Trainer.compile(gpu, spec.ours(), compileOptions(spec));
  const compileMs = performance.now() - started;
  await trainer.predict(x.subarray(0, spec.batch * sampleCount(spec)));
  const coldMs = performance.now() - started;
  const times: number[] = [];
  for (let r = 0; r < rounds(spec, ctx); r++) {
    const t0 = performance.now();
    await trainer.predict(x);
    times.push((performance.now() - t0) / steps);
  }
  return sideResult(times, 'wall-readback', spec.batch, 'images/s', { extra: { coldStartMs: coldMs, compileMs, firstBatchMs: coldMs - compileMs, stepsPerRound: steps } });
}

interface TfBatches { xs: tf.Tensor[]; ys: tf.Tensor[]; bytes: number; dispose(): void }

function tfBatches(spec: ModelSpec, steps: number): TfBatches {
  const xs: tf.Tensor[] = [];
  const ys: tf.Tensor[] = [];
  for (let i = 0; i < steps; i++) {
    xs.push(tf.tensor(randomValues(spec.batch * sampleCount(spec), 100 + i), [spec.batch, ...spec.inputShape]));
    ys.push(tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Array.from({ length: spec.batch }, (_, j) => (j * 31 + i) % spec.classes), 'int32'), spec.classes), 'float32')));
  }
  const bytes = 4 * steps * spec.batch * (sampleCount(spec) + spec.classes);
  return { xs, ys, bytes, dispose: () => tf.dispose([...xs, ...ys]) };
}

/**
 * TF.js training on the active backend: a hand-written step (optimizer.minimize over the layers
 * model's trainable variables; tf.LayersModel.fit would add a per-batch sync for its logs). The
 * round ends by reading the last loss back, as shadernet's fit ends by reading its metrics.
 */
async function tfjsTrain(spec: ModelSpec, ctx: BenchContext, cpu: boolean): Promise<SideResult> {
  const steps = stepsPerRound(spec, ctx);
  const started = performance.now();
  const model = spec.tfjs();
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const data = tfBatches(spec, steps);
  const step = (i: number, returnCost: boolean) => optimizer.minimize(() => tf.losses.softmaxCrossEntropy(data.ys[i], model.apply(data.xs[i], { training: true }) as tf.Tensor) as tf.Scalar, returnCost, vars);
  const round = async () => {
    for (let i = 0; i < steps - 1; i++) step(i, false);
    const cost = step(steps - 1, true)!;
    await benchWait(cost.data());
    cost.dispose();
  };
  try {
    const cost = step(0, true)!;
    await benchWait(cost.data());
    cost.dispose();
    const coldMs = performance.now() - started;
    await round();
    const times: number[] = [];
    for (let r = 0; r < rounds(spec, ctx); r++) {
      const t0 = performance.now();
      await round();
      times.push((performance.now() - t0) / steps);
    }
    const live = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number; numBytesInGPUAllocated?: number; numBytesAllocatedInGPU?: number };
    const profile = await benchWait(tf.profile(() => { step(0, false); }));
    return sideResult(times, cpu ? 'wall-cpu' : 'wall-readback', spec.batch, 'images/s', {
      extra: {
        coldStartMs: coldMs, stepsPerRound: steps, tensorBytes: live.numBytes, peakStepBytes: profile.peakBytes, dataBytes: data.bytes,
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
 * than `apply`, so `apply` is the fairer floor.) Cold start: model build + the first batch read back.
 */
async function tfjsInfer(spec: ModelSpec, ctx: BenchContext, cpu: boolean): Promise<SideResult> {
  const steps = stepsPerRound(spec, ctx);
  const started = performance.now();
  const model = spec.tfjs();
  const data = tfBatches(spec, steps);
  const batch = async (i: number) => {
    const y = model.apply(data.xs[i], { training: false }) as tf.Tensor;
    await benchWait(y.data());
    y.dispose();
  };
  const pass = async () => {
    for (let i = 0; i < steps; i++) await batch(i);
  };
  try {
    await batch(0);
    const coldMs = performance.now() - started;
    await pass();
    const times: number[] = [];
    for (let r = 0; r < rounds(spec, ctx); r++) {
      const t0 = performance.now();
      await pass();
      times.push((performance.now() - t0) / steps);
    }
    return sideResult(times, cpu ? 'wall-cpu' : 'wall-readback', spec.batch, 'images/s', { extra: { coldStartMs: coldMs, stepsPerRound: steps } });
  } finally {
    model.dispose();
    data.dispose();
  }
}

const MIB = 1024 * 1024;

/**
 * Training memory, shadernet against TF.js WebGPU: ours is Trainer.memory() (parameters,
 * gradients and Adam state, plus the planned activation workspace; the data set excluded), TF.js's
 * the peak tensor bytes during one step (tf.profile: weights, Adam state, activations, gradients)
 * less the data batches it holds.
 */
function memoryNote(ours: SideResult | undefined, theirs: SideResult | undefined): string | null {
  const n = (s: SideResult | undefined, k: string) => (typeof s?.extra?.[k] === 'number' ? (s.extra[k] as number) : NaN);
  const mine = n(ours, 'parameterBytes') + n(ours, 'workspaceBytes');
  const tfPeak = n(theirs, 'peakStepBytes') - n(theirs, 'dataBytes');
  if (!(mine > 0) || !(tfPeak > 0)) return null;
  return `training memory: shadernet ${(mine / MIB).toFixed(1)} MiB (Trainer.memory(): parameters+gradients+Adam ${(n(ours, 'parameterBytes') / MIB).toFixed(1)}, activation workspace ${(n(ours, 'workspaceBytes') / MIB).toFixed(1)}) vs TF.js WebGPU peak ${(tfPeak / MIB).toFixed(1)} MiB in one step (tf.profile peakBytes less its data batches): ${(mine / tfPeak).toFixed(2)}× TF.js's${n(theirs, 'numBytesAllocatedInGPU') > 0 ? `; TF.js's buffer pool holds ${(n(theirs, 'numBytesAllocatedInGPU') / MIB).toFixed(1)} MiB afterwards (numBytesAllocatedInGPU)` : ''}`;
}

function modelCase(spec: ModelSpec, mode: Mode): BenchCase {
  const name = `models/${spec.name}/${mode}-b${spec.batch}/f32`;
  const wasm = spec.wasm === true || (spec.wasm === 'infer' && mode === 'infer');
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
      if (tfjs.wasm && ctx.wasm && wasm) {
        await attempt('tfjsWasm', () => withTfBackend('wasm', () => (mode === 'train' ? tfjsTrain(spec, ctx, true) : tfjsInfer(spec, ctx, true))));
      }
      const memory = mode === 'train' ? memoryNote(sides.ours, sides.tfjsWebgpu) : null;
      return {
        name, group: 'models', unit: 'images/s', work: spec.batch, ...sides,
        ...(Object.keys(errors).length ? { errors } : {}),
        notes: [spec.note, mode === 'train'
          ? `step time = wall time of ${stepsPerRound(spec, ctx)} steps ended by one small readback, median of ${rounds(spec, ctx)} rounds; cold start = build/compile + the first step`
          : `per batch: run the model (shadernet Trainer.predict, TF.js model.apply) and read the logits back; ${stepsPerRound(spec, ctx)} batches per round, median of ${rounds(spec, ctx)} rounds; cold start = build/compile + the first batch`,
        ...(memory ? [memory] : [])],
      };
    },
  };
}

/** The model cases: training step and inference for each model (or the modes it names). */
export const cases: readonly BenchCase[] = MODELS.flatMap((m) => (m.modes ?? ['train', 'infer']).map((mode) => modelCase(m, mode)));
