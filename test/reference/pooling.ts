import type { Pool2dGeometry } from '../../src/kernels/pooling.js';

// Float64 references of the pooling kernels, written as the definitions read: loop over every
// output and its window (cells outside the input skipped), and scatter gradients back.

const at = (g: Pool2dGeometry, n: number, h: number, w: number, c: number) => ((n * g.inH + h) * g.inW + w) * g.channels + c;
const out = (g: Pool2dGeometry, n: number, h: number, w: number, c: number) => ((n * g.outH + h) * g.outW + w) * g.channels + c;

/** Calls `f` for every output (n, oh, ow, c) with the input indices of its window, in window order (row-major). */
function forEachWindow(g: Pool2dGeometry, f: (o: number, cells: number[]) => void): void {
  for (let n = 0; n < g.batch; n++) {
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++) {
        for (let c = 0; c < g.channels; c++) {
          const cells: number[] = [];
          for (let i = 0; i < g.poolH; i++) {
            for (let j = 0; j < g.poolW; j++) {
              const h = oh * g.strideH - g.padTop + i;
              const w = ow * g.strideW - g.padLeft + j;
              if (h >= 0 && h < g.inH && w >= 0 && w < g.inW) cells.push(at(g, n, h, w, c));
            }
          }
          f(out(g, n, oh, ow, c), cells);
        }
      }
    }
  }
}

/** The input index of each output's first maximum (ties: first in window order). */
export function maxPool2dArgmaxRef(x: ArrayLike<number>, g: Pool2dGeometry): Int32Array {
  const arg = new Int32Array(g.batch * g.outH * g.outW * g.channels);
  forEachWindow(g, (o, cells) => {
    let best = cells[0];
    for (const k of cells) if (x[k] > x[best]) best = k;
    arg[o] = best;
  });
  return arg;
}

/** y = max over each window. */
export function maxPool2dRef(x: ArrayLike<number>, g: Pool2dGeometry): Float64Array {
  return Float64Array.from(maxPool2dArgmaxRef(x, g), (k) => x[k]);
}

/** gx: each gy added at its window's first maximum. */
export function maxPool2dBackwardRef(x: ArrayLike<number>, gy: ArrayLike<number>, g: Pool2dGeometry): Float64Array {
  const gx = new Float64Array(x.length);
  maxPool2dArgmaxRef(x, g).forEach((k, o) => (gx[k] += gy[o]));
  return gx;
}

/** y = mean over each window's cells inside the input (TF; PyTorch count_include_pad=False). */
export function avgPool2dRef(x: ArrayLike<number>, g: Pool2dGeometry): Float64Array {
  const y = new Float64Array(g.batch * g.outH * g.outW * g.channels);
  forEachWindow(g, (o, cells) => {
    y[o] = cells.reduce((s, k) => s + x[k], 0) / cells.length;
  });
  return y;
}

/** gx: each gy / count spread over its window's cells. */
export function avgPool2dBackwardRef(gy: ArrayLike<number>, g: Pool2dGeometry): Float64Array {
  const gx = new Float64Array(g.batch * g.inH * g.inW * g.channels);
  forEachWindow(g, (o, cells) => {
    for (const k of cells) gx[k] += gy[o] / cells.length;
  });
  return gx;
}
