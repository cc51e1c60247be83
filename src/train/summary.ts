import type { Node } from '../graph/ir.js';
import { sizeOf, shapeString, type Shape } from '../kernels/shape.js';
import type { Model } from '../nn/sequential.js';
import { traceModel } from './graphs.js';

/** One row of a model summary. */
export interface SummaryRow {
  readonly layer: string;
  readonly kind: string;
  /** Output shape for a batch of one. */
  readonly outputShape: Shape;
  readonly params: number;
  readonly trainableParams: number;
  /** Forward floating-point operations for one sample (a multiply-add counts 2). */
  readonly flops: number;
}

export interface ModelSummary {
  readonly rows: readonly SummaryRow[];
  readonly totalParams: number;
  readonly trainableParams: number;
  readonly flops: number;
  /** The table as Keras prints it. */
  readonly text: string;
}

/** Forward FLOPs of one node for the traced batch (multiply-adds count 2; elementwise ops 1 per element). */
export function nodeFlops(node: Node): number {
  const out = node.outputs[0];
  const [x, w] = node.inputs;
  switch (node.op) {
    case 'matmul': {
      const k = node.attrs.transA ? x.shape[0] : x.shape[1];
      return 2 * out.size * k + (node.inputs.length > 2 ? out.size : 0);
    }
    case 'conv2d':
    case 'depthwiseConv2d':
      // Each output element is a dot product over the filter's receptive field.
      return 2 * out.size * (w.size / out.shape[out.shape.length - 1]) + (node.inputs.length > 2 ? out.size : 0);
    case 'conv2dTranspose':
      // Each input element scatters into kh·kw·outChannels outputs.
      return 2 * x.size * (w.size / x.shape[x.shape.length - 1]) + (node.inputs.length > 2 ? out.size : 0);
    case 'reshape':
      return 0;
    default:
      return out.size;
  }
}

/**
 * Traces `model` for one sample of `inputShape` and tabulates each layer's output shape,
 * parameter count and forward FLOPs. Keras `model.summary()`.
 */
export function summary(model: Model, inputShape: Shape): ModelSummary {
  const t = traceModel(model, 'predict', 1, inputShape, 0, { fuse: false });
  const forward = t.graph.nodes;
  let previous: Shape = [1, ...inputShape];
  const rows: SummaryRow[] = model.layers.map((layer) => {
    const nodes = forward.filter((n) => n.layer === layer.name);
    const outputShape = nodes.length ? nodes[nodes.length - 1].outputs[0].shape : previous;
    previous = outputShape;
    const specs = t.params.filter((p) => p.name.startsWith(`${layer.name}.`));
    const params = specs.reduce((s, p) => s + sizeOf(p.shape), 0);
    const trainableParams = specs.filter((p) => p.trainable).reduce((s, p) => s + sizeOf(p.shape), 0);
    return { layer: layer.name, kind: layer.kind, outputShape, params, trainableParams, flops: nodes.reduce((s, n) => s + nodeFlops(n), 0) };
  });
  const totalParams = t.params.reduce((s, p) => s + sizeOf(p.shape), 0);
  const trainableParams = t.params.filter((p) => p.trainable).reduce((s, p) => s + sizeOf(p.shape), 0);
  const flops = forward.reduce((s, n) => s + nodeFlops(n), 0);
  const cells = rows.map((r) => [`${r.layer} (${r.kind})`, shapeString(r.outputShape), r.params.toLocaleString('en-US'), r.flops.toLocaleString('en-US')]);
  const header = ['Layer (type)', 'Output shape', 'Params', 'FLOPs'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (i >= 2 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ');
  const rule = '─'.repeat(widths.reduce((s, w) => s + w + 2, -2));
  const text = [line(header), rule, ...cells.map(line), rule,
    `Total params: ${totalParams.toLocaleString('en-US')} (${(totalParams * 4 / 1024).toFixed(1)} KiB)`,
    `Trainable params: ${trainableParams.toLocaleString('en-US')}`,
    `Non-trainable params: ${(totalParams - trainableParams).toLocaleString('en-US')}`,
    `Forward FLOPs per sample: ${flops.toLocaleString('en-US')}`].join('\n');
  return { rows, totalParams, trainableParams, flops, text };
}
