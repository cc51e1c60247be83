import type { Node } from '../../src/graph/ir.js';
import { groupNormGeometry, type GroupNormGeometry } from '../../src/kernels/group-norm.js';
import { layerNormGeometry } from '../../src/kernels/layer-norm.js';
import { DEFAULT_STEP } from '../../src/kernels/step.js';
import type { ReferenceOp } from './interpreter.js';
import { batchNormApplyRef, batchNormMomentsRef, tableRef } from './batch-norm.js';
import { dropoutRef } from './dropout.js';
import { groupNormBackwardRef, groupNormForwardRef } from './group-norm.js';

// Float64 references of the normalization op family for the graph interpreter. Tables follow the
// kernels: t [4, C] = (mean, var, gamma, beta), b [5, C] = (dgamma, dbeta, mean, σ⁻¹, gamma·σ⁻¹).

const rowOf = (t: Float64Array, k: number, c: number) => t.subarray(k * c, (k + 1) * c);

function channels(node: Node): number {
  const x = node.inputs[0];
  return x.shape[x.shape.length - 1];
}

function backwardReduce(gy: Float64Array, x: Float64Array, t: Float64Array, c: number, epsilon: number): Float64Array {
  const [mean, variance, gamma] = [rowOf(t, 0, c), rowOf(t, 1, c), rowOf(t, 2, c)];
  const inv = variance.map((v) => 1 / Math.sqrt(v + epsilon));
  const dgamma = new Float64Array(c);
  const dbeta = new Float64Array(c);
  for (let i = 0; i < x.length; i++) {
    const k = i % c;
    dgamma[k] += gy[i] * (x[i] - mean[k]) * inv[k];
    dbeta[k] += gy[i];
  }
  return tableRef([dgamma, dbeta, mean, inv, gamma.map((g, k) => g * inv[k])]);
}

function groupGeometry(node: Node): GroupNormGeometry {
  const x = node.inputs[0];
  return node.op === 'layerNorm' ? layerNormGeometry(x.shape, node.attrs.axes as number[]) : groupNormGeometry(x.shape, node.attrs.groups as number);
}

/** Float64 references of the normalization op family, by IR op name, for the graph interpreter. */
export const normalizationReference: Record<string, ReferenceOp> = {
  stack: (_node, [a, b]) => Float64Array.from([...a, ...b]),
  unstack: (node, [y]) => {
    const n = y.length / node.inputs[0].shape[0];
    const row = node.attrs.row as number;
    return [y.slice(row * n, (row + 1) * n), y.slice((row + 1) * n, (row + 2) * n)];
  },
  batchNormTrain: (node, [x, gamma, beta]) => {
    const c = channels(node);
    const { mean, variance } = batchNormMomentsRef(x, x.length / c, c);
    return [batchNormApplyRef(x, c, mean, variance, gamma, beta, node.attrs.epsilon as number), tableRef([mean, variance, gamma, beta])];
  },
  batchNorm: (node, [x, gamma, beta, mean, variance]) => {
    const c = channels(node);
    return [batchNormApplyRef(x, c, mean, variance, gamma, beta, node.attrs.epsilon as number), tableRef([mean, variance, gamma, beta])];
  },
  // Writes the moving statistics in place, as the kernel does (the interpreter's arrays are its environment).
  batchNormUpdate: (node, [t, mean, variance]) => {
    const c = mean.length;
    const m = node.attrs.momentum as number;
    for (let k = 0; k < c; k++) {
      mean[k] = mean[k] * m + t[k] * (1 - m);
      variance[k] = variance[k] * m + t[c + k] * (1 - m);
    }
    return [];
  },
  batchNormBackwardReduce: (node, [gy, x, t]) => backwardReduce(gy, x, t, node.inputs[1].shape[node.inputs[1].shape.length - 1], node.attrs.epsilon as number),
  batchNormBackwardInput: (node, [gy, x, b]) => {
    const c = channels(node);
    const rows = x.length / c;
    const [dgamma, dbeta, mean, inv, scale] = [0, 1, 2, 3, 4].map((k) => rowOf(b, k, c));
    return Float64Array.from(gy, (g, i) => {
      const k = i % c;
      return scale[k] * (g - dbeta[k] / rows - ((x[i] - mean[k]) * inv[k] * dgamma[k]) / rows);
    });
  },
  batchNormBackwardInference: (node, [gy, t]) => {
    const c = channels(node);
    return Float64Array.from(gy, (g, i) => (g * t[2 * c + (i % c)]) / Math.sqrt(t[c + (i % c)] + (node.attrs.epsilon as number)));
  },
  layerNorm: (node, [x, gb]) => {
    const r = groupNormForwardRef(x, gb, groupGeometry(node), node.attrs.epsilon as number);
    return [r.y, r.stats];
  },
  groupNorm: (node, [x, gb]) => {
    const r = groupNormForwardRef(x, gb, groupGeometry(node), node.attrs.epsilon as number);
    return [r.y, r.stats];
  },
  groupNormBackwardInput: (node, [gy, x, gb]) => groupNormBackwardRef(gy, x, gb, node.attrs.geometry as GroupNormGeometry, node.attrs.epsilon as number).gx,
  groupNormBackwardParams: (node, [gy, x, s]) => {
    const g = node.attrs.geometry as GroupNormGeometry;
    const d = new Float64Array(2 * g.channels);
    for (let i = 0; i < x.length; i++) {
      const c = i % g.channels;
      const w = Math.floor(i / (g.positions * g.channels)) * g.groups + Math.floor(c / g.groupChannels);
      d[c] += gy[i] * (x[i] - s[2 * w]) * s[2 * w + 1];
      d[g.channels + c] += gy[i];
    }
    return d;
  },
  // The interpreter has no per-step uniform: the reference uses the defaults runKernel binds.
  dropout: (node, [x]) => dropoutRef(x, {
    rate: node.attrs.rate as number, layerSeed: node.attrs.seed as number, seed: DEFAULT_STEP.seed, index: DEFAULT_STEP.index,
    spatial: node.attrs.spatial ? { channels: channels(node), plane: node.inputs[0].size / node.inputs[0].shape[0] } : undefined,
  }),
};
