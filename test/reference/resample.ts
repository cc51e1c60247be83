import type { ChannelCopyGeometry, Shift2dGeometry, UpSampling2dGeometry } from '../../src/kernels/resample.js';

// Float64 references of the resampling kernels: upsampling as a sum of weighted taps per output
// (the backward scatters the same taps), padding/cropping as a shifted copy, concatenation as
// channel-slice copies.

/** The taps of output coordinate o along one axis: [input coordinate, weight] pairs. */
function taps(o: number, size: number, extent: number, bilinear: boolean): [number, number][] {
  if (!bilinear) return [[Math.floor(o / size), 1]];
  // Half-pixel centres (tf.image.resize, PyTorch align_corners=False), source clamped below at 0.
  const src = Math.max((o + 0.5) / size - 0.5, 0);
  const i0 = Math.min(Math.floor(src), extent - 1);
  const i1 = Math.min(i0 + 1, extent - 1);
  const t = src - i0;
  return [[i0, 1 - t], [i1, t]];
}

function forEachTap(g: UpSampling2dGeometry, f: (o: number, i: number, weight: number) => void): void {
  const bilinear = g.interpolation === 'bilinear';
  for (let n = 0; n < g.batch; n++) {
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        for (const [ih, wh] of taps(oh, g.sizeH, g.inH, bilinear)) {
          for (const [iw, ww] of taps(ow, g.sizeW, g.inW, bilinear)) {
            for (let c = 0; c < g.channels; c++) {
              f(((n * g.outH + oh) * g.outW + ow) * g.channels + c, ((n * g.inH + ih) * g.inW + iw) * g.channels + c, wh * ww);
            }
          }
        }
      }
    }
  }
}

/** y = x upsampled by (sizeH, sizeW), nearest or bilinear. */
export function upSampling2dRef(x: ArrayLike<number>, g: UpSampling2dGeometry): Float64Array {
  const y = new Float64Array(g.batch * g.outH * g.outW * g.channels);
  forEachTap(g, (o, i, w) => (y[o] += w * x[i]));
  return y;
}

/** gx: each gy scattered over the taps that read it. */
export function upSampling2dBackwardRef(gy: ArrayLike<number>, g: UpSampling2dGeometry): Float64Array {
  const gx = new Float64Array(g.batch * g.inH * g.inW * g.channels);
  forEachTap(g, (o, i, w) => (gx[i] += w * gy[o]));
  return gx;
}

/** y[n,oh,ow,c] = x[n, oh − offH, ow − offW, c] inside x, else 0 (zero padding or cropping). */
export function shift2dRef(x: ArrayLike<number>, g: Shift2dGeometry): Float64Array {
  const y = new Float64Array(g.batch * g.outH * g.outW * g.channels);
  for (let n = 0; n < g.batch; n++) {
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        const ih = oh - g.offH;
        const iw = ow - g.offW;
        if (ih < 0 || ih >= g.inH || iw < 0 || iw >= g.inW) continue;
        for (let c = 0; c < g.channels; c++) y[((n * g.outH + oh) * g.outW + ow) * g.channels + c] = x[((n * g.inH + ih) * g.inW + iw) * g.channels + c];
      }
    }
  }
  return y;
}

/** dst with its channel slice overwritten from src's (a copy of dst is returned). */
export function channelCopyRef(src: ArrayLike<number>, dst: ArrayLike<number>, g: ChannelCopyGeometry): Float64Array {
  const y = Float64Array.from(dst);
  for (let r = 0; r < g.rows; r++) {
    for (let c = 0; c < g.width; c++) y[r * g.dstChannels + g.dstOffset + c] = src[r * g.srcChannels + g.srcOffset + c];
  }
  return y;
}

/** Concatenation along the last axis of `xs`, each [rows, channels[i]]. */
export function concatenateRef(xs: readonly ArrayLike<number>[], rows: number, channels: readonly number[]): Float64Array {
  const total = channels.reduce((s, c) => s + c, 0);
  let y: Float64Array = new Float64Array(rows * total);
  let offset = 0;
  xs.forEach((x, i) => {
    y = channelCopyRef(x, y, { rows, width: channels[i], srcChannels: channels[i], srcOffset: 0, dstChannels: total, dstOffset: offset });
    offset += channels[i];
  });
  return y;
}
