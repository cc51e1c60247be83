import type { Gpu } from '../gpu/gpu.js';
import { lowerGraph, type StepSpec } from '../graph/executable.js';
import type { ParamStore } from '../graph/params.js';
import type { BufferRange } from '../kernels/launch.js';
import { gather, gatherBytes, planGather, planGatherBytes } from '../kernels/gather.js';
import { metricsClassification, planMetrics } from '../kernels/metrics.js';
import { gradNormFinalize, gradNormPartialCount, gradNormPartials, planGradNormFinalize, planGradNormPartials } from '../kernels/grad-norm.js';
import { optimizerStep, planOptimizer } from '../kernels/optimizer.js';
import { STATS_BYTES } from '../kernels/stats.js';
import { sizeOf } from '../kernels/shape.js';
import type { GroupSettings } from '../optim/param-groups.js';
import type { OptimizerConfig } from '../optim/optimizers.js';
import type { TracedGraph } from './graphs.js';
import type { Value } from '../graph/ir.js';
import type { AugmentOptions } from '../kernels/augment.js';
import { augmentInput } from './augment.js';

/** Where a data set lives on the GPU, as the gather dispatches bind it. */
export interface DataBinding {
  readonly x: BufferRange;
  readonly y: BufferRange;
  readonly order: BufferRange;
  /** Set when the samples are stored as bytes: gathered with gatherBytes and this conversion. */
  readonly bytes?: { readonly scale: number; readonly offset: number } | null;
}

export interface StepOptions {
  readonly optimizer: OptimizerConfig;
  readonly clipGradNorm?: number;
  readonly clipValue?: number;
  readonly augment?: AugmentOptions;
  readonly topK?: number;
}

/**
 * Builds the dispatch lists of a model's executables around its traced graphs: batch gathering,
 * metrics, gradient norm and optimizer updates. Holds the trainer's fixed buffers.
 */
export class StepBuilder {
  private readonly statsRange: BufferRange;
  private readonly partials: GPUBuffer;
  private readonly noState: GPUBuffer;

  constructor(
    private readonly gpu: Gpu,
    private readonly params: ParamStore,
    private readonly options: StepOptions,
    private readonly pageSettings: ReadonlyMap<string, GroupSettings>,
    readonly stats: GPUBuffer,
  ) {
    this.statsRange = { buffer: stats, offset: 0, size: STATS_BYTES };
    const partialCount = params.pages.reduce((n, p) => n + (p.trainable ? gradNormPartialCount(p.count, gpu.caps) : 0), 0);
    this.partials = gpu.pages.allocate('trainer.gradNormPartials', Math.max(1, partialCount) * 4);
    // An optimizer without state (plain SGD) still binds a state buffer: a tiny unused one.
    this.noState = gpu.pages.allocate('trainer.noOptimizerState', 16);
  }

  /** A placeholder data binding, for planning before any data set is known. */
  get unbound(): DataBinding {
    return { x: this.statsRange, y: this.statsRange, order: this.statsRange };
  }

  /** Gathers the batch's samples (into `input`, the model's input unless augmented) and labels from a GPU-resident data set of `rows` samples. */
  gather(t: TracedGraph, data: DataBinding, rows: number, input: Value = t.x): StepSpec[] {
    const batch = t.x.shape[0];
    const rowWords = sizeOf(t.x.shape.slice(1));
    const { caps } = this.gpu;
    const samples: StepSpec = data.bytes
      ? { label: 'input.gatherBytes', kernel: gatherBytes, plan: planGatherBytes(batch, rowWords, rows, data.bytes.scale, data.bytes.offset, caps), tensors: [data.x, data.order, input] }
      : { label: 'input.gather', kernel: gather, plan: planGather(batch, rowWords, rows, caps), tensors: [data.x, data.order, input] };
    return [
      samples,
      { label: 'labels.gather', kernel: gather, plan: planGather(batch, 1, rows, caps), tensors: [data.y, data.order, t.labels!] },
    ];
  }

  metrics(t: TracedGraph): StepSpec {
    const [rows, classes] = t.output.shape;
    return { label: 'metrics', kernel: metricsClassification, plan: planMetrics(rows, classes, this.gpu.caps, this.options.topK ?? 5), tensors: [t.rowLoss!, t.output, t.labels!, this.statsRange] };
  }

  /**
   * The global gradient norm (always computed: it clips when asked and, either way, catches a
   * non-finite gradient before the update, which is then skipped), then one optimizer dispatch
   * per trainable page with its group's settings.
   */
  update(): StepSpec[] {
    const { caps } = this.gpu;
    const steps: StepSpec[] = [];
    const partials = { buffer: this.partials, offset: 0, size: this.partials.size };
    const trainable = this.params.pages.filter((p) => p.trainable);
    let partialOffset = 0;
    for (const [i, page] of trainable.entries()) {
      steps.push({ label: `gradNorm.partials${i}`, kernel: gradNormPartials, plan: planGradNormPartials(page.count, partialOffset, caps),
        tensors: [{ buffer: page.grads!, offset: 0, size: page.count * 4 }, partials] });
      partialOffset += gradNormPartialCount(page.count, caps);
    }
    steps.push({ label: 'gradNorm.finalize', kernel: gradNormFinalize, plan: planGradNormFinalize(partialOffset, this.options.clipGradNorm ?? 0, caps),
      tensors: [partials, this.statsRange] });
    const opt = this.options.optimizer;
    for (const [i, page] of trainable.entries()) {
      const group = this.pageSettings.get(page.group)!;
      const plan = planOptimizer(opt.kind, page.count, {
        lrMult: group.lrMult, l1: group.l1, weightDecay: group.weightDecay, clipValue: this.options.clipValue ?? 0,
        momentum: opt.momentum, nesterov: opt.nesterov, beta1: opt.beta1, beta2: opt.beta2, eps: opt.epsilon,
      }, caps);
      const state = page.state ?? this.noState;
      steps.push({ label: `optimizer${i}`, kernel: optimizerStep, plan,
        tensors: [{ buffer: page.grads!, offset: 0, size: page.count * 4 }, this.statsRange, { buffer: page.params, offset: 0, size: page.count * 4 }, { buffer: state, offset: 0, size: state.size }] });
    }
    return steps;
  }

  /** A training step: gather (and augment), forward and backward, metrics, gradient norm, updates. */
  train(t: TracedGraph, data: DataBinding, rows: number): StepSpec[] {
    const aug = this.options.augment ? augmentInput(t, this.options.augment, this.gpu.caps) : null;
    const gathered = aug ? [...this.gather(t, data, rows, aug.gathered), aug.step] : this.gather(t, data, rows);
    return [...gathered, ...lowerGraph(t.graph, this.gpu.caps), this.metrics(t), ...this.update()];
  }

  /**
   * A training step for a data set streamed from the host: the batch (`streamInput`) and the
   * labels are written before the pass, then augment, forward and backward, metrics, updates.
   */
  trainStreamed(t: TracedGraph): StepSpec[] {
    const aug = this.options.augment ? augmentInput(t, this.options.augment, this.gpu.caps) : null;
    return [...(aug ? [aug.step] : []), ...lowerGraph(t.graph, this.gpu.caps), this.metrics(t), ...this.update()];
  }

  /** The value a streamed batch is written into: the augmentation's input, or the model's. */
  streamInput(t: TracedGraph): Value {
    return this.options.augment ? augmentInput(t, this.options.augment, this.gpu.caps).gathered : t.x;
  }

  /** An evaluation step for a streamed data set: forward, metrics. */
  evaluateStreamed(t: TracedGraph): StepSpec[] {
    return [...lowerGraph(t.graph, this.gpu.caps), this.metrics(t)];
  }

  /** An evaluation step: gather, forward (inference behaviour), metrics. */
  evaluate(t: TracedGraph, data: DataBinding, rows: number): StepSpec[] {
    return [...this.gather(t, data, rows), ...lowerGraph(t.graph, this.gpu.caps), this.metrics(t)];
  }
}
