import type { Activation } from '../../src/kernels/activation.js';
import type { DepthwiseConv2dGeometry } from '../../src/kernels/depthwise-conv2d.js';
import { activate } from './activation.js';

// Float64 references of the depthwise convolution (Keras DepthwiseConv2D, PyTorch Conv2d with
// groups = inChannels): x NHWC, w [kh, kw, inC, M], y NHWC with channel k = c·M + m. Plain loops,
// written for clarity; the backward passes are written directly from the forward sum.

const xAt = (g: DepthwiseConv2dGeometry, n: number, h: number, w: number, c: number) => ((n * g.inH + h) * g.inW + w) * g.inChannels + c;
const yAt = (g: DepthwiseConv2dGeometry, n: number, h: number, w: number, k: number) => ((n * g.outH + h) * g.outW + w) * g.outChannels + k;
const wAt = (g: DepthwiseConv2dGeometry, i: number, j: number, c: number, m: number) => ((i * g.kernelW + j) * g.inChannels + c) * g.multiplier + m;

/** Calls `f(n, oh, ow, c, m, ih, iw, i, j)` for every tap that reads a pixel inside the input. */
function eachTap(g: DepthwiseConv2dGeometry, f: (n: number, oh: number, ow: number, c: number, m: number, ih: number, iw: number, i: number, j: number) => void): void {
  for (let n = 0; n < g.batch; n++) {
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        for (let i = 0; i < g.kernelH; i++) {
          const ih = oh * g.strideH + i * g.dilationH - g.padTop;
          if (ih < 0 || ih >= g.inH) continue;
          for (let j = 0; j < g.kernelW; j++) {
            const iw = ow * g.strideW + j * g.dilationW - g.padLeft;
            if (iw < 0 || iw >= g.inW) continue;
            for (let c = 0; c < g.inChannels; c++) for (let m = 0; m < g.multiplier; m++) f(n, oh, ow, c, m, ih, iw, i, j);
          }
        }
      }
    }
  }
}

/** y = activation(depthwise(x, w) + b). */
export function depthwiseConv2dRef(g: DepthwiseConv2dGeometry, x: ArrayLike<number>, w: ArrayLike<number>, b?: ArrayLike<number>, activation: Activation = 'linear', alpha = 0.2): Float64Array {
  const y = new Float64Array(g.batch * g.outH * g.outW * g.outChannels);
  eachTap(g, (n, oh, ow, c, m, ih, iw, i, j) => {
    y[yAt(g, n, oh, ow, c * g.multiplier + m)] += x[xAt(g, n, ih, iw, c)] * w[wAt(g, i, j, c, m)];
  });
  for (let o = 0; o < y.length; o++) y[o] = activate(activation, y[o] + (b ? b[o % g.outChannels] : 0), alpha);
  return y;
}

/** gx = ∂(Σ gy·y)/∂x for the linear depthwise convolution. */
export function depthwiseConv2dBackwardInputRef(g: DepthwiseConv2dGeometry, gy: ArrayLike<number>, w: ArrayLike<number>): Float64Array {
  const gx = new Float64Array(g.batch * g.inH * g.inW * g.inChannels);
  eachTap(g, (n, oh, ow, c, m, ih, iw, i, j) => {
    gx[xAt(g, n, ih, iw, c)] += gy[yAt(g, n, oh, ow, c * g.multiplier + m)] * w[wAt(g, i, j, c, m)];
  });
  return gx;
}

/** gw = ∂(Σ gy·y)/∂w, [kh, kw, inC, M], summed over batch and space. */
export function depthwiseConv2dBackwardFilterRef(g: DepthwiseConv2dGeometry, x: ArrayLike<number>, gy: ArrayLike<number>): Float64Array {
  const gw = new Float64Array(g.kernelH * g.kernelW * g.inChannels * g.multiplier);
  eachTap(g, (n, oh, ow, c, m, ih, iw, i, j) => {
    gw[wAt(g, i, j, c, m)] += x[xAt(g, n, ih, iw, c)] * gy[yAt(g, n, oh, ow, c * g.multiplier + m)];
  });
  return gw;
}

/**
 * The partial filter gradients [chunks, kh, kw, inC, M] the GPU pass produces: chunk q sums the
 * output rows r = n·outH + oh in [q·rowsPerChunk, (q + 1)·rowsPerChunk).
 */
export function depthwiseConv2dBackwardFilterPartsRef(g: DepthwiseConv2dGeometry, x: ArrayLike<number>, gy: ArrayLike<number>, chunks: number, rowsPerChunk: number): Float64Array {
  const size = g.kernelH * g.kernelW * g.inChannels * g.multiplier;
  const parts = new Float64Array(chunks * size);
  eachTap(g, (n, oh, ow, c, m, ih, iw, i, j) => {
    const q = Math.floor((n * g.outH + oh) / rowsPerChunk);
    parts[q * size + wAt(g, i, j, c, m)] += x[xAt(g, n, ih, iw, c)] * gy[yAt(g, n, oh, ow, c * g.multiplier + m)];
  });
  return parts;
}
