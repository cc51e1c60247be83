import { planReduce } from '../../kernels/reduce.js';
import { ShapeError } from '../../errors.js';
import { defineOp, type OpDef } from '../op.js';

export interface ReduceAttrs { op: 'sum' | 'mean'; axes: readonly number[] }

/** Sum or mean over `axes`, keeping them as size-1 dimensions. */
export const reduceOp = defineOp<ReduceAttrs>({
  inferShape([x], attrs, where) {
    for (const a of attrs.axes) {
      if (!Number.isInteger(a) || a < 0 || a >= x.shape.length) throw new ShapeError(where, `reduce axis ${a} is out of range for [${x.shape}]`);
    }
    return [{ shape: x.shape.map((d, i) => (attrs.axes.includes(i) ? 1 : d)), dtype: 'f32' }];
  },
  saves: 'none',
  grad({ node, attrs, gys: [gy], emit }) {
    if (!gy) return [null];
    const x = node.inputs[0];
    const spread = emit('broadcastTo', [gy], { shape: x.shape })[0];
    if (attrs.op === 'sum') return [spread];
    const count = attrs.axes.reduce((p, a) => p * x.shape[a], 1);
    return [emit('scale', [spread], { alpha: 1 / count })[0]];
  },
  lower(node, attrs, caps) {
    const plan = planReduce(attrs.op, node.inputs[0].shape, attrs.axes, caps);
    return [{ kernel: plan.kernel, plan, tensors: [node.inputs[0], node.outputs[0]] }];
  },
});

/** The reduce op family, by IR name. */
export const reduceOps: Record<string, OpDef<never>> = {
  reduce: reduceOp as OpDef<never>,
};
