import type { Conv2dGeometry } from '../../src/kernels/conv2d.js';
import { activate } from './activation.js';

// Float64 references of conv2d's three passes, plain loops over the definition
//   y[n,oh,ow,g·coutG+k] = b[k] + Σ_{i,j,c} x[n, oh·sh + i·dh − pt, ow·sw + j·dw − pl, g·cinG+c] · w[i,j,c,g·coutG+k].
// Each visits every (output, tap, channel) triple once and skips taps in the padding.

type Visit = (xi: number, wi: number, yi: number) => void;

function forEachTerm(g: Conv2dGeometry, visit: Visit): void {
  for (let n = 0; n < g.batch; n++) {
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        for (let i = 0; i < g.kh; i++) {
          const ih = oh * g.strideH + i * g.dilationH - g.padTop;
          if (ih < 0 || ih >= g.inH) continue;
          for (let j = 0; j < g.kw; j++) {
            const iw = ow * g.strideW + j * g.dilationW - g.padLeft;
            if (iw < 0 || iw >= g.inW) continue;
            for (let gr = 0; gr < g.groups; gr++) {
              for (let k = 0; k < g.coutG; k++) {
                const col = gr * g.coutG + k;
                for (let c = 0; c < g.cinG; c++) {
                  visit(((n * g.inH + ih) * g.inW + iw) * g.inC + gr * g.cinG + c, ((i * g.kw + j) * g.cinG + c) * g.outC + col, ((n * g.outH + oh) * g.outW + ow) * g.outC + col);
                }
              }
            }
          }
        }
      }
    }
  }
}

/** y = activation(conv2d(x, w) + b), NHWC / HWIO. */
export function conv2dRef(g: Conv2dGeometry, x: ArrayLike<number>, w: ArrayLike<number>, b?: ArrayLike<number>): Float64Array {
  const y = new Float64Array(g.batch * g.outH * g.outW * g.outC);
  forEachTerm(g, (xi, wi, yi) => { y[yi] += x[xi] * w[wi]; });
  for (let i = 0; i < y.length; i++) y[i] = activate(g.activation, y[i] + (b ? b[i % g.outC] : 0), g.alpha);
  return y;
}

/** gx = ∂(Σ gy·conv2d(x, w)) / ∂x (also conv2dTranspose's forward pass, gy in the role of x). */
export function conv2dBackwardInputRef(g: Conv2dGeometry, gy: ArrayLike<number>, w: ArrayLike<number>): Float64Array {
  const gx = new Float64Array(g.batch * g.inH * g.inW * g.inC);
  forEachTerm(g, (xi, wi, yi) => { gx[xi] += gy[yi] * w[wi]; });
  return gx;
}

/** gw = ∂(Σ gy·conv2d(x, w)) / ∂w, HWIO. */
export function conv2dBackwardFilterRef(g: Conv2dGeometry, x: ArrayLike<number>, gy: ArrayLike<number>): Float64Array {
  const gw = new Float64Array(g.kh * g.kw * g.cinG * g.outC);
  forEachTerm(g, (xi, wi, yi) => { gw[wi] += x[xi] * gy[yi]; });
  return gw;
}
