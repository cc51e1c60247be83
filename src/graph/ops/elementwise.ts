import { gradFromOutput, type Activation } from '../../kernels/activation.js';
import {
  broadcastShapes, broadcastTo, planBinary, planBroadcastTo, planScale, planUnary, planUnaryBackward, type BinaryOp,
} from '../../kernels/elementwise.js';
import { sameShape, type Shape } from '../../kernels/shape.js';
import { ShapeError } from '../../errors.js';
import type { Value } from '../ir.js';
import { defineOp, type OpDef, type Emit } from '../op.js';
import { expectDtype } from './checks.js';

/** Sums `g` down to `shape` (the inverse of NumPy broadcasting), reshaping to drop leading axes. */
export function reduceToShape(emit: Emit, g: Value, shape: Shape): Value {
  if (sameShape(g.shape, shape)) return g;
  const offset = g.shape.length - shape.length;
  const axes: number[] = [];
  g.shape.forEach((d, i) => {
    const target = i < offset ? 1 : shape[i - offset];
    if (target === 1 && d !== 1) axes.push(i);
  });
  const summed = axes.length ? emit('reduce', [g], { op: 'sum', axes })[0] : g;
  return sameShape(summed.shape, shape) ? summed : emit('reshape', [summed], { shape })[0];
}

export interface UnaryAttrs { activation: Activation; alpha?: number }

/** y = activation(x). */
export const unaryOp = defineOp<UnaryAttrs>({
  inferShape([x], _a, where) {
    expectDtype(where, 'x', x, 'f32');
    return [{ shape: x.shape, dtype: 'f32' }];
  },
  saves: 'inputs+output',
  grad({ node, attrs, gys: [gy], emit }) {
    if (!gy) return [null];
    const t = gradFromOutput(attrs.activation) ? node.outputs[0] : node.inputs[0];
    return [emit('unaryBackward', [gy, t], { activation: attrs.activation, alpha: attrs.alpha })[0]];
  },
  lower(node, attrs, caps) {
    const plan = planUnary(attrs.activation, node.inputs[0].size, attrs.alpha ?? 0.2, caps);
    return [{ kernel: plan.kernel, plan, tensors: [node.inputs[0], node.outputs[0]] }];
  },
});

/** gx = gy · activation'(t), t being the forward output or input (see gradFromOutput). */
export const unaryBackwardOp = defineOp<UnaryAttrs>({
  inferShape([gy]) {
    return [{ shape: gy.shape, dtype: 'f32' }];
  },
  saves: 'none',
  lower(node, attrs, caps) {
    const plan = planUnaryBackward(attrs.activation, node.inputs[0].size, attrs.alpha ?? 0.2, caps);
    return [{ kernel: plan.kernel, plan, tensors: [node.inputs[0], node.inputs[1], node.outputs[0]] }];
  },
});

export interface BinaryAttrs { op: BinaryOp }

/** y = a ∘ b with NumPy broadcasting. */
export const binaryOp = defineOp<BinaryAttrs>({
  inferShape([a, b], attrs, where) {
    expectDtype(where, 'a', a, 'f32');
    expectDtype(where, 'b', b, 'f32');
    return [{ shape: broadcastShapes(a.shape, b.shape, `${where} ${attrs.op}`), dtype: 'f32' }];
  },
  saves: 'inputs',
  grad({ node, attrs, gys: [gy], needs, emit }) {
    const [a, b] = node.inputs;
    if (!gy) return [null, null];
    const neg = (v: Value) => emit('scale', [v], { alpha: -1 })[0];
    const mul = (x: Value, y: Value) => emit('binary', [x, y], { op: 'mul' })[0];
    let ga: Value | null = null;
    let gb: Value | null = null;
    switch (attrs.op) {
      case 'add': ga = gy; gb = gy; break;
      case 'sub': ga = gy; gb = needs[1] ? neg(gy) : null; break;
      case 'mul': ga = needs[0] ? mul(gy, b) : null; gb = needs[1] ? mul(gy, a) : null; break;
      case 'div': {
        ga = needs[0] ? emit('binary', [gy, b], { op: 'div' })[0] : null;
        // d(a/b)/db = −(a/b)/b = −y/b
        gb = needs[1] ? neg(mul(gy, emit('binary', [node.outputs[0], b], { op: 'div' })[0])) : null;
        break;
      }
      case 'squaredDifference': {
        const d = emit('scale', [mul(gy, emit('binary', [a, b], { op: 'sub' })[0])], { alpha: 2 })[0];
        ga = d;
        gb = needs[1] ? neg(d) : null;
        break;
      }
    }
    return [
      needs[0] && ga ? reduceToShape(emit, ga, a.shape) : null,
      needs[1] && gb ? reduceToShape(emit, gb, b.shape) : null,
    ];
  },
  lower(node, attrs, caps) {
    const [a, b] = node.inputs;
    const plan = planBinary(attrs.op, a.shape, b.shape, caps);
    return [{ kernel: plan.kernel, plan, tensors: [a, b, node.outputs[0]] }];
  },
});

export interface BroadcastAttrs { shape: Shape }

/** y = x broadcast to `shape`. */
export const broadcastToOp = defineOp<BroadcastAttrs>({
  inferShape([x], attrs, where) {
    if (!sameShape(broadcastShapes(x.shape, attrs.shape, where), attrs.shape)) throw new ShapeError(where, `cannot broadcast [${x.shape}] to [${attrs.shape}]`);
    return [{ shape: attrs.shape, dtype: x.dtype }];
  },
  saves: 'none',
  grad({ node, gys: [gy], emit }) {
    return [gy ? reduceToShape(emit, gy, node.inputs[0].shape) : null];
  },
  lower(node, attrs, caps) {
    return [{ kernel: broadcastTo, plan: planBroadcastTo(node.inputs[0].shape, attrs.shape, caps), tensors: [node.inputs[0], node.outputs[0]] }];
  },
});

export interface ScaleAttrs { alpha: number }

/** y = alpha · x. */
export const scaleOp = defineOp<ScaleAttrs>({
  inferShape([x]) {
    return [{ shape: x.shape, dtype: 'f32' }];
  },
  saves: 'none',
  grad({ attrs, gys: [gy], emit }) {
    return [gy ? emit('scale', [gy], { alpha: attrs.alpha })[0] : null];
  },
  lower(node, attrs, caps) {
    const plan = planScale(node.inputs[0].size, attrs.alpha, caps);
    return [{ kernel: plan.kernel, plan, tensors: [node.inputs[0], node.outputs[0]] }];
  },
});

export interface ReshapeAttrs { shape: Shape }

/** y = x viewed with another shape of the same size: no dispatch, y shares x's storage. */
export const reshapeOp = defineOp<ReshapeAttrs>({
  inferShape([x], attrs, where) {
    const n = attrs.shape.reduce((p, d) => p * d, 1);
    if (n !== x.size) throw new ShapeError(where, `cannot reshape [${x.shape}] (${x.size} elements) to [${attrs.shape}] (${n} elements)`);
    return [{ shape: attrs.shape, dtype: x.dtype }];
  },
  saves: 'none',
  alias: true,
  grad({ node, gys: [gy], emit }) {
    return [gy ? emit('reshape', [gy], { shape: node.inputs[0].shape })[0] : null];
  },
  lower() {
    return [];
  },
});

/** The elementwise op family, by IR name. */
export const elementwiseOps: Record<string, OpDef<never>> = {
  unary: unaryOp as OpDef<never>,
  unaryBackward: unaryBackwardOp as OpDef<never>,
  binary: binaryOp as OpDef<never>,
  broadcastTo: broadcastToOp as OpDef<never>,
  scale: scaleOp as OpDef<never>,
  reshape: reshapeOp as OpDef<never>,
};
