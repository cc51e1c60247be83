import { gradFromOutput, type Activation } from '../kernels/activation.js';
import { aliasRoot } from './autodiff.js';
import type { Graph, Node, Value } from './ir.js';
import { apply, opDef } from './registry.js';

/** Removes nodes none of whose outputs reach `roots` (nodes that write parameters in place stay). */
export function eliminateDeadCode(graph: Graph, roots: readonly Value[]): void {
  const live = new Set<Value>(roots);
  const keep = new Set<Node>();
  for (let i = graph.nodes.length - 1; i >= 0; i--) {
    const node = graph.nodes[i];
    if (node.outputs.some((o) => live.has(o)) || opDef(node.op).mutates?.length) {
      keep.add(node);
      for (const v of node.inputs) live.add(v);
    }
  }
  for (const node of [...graph.nodes]) if (!keep.has(node)) graph.removeNode(node);
}

function soleConsumer(v: Value, roots: ReadonlySet<Value>): Node | null {
  return v.consumers.length === 1 && !roots.has(v) ? v.consumers[0] : null;
}

/**
 * Fuses `matmul|conv2d|depthwiseConv2d → biasAdd → activation` (and the shorter chains) into the matmul's or
 * convolution's epilogue, and
 * `biasAdd → activation` into the bias add. An activation is fused only when its backward reads
 * the output (relu, sigmoid, ...), since the fused kernel does not keep the pre-activation.
 * Intermediate values must have a single consumer and must not be graph outputs.
 */
export function fuseEpilogues(graph: Graph, roots: readonly Value[]): void {
  const rootSet = new Set(roots);
  for (const node of [...graph.nodes]) {
    if (!graph.nodes.includes(node)) continue;
    if (node.op !== 'matmul' && node.op !== 'conv2d' && node.op !== 'depthwiseConv2d' && node.op !== 'biasAdd') continue;
    if (node.attrs.activation && node.attrs.activation !== 'linear') continue;
    const chain: Node[] = [node];
    const inputs = [...node.inputs];
    let out = node.outputs[0];
    let activation: Activation = 'linear';
    let alpha = 0.2;
    if ((node.op === 'matmul' || node.op === 'conv2d' || node.op === 'depthwiseConv2d') && node.inputs.length === 2) {
      const next = soleConsumer(out, rootSet);
      if (next?.op === 'biasAdd' && next.inputs[0] === out && !next.attrs.activation) {
        chain.push(next);
        inputs.push(next.inputs[1]);
        out = next.outputs[0];
      }
    }
    const act = soleConsumer(out, rootSet);
    if (act?.op === 'unary' && gradFromOutput(act.attrs.activation as Activation)) {
      chain.push(act);
      activation = act.attrs.activation as Activation;
      alpha = (act.attrs.alpha as number | undefined) ?? 0.2;
      out = act.outputs[0];
    }
    if (chain.length === 1) continue;
    graph.fuse(chain, node.op, inputs, { ...node.attrs, activation, alpha }, out);
  }
}

/**
 * Gives every node distinct storage for each of its inputs. All tensor bindings are writable
 * storage (see kernelLayout), and WebGPU rejects two writable bindings of overlapping ranges in
 * one dispatch, so `mul(x, x)` reads its second operand from a copy.
 */
export function separateRepeatedInputs(graph: Graph): void {
  for (const node of [...graph.nodes]) {
    const seen = new Set<Value>();
    node.inputs.forEach((v, i) => {
      const root = aliasRoot(v);
      if (!seen.has(root)) {
        seen.add(root);
        return;
      }
      const at = graph.nodes.indexOf(node);
      const copy = apply(graph, 'scale', [v], { alpha: 1 }, node.layer);
      graph.nodes.pop();
      graph.nodes.splice(at, 0, copy);
      copy.outputs[0].consumers.push(node);
      v.consumers.splice(v.consumers.indexOf(node), 1);
      node.inputs[i] = copy.outputs[0];
    });
  }
}

/** Ops whose weight's last axis is the output channel, so a per-channel scale folds into it. */
const FOLDABLE = new Set(['matmul', 'conv2d', 'depthwiseConv2d']);

/**
 * Folds inference BatchNorm into the convolution or dense layer that feeds it (for inference
 * graphs; run after fuseEpilogues, which has merged the layer's bias into it): w' = w · scale and
 * bias' = shift per output channel, computed on the GPU from the current parameters by
 * `batchNormFold`, so the folded model always reflects the trained values. Applies when the layer
 * has no fused activation and feeds only the BatchNorm (directly or through a reshape), and the
 * BatchNorm's statistics table is unused. Returns the number of BatchNorms folded.
 */
export function foldBatchNorm(graph: Graph, roots: readonly Value[]): number {
  const rootSet = new Set(roots);
  let folded = 0;
  for (const bn of [...graph.nodes]) {
    if (bn.op !== 'batchNorm' || bn.outputs[1]?.consumers.length || rootSet.has(bn.outputs[0])) continue;
    const r = bn.inputs[0];
    const y = r.producer?.op === 'reshape' && soleConsumer(r, rootSet) === bn ? r.producer.inputs[0] : r;
    const layer = y.producer;
    if (!layer || !FOLDABLE.has(layer.op) || soleConsumer(y, rootSet) !== (y === r ? bn : r.producer)) continue;
    if ((layer.attrs.activation ?? 'linear') !== 'linear' || layer.attrs.transB) continue;
    const [x, w, bias] = layer.inputs;
    const [, gamma, beta, mean, variance] = bn.inputs;
    const channels = gamma.shape[0];
    if (y.shape[y.shape.length - 1] !== channels) continue;
    const start = graph.nodes.length;
    const emit = (op: string, inputs: Value[], attrs: Record<string, unknown>) => apply(graph, op, inputs, attrs, bn.layer).outputs;
    const [f] = emit('batchNormFold', bias ? [gamma, beta, mean, variance, bias] : [gamma, beta, mean, variance], { epsilon: bn.attrs.epsilon });
    const [scale, shift] = emit('unstack', [f], { row: 0 });
    // Flattened, every weight layout here has the output channel as its fastest axis.
    const flat = emit('reshape', [w], { shape: [w.size / channels, channels] })[0];
    const scaled = emit('reshape', [emit('binary', [flat, scale], { op: 'mul' })[0]], { shape: w.shape })[0];
    // The new nodes depend only on parameters: run them before the layer.
    const added = graph.nodes.splice(start);
    graph.nodes.splice(graph.nodes.indexOf(layer), 0, ...added);
    graph.fuse([layer], layer.op, [x, scaled, shift], { ...layer.attrs }, y);
    graph.replaceUses(bn.outputs[0], r);
    graph.removeNode(bn);
    folded++;
  }
  return folded;
}
