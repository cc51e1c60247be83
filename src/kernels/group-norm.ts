import gridWgsl from '../../shaders/common/grid.wgsl';
import laneSumWgsl from '../../shaders/batch-norm/lane-sum.wgsl';
import momentsWgsl from '../../shaders/group-norm/moments.wgsl';
import forwardWgsl from '../../shaders/group-norm/forward.wgsl';
import backwardInputWgsl from '../../shaders/group-norm/backward-input.wgsl';
import backwardParamsWgsl from '../../shaders/group-norm/backward-params.wgsl';
import type { DeviceCaps } from '../gpu/caps.js';
import { ShapeError } from '../errors.js';
import { chooseChannelLanes } from './batch-norm.js';
import { checkElements } from './elementwise.js';
import { defineKernel, grid1d, workgroupInvocations, type Plan } from './kernel.js';
import { shapeString, sizeOf, type Shape } from './shape.js';

const GROUP_PARAMS = { positions: 'u32', channels: 'u32', groups: 'u32', groupChannels: 'u32', epsilon: 'f32' } as const;
const PARAMS_GRAD_PARAMS = { rows: 'u32', positions: 'u32', channels: 'u32', groupChannels: 'u32', groups: 'u32', chLanes: 'u32' } as const;

/** Constants of the per-group kernels: the workgroup size (a power of two, one group per workgroup). */
export interface GroupConstants extends Record<string, number | boolean> {
  WG: number;
}

/**
 * Group normalization forward (layer norm is G = 1, P = 1): y and the per-group statistics
 * s [N·G, 2] = (mean, σ⁻¹). Bindings: x, gb [2, C] = (gamma, beta), y, s.
 */
export const groupNormForward = defineKernel<GroupConstants, typeof GROUP_PARAMS>({
  label: 'groupNorm.forward', wgsl: [gridWgsl, laneSumWgsl, momentsWgsl, forwardWgsl], entryPoint: 'groupNormForward',
  inputs: ['x', 'gb'], outputs: ['y', 's'], params: GROUP_PARAMS,
});

/** Input gradient of group/layer normalization (statistics recomputed). Bindings: gy, x, gb, gx. */
export const groupNormBackwardInput = defineKernel<GroupConstants, typeof GROUP_PARAMS>({
  label: 'groupNorm.backwardInput', wgsl: [gridWgsl, laneSumWgsl, momentsWgsl, backwardInputWgsl], entryPoint: 'groupNormBackwardInput',
  inputs: ['gy', 'x', 'gb'], outputs: ['gx'], params: GROUP_PARAMS,
});

/** Gamma and beta gradients d [2, C] = (dgamma, dbeta). Bindings: gy, x, s, d. */
export const groupNormBackwardParams = defineKernel<GroupConstants, typeof PARAMS_GRAD_PARAMS>({
  label: 'groupNorm.backwardParams', wgsl: [gridWgsl, laneSumWgsl, backwardParamsWgsl], entryPoint: 'groupNormBackwardParams',
  inputs: ['gy', 'x', 's'], outputs: ['d'], params: PARAMS_GRAD_PARAMS,
});

/**
 * A group or layer normalization of x viewed as [batch, positions, channels] (NHWC flattened),
 * channels in `groups` groups of `groupChannels`; each group (n, g) is normalised over its
 * positions·groupChannels elements. Layer norm: positions 1, groups 1, channels = the features.
 */
export interface GroupNormGeometry {
  readonly batch: number;
  readonly positions: number;
  readonly channels: number;
  readonly groups: number;
  readonly groupChannels: number;
}

/** Elements per group. */
export function groupSize(g: GroupNormGeometry): number {
  return g.positions * g.groupChannels;
}

/**
 * The geometry of GroupNorm over NHWC `shape` (rank ≥ 2: [N, ..., C]) with `groups` groups.
 * Throws a ShapeError when groups does not divide the channels.
 */
export function groupNormGeometry(shape: Shape, groups: number, where = 'groupNorm'): GroupNormGeometry {
  if (shape.length < 2) throw new ShapeError(where, `input must be [batch, ..., channels] (rank ≥ 2, got ${shapeString(shape)})`);
  const channels = shape[shape.length - 1];
  if (!Number.isInteger(groups) || groups < 1 || channels % groups !== 0) {
    throw new ShapeError(where, `groups (${groups}) must be a positive divisor of the channels (${channels}) of ${shapeString(shape)}`,
      'choose groups among the divisors of the channel count');
  }
  return { batch: shape[0], positions: sizeOf(shape.slice(1, -1)), channels, groups, groupChannels: channels / groups };
}

/**
 * Workgroup size of the per-group kernels: the device's allowance (a power of two), one size for
 * every geometry so a model compiles one pipeline per kernel. (Smaller workgroups for short
 * layer-norm rows would idle fewer invocations; measured compiles on lavapipe cost seconds each.)
 */
function groupWorkgroup(caps: DeviceCaps): GroupConstants {
  return { WG: 2 ** Math.floor(Math.log2(workgroupInvocations(caps))) };
}

function check(g: GroupNormGeometry, caps: DeviceCaps, where: string): number {
  const count = g.batch * g.positions * g.channels;
  if (![g.batch, g.positions, g.channels, g.groups].every((d) => Number.isInteger(d) && d >= 1) || g.groupChannels * g.groups !== g.channels) {
    throw new ShapeError(where, `invalid geometry ${JSON.stringify(g)}`);
  }
  checkElements(count, caps, where);
  return count;
}

/** Plans the forward pass: one workgroup per (sample, group). */
export function planGroupNormForward(g: GroupNormGeometry, epsilon: number, caps: DeviceCaps): Plan<GroupConstants, typeof GROUP_PARAMS> {
  check(g, caps, 'groupNorm');
  return {
    constants: groupWorkgroup(caps),
    params: { positions: g.positions, channels: g.channels, groups: g.groups, groupChannels: g.groupChannels, epsilon },
    workgroups: grid1d(g.batch * g.groups, caps, 'groupNorm'),
  };
}

/** Plans the input gradient: one workgroup per (sample, group). */
export function planGroupNormBackwardInput(g: GroupNormGeometry, epsilon: number, caps: DeviceCaps): Plan<GroupConstants, typeof GROUP_PARAMS> {
  return planGroupNormForward(g, epsilon, caps);
}

/** Plans the gamma/beta gradients: a channel reduction over the batch·positions rows. */
export function planGroupNormBackwardParams(g: GroupNormGeometry, caps: DeviceCaps): Plan<GroupConstants, typeof PARAMS_GRAD_PARAMS> {
  check(g, caps, 'groupNorm backward');
  const { WG, chLanes } = chooseChannelLanes(g.channels, caps);
  return {
    constants: { WG },
    params: { rows: g.batch * g.positions, positions: g.positions, channels: g.channels, groupChannels: g.groupChannels, groups: g.groups, chLanes },
    workgroups: grid1d(Math.ceil(g.channels / chLanes), caps, 'groupNorm backward'),
  };
}
