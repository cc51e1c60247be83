import { differentiate } from '../graph/autodiff.js';
import { Graph, type Value } from '../graph/ir.js';
import { eliminateDeadCode, foldBatchNorm, fuseEpilogues, separateRepeatedInputs } from '../graph/passes.js';
import type { ParamSpec } from '../graph/params.js';
import { sizeOf, type Shape } from '../kernels/shape.js';
import { TraceContext, type Initializer } from '../nn/layer.js';
import type { Model } from '../nn/sequential.js';
import { ShapeError } from '../errors.js';

/** A traced model: the graph and the values an executable binds. */
export interface TracedGraph {
  readonly graph: Graph;
  readonly x: Value;
  readonly labels: Value | null;
  readonly output: Value;
  readonly rowLoss: Value | null;
  /** Parameter → its gradient (training graphs only). */
  readonly grads: ReadonlyMap<Value, Value>;
  readonly params: readonly ParamSpec[];
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Initial values of a parameter, from a generator seeded by (seed, parameter name), so a
 * parameter's initial values do not depend on the order layers were declared in.
 */
export function initialValues(seed: number, name: string, shape: Shape, init: Initializer): Float32Array {
  let s = (seed ^ hashString(name)) >>> 0;
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const receptive = shape.length > 2 ? sizeOf(shape.slice(0, -2)) : 1;
  const fanIn = shape.length >= 2 ? receptive * shape[shape.length - 2] : shape[0];
  const fanOut = shape.length >= 2 ? receptive * shape[shape.length - 1] : shape[0];
  return init.fill(sizeOf(shape), fanIn, fanOut, random);
}

export type TraceMode = 'train' | 'eval' | 'predict';

/**
 * Traces `model` on a batch of `inputShape` samples. `train` appends the softmax cross-entropy
 * loss and its gradient; `eval` the per-row loss for metrics; `predict` only the forward pass.
 * Then, for `predict`, folds inference BatchNorm into the layer before it, and fuses epilogues (unless `fuse: false`, which keeps one node per layer operation for
 * summaries) and removes dead nodes.
 */
export function traceModel(model: Model, mode: TraceMode, batch: number, inputShape: Shape, seed: number, options: { fuse?: boolean } = {}): TracedGraph {
  const fuse = options.fuse ?? true;
  const graph = new Graph();
  const ctx = new TraceContext(graph, mode === 'train', (name, shape, init) => initialValues(seed, name, shape, init));
  const x = graph.input('x', [batch, ...inputShape]);
  const output = model.call(x, ctx);
  if (mode === 'predict') {
    if (fuse) {
      fuseEpilogues(graph, [output]);
      // Folding leaves the layer's activation free to fuse: a second fusion pass picks it up.
      if (foldBatchNorm(graph, [output]) > 0) fuseEpilogues(graph, [output]);
    }
    eliminateDeadCode(graph, [output]);
    separateRepeatedInputs(graph);
    return { graph, x, labels: null, output, rowLoss: null, grads: new Map(), params: ctx.params };
  }
  if (output.shape.length !== 2) {
    throw new ShapeError('softmaxCrossEntropy (loss)', `the model's output must be [batch, classes] logits (got [${output.shape}])`, 'end the model with nn.dense({ units: classes })');
  }
  const labels = graph.input('labels', [batch], 'u32');
  const rowLoss = ctx.op('softmaxCrossEntropy', [output, labels], {}, 'loss');
  let grads = new Map<Value, Value>();
  if (mode === 'train') {
    const loss = ctx.op('reduce', [rowLoss], { op: 'mean', axes: [0] }, 'loss');
    const trainable = new Set(ctx.params.filter((p) => p.trainable).map((p) => p.name));
    const wrt = graph.values.filter((v) => v.kind === 'param' && trainable.has(v.name));
    grads = differentiate(graph, loss, wrt);
  }
  const roots = [rowLoss, output, ...grads.values()];
  if (fuse) fuseEpilogues(graph, roots);
  eliminateDeadCode(graph, roots);
  separateRepeatedInputs(graph);
  return { graph, x, labels, output, rowLoss, grads, params: ctx.params };
}

