import { ShapeError } from '../errors.js';
import { conv2dGeometry, type Conv2dGeometry } from './conv2d.js';
import { shapeString, type Shape } from './shape.js';

// A transposed convolution shares every kernel of conv2d (shaders/conv2d/): its forward pass is
// conv2d's backward-input, its input gradient conv2d's forward, its filter gradient conv2d's
// backward-filter with x and gy swapping roles. All it adds is the geometry below.

export interface Conv2dTransposeOptions {
  readonly strides?: number | readonly [number, number];
  readonly padding?: 'same' | 'valid';
  /** Extra rows/columns at the bottom/right of the output, each below its stride (Keras `output_padding`). */
  readonly outputPadding?: number | readonly [number, number];
  readonly dilation?: number | readonly [number, number];
}

const pair = (v: number | readonly [number, number] | undefined, dflt: number): [number, number] =>
  v === undefined ? [dflt, dflt] : typeof v === 'number' ? [v, v] : [v[0], v[1]];

/** Keras' `deconv_output_length`: the output length of a transposed convolution along one axis. */
export function conv2dTransposeLength(size: number, k: number, stride: number, dilation: number, padding: 'same' | 'valid', outputPadding: number | null): number {
  const dk = (k - 1) * dilation + 1;
  if (outputPadding === null) return padding === 'valid' ? size * stride + Math.max(dk - stride, 0) : size * stride;
  const pad = padding === 'same' ? Math.floor(dk / 2) : 0;
  return (size - 1) * stride + dk - 2 * pad + outputPadding;
}

/**
 * The geometry of the convolution whose input gradient a transposed convolution computes:
 * x [batch, h, w, inC] → y [batch, outH', outW', filters], filter [kh, kw, filters, inC] as Keras
 * stores it (which is conv2d's HWIO filter of the convolution y → x). In the returned geometry
 * `in*` describe y and `out*` describe x.
 */
export function conv2dTransposeGeometry(inputShape: Shape, filterShape: Shape, options: Conv2dTransposeOptions = {}, where = 'conv2dTranspose'): Conv2dGeometry {
  if (inputShape.length !== 4) throw new ShapeError(where, `input must be NHWC [batch, height, width, channels] (got ${shapeString(inputShape)})`);
  if (filterShape.length !== 4) throw new ShapeError(where, `filter must be [kh, kw, filters, inChannels] (got ${shapeString(filterShape)})`);
  const [batch, h, w, c] = inputShape;
  const [kh, kw, filters, ci] = filterShape;
  if (ci !== c) {
    throw new ShapeError(where, `input channels (${c}) must equal the filter's last axis (${ci}); input ${shapeString(inputShape)}, filter ${shapeString(filterShape)}`,
      'conv2dTranspose filters are [kh, kw, filters, inChannels]');
  }
  const [sh, sw] = pair(options.strides, 1);
  const [dh, dw] = pair(options.dilation, 1);
  if (![sh, sw, dh, dw].every((d) => Number.isInteger(d) && d >= 1)) throw new ShapeError(where, `strides and dilation must be positive integers (got ${JSON.stringify([options.strides, options.dilation])})`);
  const padding = options.padding ?? 'valid';
  const op = options.outputPadding === undefined ? null : pair(options.outputPadding, 0);
  if (op && !op.every((p, i) => Number.isInteger(p) && p >= 0 && p < [sh, sw][i])) {
    throw new ShapeError(where, `outputPadding must be non-negative and below the stride (got ${JSON.stringify(options.outputPadding)}, strides ${sh}×${sw})`);
  }
  const outH = conv2dTransposeLength(h, kh, sh, dh, padding, op ? op[0] : null);
  const outW = conv2dTransposeLength(w, kw, sw, dw, padding, op ? op[1] : null);
  if (outH < 1 || outW < 1) throw new ShapeError(where, `output would be empty (${outH}×${outW}) for input ${shapeString(inputShape)}, filter ${shapeString(filterShape)}`);
  const g = conv2dGeometry([batch, outH, outW, filters], filterShape, { strides: [sh, sw], dilation: [dh, dw], padding }, where);
  if (g.outH !== h || g.outW !== w) {
    throw new ShapeError(where, `output ${outH}×${outW} does not convolve back to the input ${h}×${w} with padding '${padding}' (strides ${sh}×${sw}, kernel ${kh}×${kw}, outputPadding ${JSON.stringify(options.outputPadding)})`);
  }
  return g;
}
