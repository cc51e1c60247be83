import gridWgsl from '../../shaders/common/grid.wgsl';
import commonWgsl from '../../shaders/resample/common.wgsl';
import upSamplingWgsl from '../../shaders/resample/up-sampling.wgsl';
import upSamplingBackwardWgsl from '../../shaders/resample/up-sampling-backward.wgsl';
import zeroPaddingWgsl from '../../shaders/resample/zero-padding.wgsl';
import channelCopyWgsl from '../../shaders/resample/channel-copy.wgsl';
import type { DeviceCaps } from '../gpu/caps.js';
import { ShapeError } from '../errors.js';
import { defineKernel, type Plan } from './kernel.js';
import { plan1dCount, type PoolConstants } from './pooling.js';
import { shapeString, sizeOf, type Shape } from './shape.js';

const UP_PARAMS = { count: 'u32', channels: 'u32', inH: 'u32', inW: 'u32', outH: 'u32', outW: 'u32', sizeH: 'u32', sizeW: 'u32' } as const;
const PAD_PARAMS = { count: 'u32', channels: 'u32', inH: 'u32', inW: 'u32', outH: 'u32', outW: 'u32', offH: 'i32', offW: 'i32' } as const;
const COPY_PARAMS = { count: 'u32', width: 'u32', srcChannels: 'u32', srcOffset: 'u32', dstChannels: 'u32', dstOffset: 'u32' } as const;

/** Constants of the upsampling kernels: BILINEAR picks bilinear over nearest. */
export interface UpSamplingConstants extends PoolConstants {
  BILINEAR: boolean;
}

/** Keras UpSampling2D interpolation. */
export type Interpolation = 'nearest' | 'bilinear';

function expectNhwc(where: string, shape: Shape): void {
  if (shape.length !== 4) throw new ShapeError(where, `expects an NHWC input [batch, height, width, channels] (got ${shapeString(shape)})`);
}

/** An upsampling by integer factors: x [N,inH,inW,C] → y [N,inH·sizeH,inW·sizeW,C]. */
export interface UpSampling2dGeometry {
  readonly batch: number;
  readonly inH: number;
  readonly inW: number;
  readonly channels: number;
  readonly sizeH: number;
  readonly sizeW: number;
  readonly outH: number;
  readonly outW: number;
  readonly interpolation: Interpolation;
  readonly inShape: Shape;
  readonly outShape: Shape;
}

/** Validates an upsampling (positive integer factors, NHWC input) and computes its geometry. */
export function upSampling2dGeometry(inShape: Shape, size: readonly [number, number], interpolation: Interpolation, where = 'upSampling2d'): UpSampling2dGeometry {
  expectNhwc(where, inShape);
  if (size.length !== 2 || size.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ShapeError(where, `size must be two positive integers [rows, columns] (got [${size.join(', ')}])`);
  }
  if (interpolation !== 'nearest' && interpolation !== 'bilinear') {
    throw new ShapeError(where, `interpolation must be 'nearest' or 'bilinear' (got '${String(interpolation)}')`);
  }
  const [batch, inH, inW, channels] = inShape;
  const [sizeH, sizeW] = size;
  const outH = inH * sizeH;
  const outW = inW * sizeW;
  return { batch, inH, inW, channels, sizeH, sizeW, outH, outW, interpolation, inShape: [...inShape], outShape: [batch, outH, outW, channels] };
}

/** y = x enlarged by (sizeH, sizeW), nearest or bilinear with half-pixel centres. Bindings: x, y. */
export const upSampling2dForward = defineKernel<UpSamplingConstants, typeof UP_PARAMS>({
  label: 'resample.upSampling2d.forward', wgsl: [gridWgsl, commonWgsl, upSamplingWgsl], entryPoint: 'upSampling2dForward',
  inputs: ['x'], outputs: ['y'], params: UP_PARAMS,
});

/** gx = the transpose of the upsampling applied to gy (a gather). Bindings: gy, gx. */
export const upSampling2dBackward = defineKernel<UpSamplingConstants, typeof UP_PARAMS>({
  label: 'resample.upSampling2d.backward', wgsl: [gridWgsl, commonWgsl, upSamplingBackwardWgsl], entryPoint: 'upSampling2dBackward',
  inputs: ['gy'], outputs: ['gx'], params: UP_PARAMS,
});

function planUp(g: UpSampling2dGeometry, count: number, caps: DeviceCaps, where: string): Plan<UpSamplingConstants, typeof UP_PARAMS> {
  const { constants, workgroups } = plan1dCount(count, sizeOf(g.outShape), caps, where);
  return {
    constants: { ...constants, BILINEAR: g.interpolation === 'bilinear' },
    params: { count, channels: g.channels, inH: g.inH, inW: g.inW, outH: g.outH, outW: g.outW, sizeH: g.sizeH, sizeW: g.sizeW },
    workgroups,
  };
}

/** Plans upSampling2dForward: one invocation per output element. */
export function planUpSampling2d(g: UpSampling2dGeometry, caps: DeviceCaps): Plan<UpSamplingConstants, typeof UP_PARAMS> {
  return planUp(g, sizeOf(g.outShape), caps, 'upSampling2d');
}

/** Plans upSampling2dBackward: one invocation per input element. */
export function planUpSampling2dBackward(g: UpSampling2dGeometry, caps: DeviceCaps): Plan<UpSamplingConstants, typeof UP_PARAMS> {
  return planUp(g, sizeOf(g.inShape), caps, 'upSampling2d backward');
}

/** [[top, bottom], [left, right]] cells, Keras ZeroPadding2D / Cropping2D order. */
export type Padding2d = readonly [readonly [number, number], readonly [number, number]];

/**
 * A shift of the spatial plane: y[n,oh,ow,c] = x[n, oh − offH, ow − offW, c] inside x, else 0.
 * Zero padding has offsets (top, left) and a larger output; cropping negative offsets and a smaller one.
 */
export interface Shift2dGeometry {
  readonly batch: number;
  readonly inH: number;
  readonly inW: number;
  readonly channels: number;
  readonly outH: number;
  readonly outW: number;
  readonly offH: number;
  readonly offW: number;
  readonly inShape: Shape;
  readonly outShape: Shape;
}

function checkPadding(where: string, what: string, p: Padding2d): void {
  const flat = p.flat();
  if (p.length !== 2 || p.some((r) => r.length !== 2) || flat.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ShapeError(where, `${what} must be [[top, bottom], [left, right]] of non-negative integers (got ${JSON.stringify(p)})`);
  }
}

function shiftGeometry(inShape: Shape, outH: number, outW: number, offH: number, offW: number): Shift2dGeometry {
  const [batch, inH, inW, channels] = inShape;
  return { batch, inH, inW, channels, outH, outW, offH, offW, inShape: [...inShape], outShape: [batch, outH, outW, channels] };
}

/** Zero padding of an NHWC input by [[top, bottom], [left, right]] (Keras ZeroPadding2D). */
export function zeroPadding2dGeometry(inShape: Shape, padding: Padding2d, where = 'zeroPadding2d'): Shift2dGeometry {
  expectNhwc(where, inShape);
  checkPadding(where, 'padding', padding);
  const [[top, bottom], [left, right]] = padding;
  return shiftGeometry(inShape, inShape[1] + top + bottom, inShape[2] + left + right, top, left);
}

/** Cropping of an NHWC input by [[top, bottom], [left, right]] (Keras Cropping2D); the output must not be empty. */
export function cropping2dGeometry(inShape: Shape, cropping: Padding2d, where = 'cropping2d'): Shift2dGeometry {
  expectNhwc(where, inShape);
  checkPadding(where, 'cropping', cropping);
  const [[top, bottom], [left, right]] = cropping;
  const outH = inShape[1] - top - bottom;
  const outW = inShape[2] - left - right;
  if (outH < 1 || outW < 1) {
    throw new ShapeError(where, `cropping ${JSON.stringify(cropping)} leaves an empty output of ${inShape[1]}×${inShape[2]} (got ${outH}×${outW})`);
  }
  return shiftGeometry(inShape, outH, outW, -top, -left);
}

/** y = x shifted into a padded or cropped plane, zeros elsewhere. Bindings: x, y. */
export const zeroPadding2dForward = defineKernel<PoolConstants, typeof PAD_PARAMS>({
  label: 'resample.zeroPadding2d.forward', wgsl: [gridWgsl, zeroPaddingWgsl], entryPoint: 'zeroPadding2dForward',
  inputs: ['x'], outputs: ['y'], params: PAD_PARAMS,
});

/** Plans zeroPadding2dForward for a padding or a cropping: one invocation per output element. */
export function planShift2d(g: Shift2dGeometry, caps: DeviceCaps): Plan<PoolConstants, typeof PAD_PARAMS> {
  const count = sizeOf(g.outShape);
  const { constants, workgroups } = plan1dCount(count, Math.max(count, sizeOf(g.inShape)), caps, 'zeroPadding2d');
  return { constants, params: { count, channels: g.channels, inH: g.inH, inW: g.inW, outH: g.outH, outW: g.outW, offH: g.offH, offW: g.offW }, workgroups };
}

/**
 * One block copy of channels: dst[r, dstOffset + c] = src[r, srcOffset + c] for c < width over
 * `rows`. A concatenation is one per input (src = input i, dstOffset = Σ earlier widths); its
 * gradient one per input the other way round (src = gy, srcOffset = that sum).
 */
export interface ChannelCopyGeometry {
  readonly rows: number;
  readonly width: number;
  readonly srcChannels: number;
  readonly srcOffset: number;
  readonly dstChannels: number;
  readonly dstOffset: number;
}

/** dst's channel slice ← src's channel slice (concatenate and its gradient). Bindings: src, dst. */
export const channelCopy = defineKernel<PoolConstants, typeof COPY_PARAMS>({
  label: 'resample.channelCopy', wgsl: [gridWgsl, channelCopyWgsl], entryPoint: 'channelCopyForward',
  inputs: ['src'], outputs: ['dst'], params: COPY_PARAMS,
});

/** Plans one channelCopy dispatch: one invocation per copied element. */
export function planChannelCopy(g: ChannelCopyGeometry, caps: DeviceCaps): Plan<PoolConstants, typeof COPY_PARAMS> {
  const where = 'channelCopy';
  if (g.srcOffset + g.width > g.srcChannels || g.dstOffset + g.width > g.dstChannels) {
    throw new ShapeError(where, `slice of ${g.width} channels does not fit (src ${g.srcOffset}+${g.width} of ${g.srcChannels}, dst ${g.dstOffset}+${g.width} of ${g.dstChannels})`);
  }
  const count = g.rows * g.width;
  const { constants, workgroups } = plan1dCount(count, g.rows * Math.max(g.srcChannels, g.dstChannels), caps, where);
  return { constants, params: { count, width: g.width, srcChannels: g.srcChannels, srcOffset: g.srcOffset, dstChannels: g.dstChannels, dstOffset: g.dstOffset }, workgroups };
}

/**
 * Validates a concatenation along the last axis (equal rank ≥ 2, equal leading dims, at least
 * two inputs) and returns the output shape and each input's channel offset in it.
 */
export function concatenateGeometry(shapes: readonly Shape[], where = 'concatenate'): { outShape: Shape; offsets: number[]; rows: number } {
  if (shapes.length < 2) throw new ShapeError(where, `needs at least 2 inputs (got ${shapes.length})`);
  const first = shapes[0];
  if (first.length < 2) throw new ShapeError(where, `inputs must have rank ≥ 2 (got ${shapeString(first)})`);
  const offsets: number[] = [];
  let total = 0;
  shapes.forEach((s, i) => {
    if (s.length !== first.length || s.slice(0, -1).some((d, j) => d !== first[j])) {
      throw new ShapeError(where, `input ${i} ${shapeString(s)} does not match input 0 ${shapeString(first)} on every axis but the last`,
        'concatenate joins channels (axis -1); batch and spatial sizes must be equal');
    }
    offsets.push(total);
    total += s[s.length - 1];
  });
  return { outShape: [...first.slice(0, -1), total], offsets, rows: sizeOf(first.slice(0, -1)) };
}
