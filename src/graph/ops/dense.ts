import { matmulDispatch } from '../../kernels/matmul.js';
import { biasAddForward, planBiasAdd } from '../../kernels/bias-add.js';
import type { Activation } from '../../kernels/activation.js';
import { shapeString } from '../../kernels/shape.js';
import { ShapeError } from '../../errors.js';
import { defineOp, type OpDef } from '../op.js';
import { expectDtype, expectRank } from './checks.js';

export interface MatmulAttrs {
  transA?: boolean;
  transB?: boolean;
  /** Set by the fusion pass: an activation applied in the epilogue. */
  activation?: Activation;
  alpha?: number;
}

/** y = op(a)·op(b) (+ bias, activation when fused). a [M,K] (or [K,M]), b [K,N] (or [N,K]). */
export const matmulOp = defineOp<MatmulAttrs>({
  inferShape([a, b, bias], attrs, where) {
    expectRank(where, 'a', a, 2);
    expectRank(where, 'b', b, 2);
    expectDtype(where, 'a', a, 'f32');
    expectDtype(where, 'b', b, 'f32');
    const [m, ka] = attrs.transA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
    const [kb, n] = attrs.transB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
    if (ka !== kb) {
      throw new ShapeError(where, `matmul inner dimensions differ: input ${shapeString(a.shape)} has ${ka} features, weights ${shapeString(b.shape)} expect ${kb}`);
    }
    if (bias && (bias.shape.length !== 1 || bias.shape[0] !== n)) {
      throw new ShapeError(where, `bias must be [${n}] (got ${shapeString(bias.shape)})`);
    }
    return [{ shape: [m, n], dtype: 'f32' }];
  },
  saves: 'inputs',
  grad({ node, attrs, gys: [gy], needs, emit }) {
    const [a, b] = node.inputs;
    if (!gy) return [null, null];
    const ta = attrs.transA ?? false;
    const tb = attrs.transB ?? false;
    // dA = gy·op(B)ᵀ laid out like A; dB = op(A)ᵀ·gy laid out like B.
    const da = !needs[0] ? null : ta
      ? emit('matmul', [b, gy], { transA: tb, transB: true })[0]
      : emit('matmul', [gy, b], { transB: !tb })[0];
    const db = !needs[1] ? null : tb
      ? emit('matmul', [gy, a], { transA: true, transB: ta })[0]
      : emit('matmul', [a, gy], { transA: !ta })[0];
    return [da, db];
  },
  lower(node, attrs, caps) {
    const [a, b, bias] = node.inputs;
    const [y] = node.outputs;
    const ta = attrs.transA ?? false;
    const tb = attrs.transB ?? false;
    const m = ta ? a.shape[1] : a.shape[0];
    const k = ta ? a.shape[0] : a.shape[1];
    const n = tb ? b.shape[0] : b.shape[1];
    const { kernel, plan } = matmulDispatch({ m, n, k, batch: 1, transA: ta, transB: tb, activation: attrs.activation ?? 'linear', alpha: attrs.alpha ?? 0.2 }, caps, Boolean(bias));
    return [{ kernel, plan, tensors: bias ? [a, b, bias, y] : [a, b, y] }];
  },
});

export interface BiasAddAttrs {
  activation?: Activation;
  alpha?: number;
}

/** y = x + b, b broadcast over the last (channel) axis of x. */
export const biasAddOp = defineOp<BiasAddAttrs>({
  inferShape([x, b], _attrs, where) {
    expectDtype(where, 'x', x, 'f32');
    const c = x.shape[x.shape.length - 1];
    if (b.shape.length !== 1 || b.shape[0] !== c) {
      throw new ShapeError(where, `bias must be [${c}] to match the last axis of ${shapeString(x.shape)} (got ${shapeString(b.shape)})`);
    }
    return [{ shape: x.shape, dtype: 'f32' }];
  },
  saves: 'none',
  grad({ node, gys: [gy], needs, emit }) {
    const [x, b] = node.inputs;
    if (!gy) return [null, null];
    const axes = x.shape.slice(0, -1).map((_, i) => i);
    const db = needs[1] ? emit('reshape', [emit('reduce', [gy], { op: 'sum', axes })[0]], { shape: b.shape })[0] : null;
    return [needs[0] ? gy : null, db];
  },
  lower(node, attrs, caps) {
    const [x, b] = node.inputs;
    const c = x.shape[x.shape.length - 1];
    const plan = planBiasAdd(x.size / c, c, attrs.activation ?? 'linear', attrs.alpha ?? 0.2, caps);
    return [{ kernel: biasAddForward, plan, tensors: [x, b, node.outputs[0]] }];
  },
});

/** The dense op family, by IR name. */
export const denseOps: Record<string, OpDef<never>> = {
  matmul: matmulOp as OpDef<never>,
  biasAdd: biasAddOp as OpDef<never>,
};
