import type { Activation } from '../../src/kernels/activation.js';
import type { BinaryOp } from '../../src/kernels/elementwise.js';
import type { Shape } from '../../src/kernels/shape.js';
import { activate, activationGrad } from './activation.js';

/** Row-major strides of `shape`. */
function strides(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let next = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = next;
    next *= shape[i];
  }
  return s;
}

function size(shape: Shape): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** The NumPy broadcast of two shapes, written independently of the kernel module's. */
export function broadcastShapeRef(a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new Error(`shapes [${a}] and [${b}] do not broadcast`);
    return da === 1 ? db : da;
  });
}

/** Index into a tensor of `shape` of the element at output coordinates `coord` (right-aligned, broadcast). */
function sourceIndex(coord: readonly number[], shape: Shape): number {
  const lead = coord.length - shape.length;
  const s = strides(shape);
  let index = 0;
  for (let i = 0; i < shape.length; i++) index += (shape[i] === 1 ? 0 : coord[lead + i]) * s[i];
  return index;
}

/** Calls `f(outIndex, coord)` for every element of `shape`, in row-major order. */
function forEachCoord(shape: Shape, f: (index: number, coord: readonly number[]) => void): void {
  const coord = new Array<number>(shape.length).fill(0);
  const n = size(shape);
  for (let index = 0; index < n; index++) {
    f(index, coord);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++coord[d] < shape[d]) break;
      coord[d] = 0;
    }
  }
}

/** y = activation(x) in float64. */
export function unaryRef(activation: Activation, x: ArrayLike<number>, alpha: number): Float64Array {
  return Float64Array.from(x as ArrayLike<number>, (v) => activate(activation, v, alpha));
}

/** gx = gy · activation′(x), in terms of the forward input x. */
export function unaryBackwardRef(activation: Activation, gy: ArrayLike<number>, x: ArrayLike<number>, alpha: number): Float64Array {
  return Float64Array.from(x as ArrayLike<number>, (v, i) => gy[i] * activationGrad(activation, v, alpha));
}

/** y = x · alpha. */
export function scaleRef(x: ArrayLike<number>, alpha: number): Float64Array {
  return Float64Array.from(x as ArrayLike<number>, (v) => v * alpha);
}

function applyOp(op: BinaryOp, u: number, v: number): number {
  switch (op) {
    case 'add': return u + v;
    case 'sub': return u - v;
    case 'mul': return u * v;
    case 'div': return u / v;
    case 'squaredDifference': return (u - v) * (u - v);
  }
}

/** ∂op/∂u and ∂op/∂v at (u, v). */
function opGrad(op: BinaryOp, u: number, v: number): [number, number] {
  switch (op) {
    case 'add': return [1, 1];
    case 'sub': return [1, -1];
    case 'mul': return [v, u];
    case 'div': return [1 / v, -u / (v * v)];
    case 'squaredDifference': return [2 * (u - v), -2 * (u - v)];
  }
}

/** y = op(a, b) with NumPy broadcasting, in float64; returns y and its shape. */
export function binaryRef(op: BinaryOp, a: ArrayLike<number>, aShape: Shape, b: ArrayLike<number>, bShape: Shape): { y: Float64Array; shape: number[] } {
  const shape = broadcastShapeRef(aShape, bShape);
  const y = new Float64Array(size(shape));
  forEachCoord(shape, (i, coord) => {
    y[i] = applyOp(op, a[sourceIndex(coord, aShape)], b[sourceIndex(coord, bShape)]);
  });
  return { y, shape };
}

/**
 * The gradients of Σ gy ⊙ op(a, b) with respect to a and b: the elementwise partials times gy,
 * summed back over the dims each operand was broadcast along (so ga has a's shape, gb b's).
 */
export function binaryBackwardRef(
  op: BinaryOp, a: ArrayLike<number>, aShape: Shape, b: ArrayLike<number>, bShape: Shape, gy: ArrayLike<number>,
): { ga: Float64Array; gb: Float64Array } {
  const shape = broadcastShapeRef(aShape, bShape);
  const ga = new Float64Array(size(aShape));
  const gb = new Float64Array(size(bShape));
  forEachCoord(shape, (i, coord) => {
    const ia = sourceIndex(coord, aShape);
    const ib = sourceIndex(coord, bShape);
    const [da, db] = opGrad(op, a[ia], b[ib]);
    ga[ia] += gy[i] * da;
    gb[ib] += gy[i] * db;
  });
  return { ga, gb };
}

/** y = x broadcast to `outShape`. */
export function broadcastToRef(x: ArrayLike<number>, inShape: Shape, outShape: Shape): Float64Array {
  const y = new Float64Array(size(outShape));
  forEachCoord(outShape, (i, coord) => {
    y[i] = x[sourceIndex(coord, inShape)];
  });
  return y;
}

/** The gradient of broadcastTo: gy summed over the broadcast dims back to `inShape`. */
export function broadcastToBackwardRef(gy: ArrayLike<number>, inShape: Shape, outShape: Shape): Float64Array {
  const gx = new Float64Array(size(inShape));
  forEachCoord(outShape, (i, coord) => {
    gx[sourceIndex(coord, inShape)] += gy[i];
  });
  return gx;
}
