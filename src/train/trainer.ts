import type { Gpu } from '../gpu/gpu.js';
import { ReadbackRing, type PendingRead } from '../gpu/readback.js';
import { aliasRoot } from '../graph/autodiff.js';
import { Executable, lowerGraph, planExecutable, Workspace, type ExecutablePlan } from '../graph/executable.js';
import type { Value } from '../graph/ir.js';
import { ParamStore } from '../graph/params.js';
import { kernelPipeline } from '../kernels/kernel.js';
import type { BufferRange } from '../kernels/launch.js';
import { optimizerStateSlots } from '../kernels/optimizer.js';
import { readStats, STATS_BYTES } from '../kernels/stats.js';
import { sameShape, sizeOf, type Shape } from '../kernels/shape.js';
import type { Model } from '../nn/sequential.js';
import { learningRateAt, type OptimizerConfig } from '../optim/optimizers.js';
import { groupSettings, type GroupSettings, type ParamGroup } from '../optim/param-groups.js';
import type { Dataset } from '../data/dataset.js';
import { permutation } from '../data/dataset.js';
import { NonFiniteLossError, ShapeError, ValueError } from '../errors.js';
import { traceModel, type TracedGraph } from './graphs.js';
import { uploadDataset, type GpuDataset } from './gpu-dataset.js';
import { StepBuilder } from './steps.js';
import type { AugmentOptions } from '../kernels/augment.js';

export interface CompileOptions {
  /** Shape of one sample, NHWC without the batch axis, e.g. `[28, 28, 1]`. */
  inputShape: Shape;
  batchSize: number;
  /** The loss; softmax cross-entropy over integer class labels. */
  loss?: 'softmaxCrossEntropy';
  optimizer: OptimizerConfig;
  /** Rescales all gradients so their global L2 norm is at most this (computed on the GPU). */
  clipGradNorm?: number;
  /** Clamps every gradient element to ±clipValue. */
  clipValue?: number;
  /** L1 penalty λ·Σ|p| on weights (not biases or normalization parameters unless a group says so). */
  l1?: number;
  /** Per-parameter optimizer settings (learning-rate multiplier, weight decay, L1), first match wins. */
  paramGroups?: readonly ParamGroup[];
  /** Seeds parameter initialisation and shuffling. */
  seed?: number;
  /** Random augmentation of each training batch on the GPU, after the gather (evaluation and predict see the data as is). */
  augment?: AugmentOptions;
}

/** Progress reported while fitting (read back asynchronously every few steps). */
export interface Progress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Mean loss and accuracy over the epoch so far. */
  loss: number;
  accuracy: number;
  imagesPerSecond: number;
}

export interface EpochLogs {
  epoch: number;
  loss: number;
  accuracy: number;
  seconds: number;
  valLoss?: number;
  valAccuracy?: number;
}

export interface FitOptions {
  epochs: number;
  validationData?: Dataset;
  shuffle?: boolean;
  onProgress?: (p: Progress) => void;
  onEpochEnd?: (logs: EpochLogs) => void;
  /** Read the running metrics back every this many steps (default: about 4 times per epoch). */
  progressEvery?: number;
}

interface Metrics { loss: number; accuracy: number; count: number }

/**
 * Compiles a model into recorded executables (training step, evaluation, inference) that share
 * one set of parameters and one activation workspace, then trains and evaluates it on the GPU.
 * All memory is allocated in `compile()`; a training step writes one small uniform, encodes
 * the recorded dispatches into one compute pass, and submits once.
 */
export class Trainer {
  private step = 0;
  private compiledModel: Model | null = null;
  private readonly trainExecs = new WeakMap<GpuDataset, Executable>();
  private readonly evalExecs = new WeakMap<GpuDataset, Executable>();
  private predictExec: Executable | null = null;

  private constructor(
    readonly gpu: Gpu,
    readonly options: Required<Pick<CompileOptions, 'batchSize' | 'seed'>> & CompileOptions,
    readonly params: ParamStore,
    private readonly traced: { train: TracedGraph; eval: TracedGraph; predict: TracedGraph },
    private readonly plans: { train: ExecutablePlan; eval: ExecutablePlan; predict: ExecutablePlan },
    readonly workspace: Workspace,
    private readonly builder: StepBuilder,
    private readonly stats: GPUBuffer,
    private readonly ring: ReadbackRing,
    private readonly outputRing: ReadbackRing,
  ) {}

  /** Traces, differentiates, plans memory, allocates everything and compiles every pipeline. */
  static async compile(gpu: Gpu, model: Model, options: CompileOptions): Promise<Trainer> {
    gpu.health.check();
    const batch = options.batchSize;
    if (!Number.isInteger(batch) || batch < 1) throw new ValueError('Trainer.compile', `batchSize must be a positive integer (got ${batch})`);
    if (options.clipGradNorm !== undefined && !(options.clipGradNorm > 0)) throw new ValueError('Trainer.compile', `clipGradNorm must be > 0 (got ${options.clipGradNorm})`);
    if (options.clipValue !== undefined && !(options.clipValue > 0)) throw new ValueError('Trainer.compile', `clipValue must be > 0 (got ${options.clipValue})`);
    const seed = options.seed ?? 42;
    const traced = {
      train: traceModel(model, 'train', batch, options.inputShape, seed),
      eval: traceModel(model, 'eval', batch, options.inputShape, seed),
      predict: traceModel(model, 'predict', batch, options.inputShape, seed),
    };
    const opt = options.optimizer;
    const slots = optimizerStateSlots(opt.kind, opt.momentum);
    const groups = options.paramGroups ?? [];
    const pageSettings = new Map<string, GroupSettings>();
    const params = ParamStore.create(gpu, 'model', traced.train.params, slots, (spec) => {
      const settings = groupSettings(spec.name, groups, { weightDecay: opt.weightDecay, l1: options.l1 ?? 0 });
      pageSettings.set(settings.key, settings);
      return settings.key;
    });
    const stats = gpu.pages.allocate('trainer.stats', STATS_BYTES);
    const steps = new StepBuilder(gpu, params, options, pageSettings, stats);

    const limits = { alignment: gpu.caps.limits.minStorageBufferOffsetAlignment, maxPageBytes: gpu.caps.limits.maxStorageBufferBindingSize };
    const pinned = (t: TracedGraph) => {
      const map = new Map<Value, BufferRange>();
      for (const v of t.graph.values) if (v.kind === 'param') map.set(v, params.range(v.name));
      for (const [p, g] of t.grads) map.set(aliasRoot(g), params.gradRange(p.name));
      return map;
    };
    // Plans do not depend on which data set is bound: they are made now, and re-bound per data set.
    const plans = {
      train: planExecutable('train', steps.train(traced.train, steps.unbound, 1), { ...limits, pinned: pinned(traced.train) }),
      eval: planExecutable('eval', steps.evaluate(traced.eval, steps.unbound, 1), { ...limits, pinned: pinned(traced.eval) }),
      predict: planExecutable('predict', lowerGraph(traced.predict.graph, gpu.caps), { ...limits, pinned: pinned(traced.predict), written: [traced.predict.x], read: [traced.predict.output] }),
    };
    const workspace = Workspace.allocate(gpu, 'model', Object.values(plans));
    // Compile every pipeline now, in parallel: the first step runs at steady-state speed.
    await Promise.all(Object.values(plans).flatMap((p) => p.steps.map((s) => kernelPipeline(gpu, s.kernel, s.plan.constants))));
    const outputBytes = sizeOf(traced.predict.output.shape) * 4;
    const full = { ...options, batchSize: batch, seed };
    const trainer = new Trainer(gpu, full, params, traced, plans, workspace, steps, stats,
      new ReadbackRing(gpu.device, 'trainer.stats', STATS_BYTES), new ReadbackRing(gpu.device, 'trainer.output', outputBytes));
    trainer.compiledModel = model;
    return trainer;
  }

  private checkData(data: Dataset, where: string): void {
    const sample = this.options.inputShape;
    if (!sameShape(data.sampleShape, sample)) {
      throw new ShapeError(where, `samples are [${data.sampleShape}] but the model was compiled for inputShape [${sample}]`);
    }
    const classes = this.traced.train.output.shape[1];
    if (data.classes > classes) throw new ValueError(where, `labels index ${data.classes} classes but the model outputs ${classes}`);
    if (data.count === 0) throw new ValueError(where, 'the data set is empty');
  }

  private async executable(kind: 'train' | 'eval', data: Dataset): Promise<{ exec: Executable; ds: GpuDataset }> {
    const ds = uploadDataset(this.gpu, data, kind === 'train' ? 'data.train' : 'data.eval');
    const cache = kind === 'train' ? this.trainExecs : this.evalExecs;
    let exec = cache.get(ds);
    if (!exec) {
      const whole = (b: GPUBuffer) => ({ buffer: b, offset: 0, size: b.size });
      const bound = { x: whole(ds.x), y: whole(ds.y), order: whole(kind === 'train' ? ds.shuffled : ds.ordered) };
      const steps = kind === 'train'
        ? this.builder.train(this.traced.train, bound, data.count)
        : this.builder.evaluate(this.traced.eval, bound, data.count);
      exec = await Executable.build(this.gpu, { ...this.plans[kind], steps }, this.workspace);
      cache.set(ds, exec);
    }
    return { exec, ds };
  }

  private resetStats(): void {
    this.gpu.device.queue.writeBuffer(this.stats, 0, new Uint32Array(STATS_BYTES / 4));
  }

  private readMetrics(bytes: ArrayBuffer): Metrics & { firstBad: number } {
    const s = readStats(bytes);
    return { loss: s.count ? s.lossSum / s.count : 0, accuracy: s.count ? s.correct / s.count : 0, count: s.count, firstBad: s.firstBad };
  }

  /**
   * Trains for `epochs` epochs over `data` in shuffled batches (the last partial batch of each
   * epoch is dropped: the step is compiled for a fixed batch). Metrics are accumulated on the GPU
   * and read back a few times per epoch without waiting on each step.
   *
   * @throws {NonFiniteLossError} when the loss or a gradient turns non-finite (that update is skipped).
   */
  async fit(data: Dataset, options: FitOptions): Promise<EpochLogs[]> {
    this.checkData(data, 'fit');
    if (options.validationData) this.checkData(options.validationData, 'fit (validationData)');
    if (!Number.isInteger(options.epochs) || options.epochs < 1) throw new ValueError('fit', `epochs must be a positive integer (got ${options.epochs})`);
    const batch = this.options.batchSize;
    const batches = Math.floor(data.count / batch);
    if (batches === 0) throw new ValueError('fit', `the data set has ${data.count} samples, fewer than one batch of ${batch}`);
    const { exec, ds } = await this.executable('train', data);
    const every = Math.max(1, options.progressEvery ?? Math.ceil(batches / 4));
    const history: EpochLogs[] = [];
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const started = performance.now();
      if (options.shuffle ?? true) this.gpu.write(ds.shuffled, 0, permutation(data.count, this.options.seed + 7919 * (this.step + 1)));
      this.resetStats();
      let pending: { read: PendingRead; batch: number } | null = null;
      const report = async (p: { read: PendingRead; batch: number }) => {
        const m = this.readMetrics(await p.read.read());
        if (m.firstBad) throw new NonFiniteLossError(m.firstBad - 1);
        const seconds = (performance.now() - started) / 1000;
        options.onProgress?.({ epoch: epoch + 1, epochs: options.epochs, batch: p.batch, batches, loss: m.loss, accuracy: m.accuracy, imagesPerSecond: (p.batch * batch) / seconds });
      };
      for (let b = 0; b < batches; b++) {
        const lr = learningRateAt(this.options.optimizer.lr, this.step);
        const last = b === batches - 1;
        let read: PendingRead | null = null;
        exec.run({ index: this.step, batchStart: b * batch, validRows: batch, seed: this.options.seed, lr, lrScale: 1 }, {
          after: (e) => { if (last || (b + 1) % every === 0) read = this.ring.copy(e, this.stats, 0, STATS_BYTES); },
        });
        this.step++;
        if (read && !last) {
          // Wait for the previous report only: the GPU keeps a window of steps queued.
          if (pending) await report(pending);
          pending = { read, batch: b + 1 };
        } else if (read) {
          if (pending) await report(pending);
          pending = null;
          const m = this.readMetrics(await (read as PendingRead).read());
          if (m.firstBad) throw new NonFiniteLossError(m.firstBad - 1);
          const logs: EpochLogs = { epoch: epoch + 1, loss: m.loss, accuracy: m.accuracy, seconds: (performance.now() - started) / 1000 };
          options.onProgress?.({ epoch: epoch + 1, epochs: options.epochs, batch: batches, batches, loss: m.loss, accuracy: m.accuracy, imagesPerSecond: (batches * batch) / logs.seconds });
          if (options.validationData) {
            const v = await this.evaluate(options.validationData);
            logs.valLoss = v.loss;
            logs.valAccuracy = v.accuracy;
          }
          history.push(logs);
          options.onEpochEnd?.(logs);
        }
      }
    }
    return history;
  }

  /** Mean loss and accuracy over every sample of `data` (inference behaviour of every layer). */
  async evaluate(data: Dataset): Promise<{ loss: number; accuracy: number }> {
    this.checkData(data, 'evaluate');
    const { exec } = await this.executable('eval', data);
    const batch = this.options.batchSize;
    const batches = Math.ceil(data.count / batch);
    this.resetStats();
    let read: PendingRead | null = null;
    for (let b = 0; b < batches; b++) {
      const validRows = Math.min(batch, data.count - b * batch);
      exec.run({ index: this.step, batchStart: b * batch, validRows, seed: this.options.seed, lr: 0, lrScale: 1 }, {
        after: (e) => { if (b === batches - 1) read = this.ring.copy(e, this.stats, 0, STATS_BYTES); },
      });
    }
    const m = this.readMetrics(await (read as unknown as PendingRead).read());
    return { loss: m.loss, accuracy: m.accuracy };
  }

  /** The model's outputs for `count` samples packed in `x` (NHWC), in inference mode. */
  async predict(x: Float32Array, count = x.length / sizeOf(this.options.inputShape)): Promise<Float32Array> {
    const per = sizeOf(this.options.inputShape);
    if (!Number.isInteger(count) || count < 1 || x.length !== count * per) {
      throw new ShapeError('predict', `x has ${x.length} values, expected a positive whole number of samples of [${this.options.inputShape}] (${per} values each)`);
    }
    this.predictExec ??= await Executable.build(this.gpu, this.plans.predict, this.workspace);
    const exec = this.predictExec;
    const batch = this.options.batchSize;
    const t = this.traced.predict;
    const outPer = sizeOf(t.output.shape.slice(1));
    const out = new Float32Array(count * outPer);
    const inRange = exec.rangeOf(t.x);
    const outRange = exec.rangeOf(t.output);
    for (let start = 0; start < count; start += batch) {
      const rows = Math.min(batch, count - start);
      const chunk = new Float32Array(batch * per);
      chunk.set(x.subarray(start * per, (start + rows) * per));
      this.gpu.write(inRange.buffer, inRange.offset, chunk);
      let read: PendingRead | null = null;
      exec.run({ index: this.step, batchStart: 0, validRows: rows, seed: this.options.seed, lr: 0, lrScale: 1 }, {
        after: (e) => { read = this.outputRing.copy(e, outRange.buffer, outRange.offset, outRange.size); },
      });
      const values = new Float32Array(await (read as unknown as PendingRead).read());
      out.set(values.subarray(0, rows * outPer), start * outPer);
    }
    return out;
  }

  /** Current values of a parameter (`dense.kernel`, ...). */
  readParam(name: string): Promise<Float32Array> {
    return this.params.read(name);
  }

  /** Bytes the model holds on the GPU, and what one buffer per activation would have cost. */
  memory(): { parameters: number; workspace: number; unplannedActivations: number } {
    return {
      parameters: this.params.bytes,
      workspace: this.workspace.bytes,
      unplannedActivations: Math.max(...Object.values(this.plans).map((p) => p.memory.naiveBytes)),
    };
  }

  /** Number of optimizer steps taken. */
  get steps(): number {
    return this.step;
  }

  /** The model this trainer was compiled from (its layers' kinds, names and configs go into checkpoints). */
  get model(): Model {
    return this.compiledModel!;
  }

  /**
   * Continues from a checkpoint: sets the step count (Adam's bias correction, the learning-rate
   * schedule and the shuffling order all continue from it) and the seed (shuffling, dropout).
   */
  restoreProgress(step: number, seed: number): void {
    if (!Number.isSafeInteger(step) || step < 0) throw new ValueError('restoreProgress', `step must be a non-negative integer (got ${step})`);
    if (!Number.isInteger(seed)) throw new ValueError('restoreProgress', `seed must be an integer (got ${seed})`);
    this.step = step;
    this.options.seed = seed;
  }

  /** Number of dispatches in one training step. */
  get dispatchesPerStep(): number {
    return this.plans.train.steps.length;
  }
}


