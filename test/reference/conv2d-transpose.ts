import type { Conv2dGeometry } from '../../src/kernels/conv2d.js';

// Float64 reference of a transposed convolution, written directly as a scatter (each input pixel
// adds its filter-weighted copy to the output window), independent of conv2d's references.
// `g` is conv2dTransposeGeometry's: in* describe the output y, out* the input x.

/** y[n, oh·sh + i·dh − pt, ow·sw + j·dw − pl, f] += x[n, oh, ow, c] · w[i, j, f, c] (w is Keras' [kh, kw, filters, inC]). */
export function conv2dTransposeRef(g: Conv2dGeometry, x: ArrayLike<number>, w: ArrayLike<number>): Float64Array {
  const y = new Float64Array(g.batch * g.inH * g.inW * g.inC);
  for (let n = 0; n < g.batch; n++) {
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        for (let i = 0; i < g.kh; i++) {
          const yh = oh * g.strideH + i * g.dilationH - g.padTop;
          for (let j = 0; j < g.kw; j++) {
            const yw = ow * g.strideW + j * g.dilationW - g.padLeft;
            if (yh < 0 || yh >= g.inH || yw < 0 || yw >= g.inW) continue;
            for (let f = 0; f < g.inC; f++) {
              let acc = 0;
              for (let c = 0; c < g.outC; c++) acc += x[((n * g.outH + oh) * g.outW + ow) * g.outC + c] * w[((i * g.kw + j) * g.inC + f) * g.outC + c];
              y[((n * g.inH + yh) * g.inW + yw) * g.inC + f] += acc;
            }
          }
        }
      }
    }
  }
  return y;
}
