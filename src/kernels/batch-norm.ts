import gridWgsl from '../../shaders/common/grid.wgsl';
import laneSumWgsl from '../../shaders/batch-norm/lane-sum.wgsl';
import statsWgsl from '../../shaders/batch-norm/stats.wgsl';
import applyWgsl from '../../shaders/batch-norm/apply.wgsl';
import backwardInferenceWgsl from '../../shaders/batch-norm/backward-inference.wgsl';
import backwardReduceWgsl from '../../shaders/batch-norm/backward-reduce.wgsl';
import backwardInputWgsl from '../../shaders/batch-norm/backward-input.wgsl';
import updateWgsl from '../../shaders/batch-norm/update.wgsl';
import stackRowsWgsl from '../../shaders/batch-norm/stack-rows.wgsl';
import unstackRowsWgsl from '../../shaders/batch-norm/unstack-rows.wgsl';
import type { DeviceCaps } from '../gpu/caps.js';
import { ShapeError } from '../errors.js';
import { checkElements, type ElementwiseConstants } from './elementwise.js';
import { defineKernel, grid1d, workgroupInvocations, type Plan } from './kernel.js';
import { shapeString, sizeOf, type Shape } from './shape.js';

/** Elements per invocation of the 1-D kernels (as the elementwise kernels). */
const ELEMS = 4;

const ROWS_PARAMS = { rows: 'u32', channels: 'u32', chLanes: 'u32' } as const;
const ROWS_EPS_PARAMS = { rows: 'u32', channels: 'u32', epsilon: 'f32', chLanes: 'u32' } as const;
const APPLY_PARAMS = { count: 'u32', channels: 'u32', epsilon: 'f32' } as const;
const INPUT_PARAMS = { count: 'u32', channels: 'u32', rows: 'u32' } as const;
const UPDATE_PARAMS = { channels: 'u32', momentum: 'f32' } as const;
const STACK_PARAMS = { count: 'u32', row: 'u32' } as const;

/** Constants of the channel-reduction and one-invocation-per-item kernels: the workgroup size. */
export interface WgConstants extends Record<string, number | boolean> {
  WG: number;
}

/** The layout of a channel reduction's workgroup: WG invocations (a power of two) as chLanes channels × WG / chLanes row lanes. */
export interface ChannelLanes {
  readonly WG: number;
  readonly chLanes: number;
}

/**
 * Per-channel batch mean and biased variance of x [rows, channels] (corrected two-pass), into
 * rows 0–1 of the table t [4, channels]. Bindings: x, t.
 */
export const batchNormStats = defineKernel<WgConstants, typeof ROWS_PARAMS>({
  label: 'batchNorm.stats', wgsl: [gridWgsl, laneSumWgsl, statsWgsl], entryPoint: 'batchNormStats',
  inputs: ['x'], outputs: ['t'], params: ROWS_PARAMS,
});

/** y = (x − mean)·gamma/√(var + ε) + beta from the table t [4, channels]. Bindings: x, t, y. */
export const batchNormApply = defineKernel<ElementwiseConstants, typeof APPLY_PARAMS>({
  label: 'batchNorm.apply', wgsl: [gridWgsl, applyWgsl], entryPoint: 'batchNormApply',
  inputs: ['x', 't'], outputs: ['y'], params: APPLY_PARAMS,
});

/** gx = gy·gamma/√(var + ε), inference mode (fixed statistics). Bindings: gy, t, gx. */
export const batchNormBackwardInference = defineKernel<ElementwiseConstants, typeof APPLY_PARAMS>({
  label: 'batchNorm.backwardInference', wgsl: [gridWgsl, backwardInferenceWgsl], entryPoint: 'batchNormBackwardInference',
  inputs: ['gy', 't'], outputs: ['gx'], params: APPLY_PARAMS,
});

/**
 * Training-mode backward sums into b [5, channels] = (dgamma, dbeta, mean, σ⁻¹, gamma·σ⁻¹).
 * Bindings: gy, x, t, b.
 */
export const batchNormBackwardReduce = defineKernel<WgConstants, typeof ROWS_EPS_PARAMS>({
  label: 'batchNorm.backwardReduce', wgsl: [gridWgsl, laneSumWgsl, backwardReduceWgsl], entryPoint: 'batchNormBackwardReduce',
  inputs: ['gy', 'x', 't'], outputs: ['b'], params: ROWS_EPS_PARAMS,
});

/** Training-mode input gradient from the table b of batchNormBackwardReduce. Bindings: gy, x, b, gx. */
export const batchNormBackwardInput = defineKernel<ElementwiseConstants, typeof INPUT_PARAMS>({
  label: 'batchNorm.backwardInput', wgsl: [gridWgsl, backwardInputWgsl], entryPoint: 'batchNormBackwardInput',
  inputs: ['gy', 'x', 'b'], outputs: ['gx'], params: INPUT_PARAMS,
});

/**
 * Moving averages updated in place from rows 0–1 of t (Keras: moving ← moving·m + batch·(1 − m)).
 * Bindings: t, movingMean, movingVariance (the last two are written).
 */
export const batchNormUpdate = defineKernel<WgConstants, typeof UPDATE_PARAMS>({
  label: 'batchNorm.update', wgsl: [gridWgsl, updateWgsl], entryPoint: 'batchNormUpdate',
  inputs: ['t', 'movingMean', 'movingVariance'], outputs: [], params: UPDATE_PARAMS,
});

/** y[row] = a, y[row + 1] = b for a [count], b [count] into a [k, count] table. Bindings: a, b, y. */
export const stackRows = defineKernel<WgConstants, typeof STACK_PARAMS>({
  label: 'batchNorm.stackRows', wgsl: [gridWgsl, stackRowsWgsl], entryPoint: 'stackRows',
  inputs: ['a', 'b'], outputs: ['y'], params: STACK_PARAMS,
});

/** a = y[row], b = y[row + 1] from a [k, count] table. Bindings: y, a, b. */
export const unstackRows = defineKernel<WgConstants, typeof STACK_PARAMS>({
  label: 'batchNorm.unstackRows', wgsl: [gridWgsl, unstackRowsWgsl], entryPoint: 'unstackRows',
  inputs: ['y'], outputs: ['a', 'b'], params: STACK_PARAMS,
});

/** BatchNorm over the last (channel) axis: x viewed as [rows, channels], rows = N·H·W (or N). */
export interface BatchNormGeometry {
  readonly rows: number;
  readonly channels: number;
  readonly count: number;
}

/** The geometry of a channels-last BatchNorm of `shape` (rank ≥ 2). */
export function batchNormGeometry(shape: Shape, where = 'batchNorm'): BatchNormGeometry {
  if (shape.length < 2) throw new ShapeError(where, `input must be [batch, ..., channels] (rank ≥ 2, got ${shapeString(shape)})`);
  const channels = shape[shape.length - 1];
  const count = sizeOf(shape);
  return { rows: count / channels, channels, count };
}

/** The largest power of two ≤ n (n ≥ 1). */
function floorPow2(n: number): number {
  return 2 ** Math.floor(Math.log2(n));
}

/** The smallest power of two ≥ n (n ≥ 1). */
function ceilPow2(n: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(1, n)));
}

/** Most channels one workgroup of a channel reduction owns: the rest of the workgroup are row lanes. */
const MAX_CH_LANES = 16;

/**
 * Lays out a channel reduction's workgroup: chLanes adjacent channels (neighbouring invocations
 * read neighbouring addresses of an NHWC row) × WG / chLanes row lanes. Few channels get many
 * row lanes (a single channel: the whole workgroup sums it); at most 16 channels per workgroup so
 * at least WG / 16 lanes share the rows.
 */
export function chooseChannelLanes(channels: number, caps: DeviceCaps): ChannelLanes {
  const wg = floorPow2(workgroupInvocations(caps));
  return { WG: wg, chLanes: Math.min(ceilPow2(channels), MAX_CH_LANES, wg) };
}

function checkGeometry(g: BatchNormGeometry, caps: DeviceCaps, where: string): void {
  if (!Number.isInteger(g.rows) || g.rows < 1 || !Number.isInteger(g.channels) || g.channels < 1) {
    throw new ShapeError(where, `rows and channels must be positive integers (got rows ${g.rows}, channels ${g.channels})`);
  }
  checkElements(g.count, caps, where);
}

function planLanes(g: BatchNormGeometry, caps: DeviceCaps, where: string): { constants: WgConstants; chLanes: number; workgroups: [number, number, number] } {
  checkGeometry(g, caps, where);
  const { WG, chLanes } = chooseChannelLanes(g.channels, caps);
  return { constants: { WG }, chLanes, workgroups: grid1d(Math.ceil(g.channels / chLanes), caps, where) };
}

function plan1d(count: number, caps: DeviceCaps, where: string): { constants: ElementwiseConstants; workgroups: [number, number, number] } {
  checkElements(count, caps, where);
  const wg = workgroupInvocations(caps);
  return { constants: { WG: wg, ELEMS }, workgroups: grid1d(Math.ceil(count / (wg * ELEMS)), caps, where) };
}

function planPerItem(count: number, caps: DeviceCaps, where: string): { constants: WgConstants; workgroups: [number, number, number] } {
  checkElements(count, caps, where);
  const wg = workgroupInvocations(caps);
  return { constants: { WG: wg }, workgroups: grid1d(Math.ceil(count / wg), caps, where) };
}

/** Plans the batch moments of x (rows 0–1 of t). */
export function planBatchNormStats(g: BatchNormGeometry, caps: DeviceCaps): Plan<WgConstants, typeof ROWS_PARAMS> {
  const { constants, chLanes, workgroups } = planLanes(g, caps, 'batchNorm stats');
  return { constants, params: { rows: g.rows, channels: g.channels, chLanes }, workgroups };
}

/** Plans y = normalise(x) with the table t [4, channels]. */
export function planBatchNormApply(g: BatchNormGeometry, epsilon: number, caps: DeviceCaps): Plan<ElementwiseConstants, typeof APPLY_PARAMS> {
  checkGeometry(g, caps, 'batchNorm apply');
  return { ...plan1d(g.count, caps, 'batchNorm apply'), params: { count: g.count, channels: g.channels, epsilon } };
}

/** Plans the inference-mode input gradient gx = gy·gamma/√(var + ε). */
export function planBatchNormBackwardInference(g: BatchNormGeometry, epsilon: number, caps: DeviceCaps): Plan<ElementwiseConstants, typeof APPLY_PARAMS> {
  checkGeometry(g, caps, 'batchNorm backward');
  return { ...plan1d(g.count, caps, 'batchNorm backward'), params: { count: g.count, channels: g.channels, epsilon } };
}

/** Plans the training-mode backward sums (table b [5, channels]). */
export function planBatchNormBackwardReduce(g: BatchNormGeometry, epsilon: number, caps: DeviceCaps): Plan<WgConstants, typeof ROWS_EPS_PARAMS> {
  const { constants, chLanes, workgroups } = planLanes(g, caps, 'batchNorm backward');
  return { constants, params: { rows: g.rows, channels: g.channels, epsilon, chLanes }, workgroups };
}

/** Plans the training-mode input gradient from the table b. */
export function planBatchNormBackwardInput(g: BatchNormGeometry, caps: DeviceCaps): Plan<ElementwiseConstants, typeof INPUT_PARAMS> {
  checkGeometry(g, caps, 'batchNorm backward');
  return { ...plan1d(g.count, caps, 'batchNorm backward'), params: { count: g.count, channels: g.channels, rows: g.rows } };
}

/** Plans the in-place moving-average update with Keras's `momentum`. */
export function planBatchNormUpdate(channels: number, momentum: number, caps: DeviceCaps): Plan<WgConstants, typeof UPDATE_PARAMS> {
  return { ...planPerItem(channels, caps, 'batchNorm update'), params: { channels, momentum } };
}

/** Plans writing a and b ([count] each) into rows row and row + 1 of a [k, count] table. */
export function planStackRows(count: number, row: number, caps: DeviceCaps): Plan<WgConstants, typeof STACK_PARAMS> {
  return { ...planPerItem(count, caps, 'stack'), params: { count, row } };
}

/** Plans reading rows row and row + 1 of a [k, count] table into a and b. */
export function planUnstackRows(count: number, row: number, caps: DeviceCaps): Plan<WgConstants, typeof STACK_PARAMS> {
  return { ...planPerItem(count, caps, 'unstack'), params: { count, row } };
}
