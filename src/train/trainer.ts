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
import { sameShape, sizeOf } from '../kernels/shape.js';
import type { Model } from '../nn/sequential.js';
import { learningRateAt } from '../optim/optimizers.js';
import { groupSettings, type GroupSettings } from '../optim/param-groups.js';
import type { Dataset } from '../data/dataset.js';
import { permutation } from '../data/dataset.js';
import { NonFiniteLossError, ShapeError, ValueError } from '../errors.js';
import { traceModel, type TracedGraph } from './graphs.js';
import { fitsOnGpu, hostBatch, uploadDataset, type GpuDataset } from './gpu-dataset.js';
import { StepBuilder } from './steps.js';
import type { Callback } from './callbacks.js';
import type { StepValues } from '../kernels/step.js';

import type { CompileOptions, EpochLogs, Evaluation, FitOptions, Progress } from './options.js';

export type { CompileOptions, EpochLogs, Evaluation, FitOptions, Progress };

interface Metrics extends Evaluation { count: number; firstBad: number }

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
  private readonly streamed: { trainStreamed?: Executable; evalStreamed?: Executable } = {};

  private constructor(
    readonly gpu: Gpu,
    readonly options: Required<Pick<CompileOptions, 'batchSize' | 'seed'>> & CompileOptions,
    readonly params: ParamStore,
    private readonly traced: { train: TracedGraph; eval: TracedGraph; predict: TracedGraph },
    private readonly plans: Record<'train' | 'eval' | 'predict' | 'trainStreamed' | 'evalStreamed', ExecutablePlan>,
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
      // Data sets larger than a binding are streamed: the batch is written before each step.
      trainStreamed: planExecutable('train.streamed', steps.trainStreamed(traced.train), { ...limits, pinned: pinned(traced.train), written: [steps.streamInput(traced.train), traced.train.labels!] }),
      evalStreamed: planExecutable('eval.streamed', steps.evaluateStreamed(traced.eval), { ...limits, pinned: pinned(traced.eval), written: [traced.eval.x, traced.eval.labels!] }),
      predict: planExecutable('predict', lowerGraph(traced.predict.graph, gpu.caps), { ...limits, pinned: pinned(traced.predict), written: [traced.predict.x], read: [traced.predict.output] }),
    };
    const workspace = Workspace.allocate(gpu, 'model', Object.values(plans));
    // Compile every pipeline now, in parallel: the first step runs at steady-state speed.
    await Promise.all(Object.values(plans).flatMap((p) => p.steps.map((s) => kernelPipeline(gpu, s.kernel, s.plan.constants))));
    const outputBytes = sizeOf(traced.predict.output.shape) * 4;
    const full = { ...options, batchSize: batch, seed };
    const trainer = new Trainer(gpu, full, params, traced, plans, workspace, steps, stats,
      new ReadbackRing(gpu.device, 'trainer.stats', STATS_BYTES, gpu.pollSleepMs), new ReadbackRing(gpu.device, 'trainer.output', outputBytes, gpu.pollSleepMs));
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

  /**
   * The executable for `data`: bound to its GPU copy when it fits a binding, else the streamed
   * variant (ds null), whose batches `streamBatch` writes before each step.
   */
  private async executable(kind: 'train' | 'eval', data: Dataset): Promise<{ exec: Executable; ds: GpuDataset | null }> {
    if (!fitsOnGpu(this.gpu, data, this.options.maxResidentDataBytes)) {
      const key = kind === 'train' ? 'trainStreamed' : 'evalStreamed';
      this.streamed[key] ??= await Executable.build(this.gpu, this.plans[key], this.workspace);
      return { exec: this.streamed[key]!, ds: null };
    }
    const ds = uploadDataset(this.gpu, data, kind === 'train' ? 'data.train' : 'data.eval');
    const cache = kind === 'train' ? this.trainExecs : this.evalExecs;
    let exec = cache.get(ds);
    if (!exec) {
      const whole = (b: GPUBuffer) => ({ buffer: b, offset: 0, size: b.size });
      const bound = { x: whole(ds.x), y: whole(ds.y), order: whole(kind === 'train' ? ds.shuffled : ds.ordered), bytes: ds.bytes };
      const steps = kind === 'train'
        ? this.builder.train(this.traced.train, bound, data.count)
        : this.builder.evaluate(this.traced.eval, bound, data.count);
      exec = await Executable.build(this.gpu, { ...this.plans[kind], steps }, this.workspace);
      cache.set(ds, exec);
    }
    return { exec, ds };
  }

  /** Writes rows `order[start…start+rows)` of a streamed data set into the executable's input and labels. */
  private streamBatch(exec: Executable, t: TracedGraph, input: Value, data: Dataset, order: Uint32Array, start: number, rows: number): void {
    const { x, y } = hostBatch(data, order, start, rows, this.options.batchSize);
    const xr = exec.rangeOf(input);
    const yr = exec.rangeOf(t.labels!);
    this.gpu.write(xr.buffer, xr.offset, x);
    this.gpu.write(yr.buffer, yr.offset, y);
  }

  private resetStats(): void {
    this.gpu.device.queue.writeBuffer(this.stats, 0, new Uint32Array(STATS_BYTES / 4));
  }

  private readMetrics(bytes: ArrayBuffer): Metrics {
    const s = readStats(bytes);
    const per = (n: number) => (s.count ? n / s.count : 0);
    return { loss: per(s.lossSum), accuracy: per(s.correct), topKAccuracy: per(s.correctTopK), count: s.count, firstBad: s.firstBad };
  }

  /** Runs one step; with `read`, also records a copy of `read` into a staging ring for a later await. */
  private runStep(exec: Executable, step: StepValues, read?: { ring: ReadbackRing; range: BufferRange }): PendingRead | null {
    const out: { pending: PendingRead | null } = { pending: null };
    exec.run(step, read ? { after: (e) => { out.pending = read.ring.copy(e, read.range.buffer, read.range.offset, read.range.size); } } : {});
    return out.pending;
  }

  private get statsRange(): BufferRange {
    return { buffer: this.stats, offset: 0, size: STATS_BYTES };
  }

  /**
   * Trains for `epochs` epochs over `data` in shuffled batches (the last partial batch of each
   * epoch is dropped: the step is compiled for a fixed batch). Metrics are accumulated on the GPU
   * and read back about ten times per epoch, each read waiting only for an earlier step, so the
   * GPU always has work queued.
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
    const callbacks = options.callbacks === undefined ? [] : Array.isArray(options.callbacks) ? options.callbacks : [options.callbacks as Callback];
    const { exec, ds } = await this.executable('train', data);
    const every = Math.max(1, options.progressEvery ?? Math.ceil(batches / 10));
    const history: EpochLogs[] = [];
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const started = performance.now();
      // Keyed by the step count, so a run resumed from a checkpoint shuffles as the original did.
      const order = (options.shuffle ?? true) ? permutation(data.count, this.options.seed + 7919 * (this.step + 1)) : identity(data.count);
      if (ds) this.gpu.write(ds.shuffled, 0, order);
      this.resetStats();
      const progress = (m: Metrics, done: number): Progress => {
        const seconds = (performance.now() - started) / 1000;
        return { epoch, epochs: options.epochs, batch: done, batches, loss: m.loss, accuracy: m.accuracy, topKAccuracy: m.topKAccuracy,
          imagesPerSecond: (done * batch) / seconds, etaSeconds: (seconds / done) * (batches - done) };
      };
      const settle = async (p: { read: PendingRead; batch: number }) => {
        const m = this.readMetrics(await p.read.read());
        if (m.firstBad) throw new NonFiniteLossError(m.firstBad - 1);
        for (const c of callbacks) c.onBatchEnd?.(progress(m, p.batch));
        return m;
      };
      let pending: { read: PendingRead; batch: number } | null = null;
      let final: Metrics | null = null;
      for (let b = 0; b < batches; b++) {
        const report = b === batches - 1 || (b + 1) % every === 0;
        if (!ds) this.streamBatch(exec, this.traced.train, this.builder.streamInput(this.traced.train), data, order, b * batch, batch);
        const read = this.runStep(exec, { index: this.step, batchStart: b * batch, validRows: batch, seed: this.options.seed, lr: learningRateAt(this.options.optimizer.lr, this.step), lrScale: 1 },
          report ? { ring: this.ring, range: this.statsRange } : undefined);
        this.step++;
        if (!read) continue;
        // Settle the previous report only: one window of steps stays queued on the GPU.
        if (pending) await settle(pending);
        pending = { read, batch: b + 1 };
      }
      if (pending) final = await settle(pending);
      const logs: EpochLogs = { epoch, loss: final!.loss, accuracy: final!.accuracy, topKAccuracy: final!.topKAccuracy, seconds: (performance.now() - started) / 1000 };
      if (options.validationData) {
        const v = await this.evaluate(options.validationData);
        Object.assign(logs, { valLoss: v.loss, valAccuracy: v.accuracy, valTopKAccuracy: v.topKAccuracy });
      }
      history.push(logs);
      let stop = false;
      for (const c of callbacks) stop = (await c.onEpochEnd?.(logs, this)) === true || stop;
      if (stop) break;
    }
    for (const c of callbacks) await c.onTrainEnd?.(this);
    return history;
  }

  /** Mean loss, accuracy and top-k accuracy over every sample of `data` (inference behaviour of every layer). */
  async evaluate(data: Dataset): Promise<Evaluation> {
    this.checkData(data, 'evaluate');
    const { exec, ds } = await this.executable('eval', data);
    const batch = this.options.batchSize;
    const batches = Math.ceil(data.count / batch);
    const order = identity(data.count);
    this.resetStats();
    let read: PendingRead | null = null;
    for (let b = 0; b < batches; b++) {
      const validRows = Math.min(batch, data.count - b * batch);
      if (!ds) this.streamBatch(exec, this.traced.eval, this.traced.eval.x, data, order, b * batch, validRows);
      read = this.runStep(exec, { index: this.step, batchStart: b * batch, validRows, seed: this.options.seed, lr: 0, lrScale: 1 },
        b === batches - 1 ? { ring: this.ring, range: this.statsRange } : undefined);
    }
    const { loss, accuracy, topKAccuracy } = this.readMetrics(await read!.read());
    return { loss, accuracy, topKAccuracy };
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
      const read = this.runStep(exec, { index: this.step, batchStart: 0, validRows: rows, seed: this.options.seed, lr: 0, lrScale: 1 }, { ring: this.outputRing, range: outRange });
      const values = new Float32Array(await read!.read());
      out.set(values.subarray(0, rows * outPer), start * outPer);
    }
    return out;
  }

  /** A copy of every parameter's values (for early stopping's best weights, or comparisons). */
  async snapshotParams(): Promise<Map<string, Float32Array>> {
    const names = this.params.names;
    const values = await Promise.all(names.map((n) => this.params.read(n)));
    return new Map(names.map((n, i) => [n, values[i]]));
  }

  /** Writes back values taken by {@link snapshotParams}. */
  restoreParams(snapshot: ReadonlyMap<string, Float32Array>): void {
    for (const [name, values] of snapshot) this.params.write(name, values);
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




function identity(n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}
