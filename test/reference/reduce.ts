import type { ReduceOp } from '../../src/kernels/reduce.js';
import type { Shape } from '../../src/kernels/shape.js';

function normalise(axes: readonly number[], rank: number): Set<number> {
  return new Set(axes.map((a) => (a < 0 ? a + rank : a)));
}

/** The output index (keepdims, row-major over the kept dims) of every input element, and the reduced count. */
function outputIndexMap(shape: Shape, axes: readonly number[]): { map: Int32Array; outCount: number; redCount: number } {
  const reduced = normalise(axes, shape.length);
  const n = shape.reduce((p, d) => p * d, 1);
  const map = new Int32Array(n);
  const coord = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let o = 0;
    for (let d = 0; d < shape.length; d++) o = o * (reduced.has(d) ? 1 : shape[d]) + (reduced.has(d) ? 0 : coord[d]);
    map[i] = o;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++coord[d] < shape[d]) break;
      coord[d] = 0;
    }
  }
  const outCount = shape.reduce((p, d, i) => p * (reduced.has(i) ? 1 : d), 1);
  const redCount = shape.reduce((p, d, i) => p * (reduced.has(i) ? d : 1), 1);
  return { map, outCount, redCount };
}

/** y = sum or mean of x over `axes`, keepdims layout, in float64. */
export function reduceRef(op: ReduceOp, x: ArrayLike<number>, shape: Shape, axes: readonly number[]): Float64Array {
  const { map, outCount, redCount } = outputIndexMap(shape, axes);
  const y = new Float64Array(outCount);
  for (let i = 0; i < map.length; i++) y[map[i]] += x[i];
  if (op === 'mean') for (let o = 0; o < outCount; o++) y[o] /= redCount;
  return y;
}

/** gx = gy broadcast back over the reduced axes (divided by the reduced count for mean). */
export function reduceBackwardRef(op: ReduceOp, gy: ArrayLike<number>, shape: Shape, axes: readonly number[]): Float64Array {
  const { map, redCount } = outputIndexMap(shape, axes);
  const scale = op === 'mean' ? 1 / redCount : 1;
  return Float64Array.from(map, (o) => gy[o] * scale);
}
