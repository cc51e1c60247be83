import type { DType } from '../../kernels/kernel.js';
import { shapeString } from '../../kernels/shape.js';
import { ShapeError } from '../../errors.js';
import type { Value } from '../ir.js';

export function expectRank(where: string, what: string, v: Value, rank: number): void {
  if (v.shape.length !== rank) throw new ShapeError(where, `${what} must have rank ${rank} (got ${shapeString(v.shape)})`);
}

export function expectDtype(where: string, what: string, v: Value, dtype: DType): void {
  if (v.dtype !== dtype) throw new ShapeError(where, `${what} must be ${dtype} (got ${v.dtype})`);
}
