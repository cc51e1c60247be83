import { ShapeError } from '../errors.js';
import type { GroupNormGeometry } from './group-norm.js';
import { shapeString, sizeOf, type Shape } from './shape.js';

/**
 * Layer normalization runs on the group-norm kernels (src/kernels/group-norm.ts) as the case of one
 * group and one position: each of the `batch` leading rows is normalised over its trailing
 * `features` elements. This module maps a layer-norm call onto that geometry.
 */

/**
 * Canonicalises layer-norm `axes` of `shape` (negative counts from the end) and checks they are
 * the trailing axes, excluding the batch axis 0 (Keras LayerNormalization allows any axes; the
 * NHWC kernels normalise contiguous trailing blocks). Returns them ascending.
 */
export function layerNormAxes(shape: Shape, axes: number | readonly number[], where = 'layerNorm'): number[] {
  const rank = shape.length;
  const list = (typeof axes === 'number' ? [axes] : [...axes]).map((a) => {
    if (!Number.isInteger(a) || a < -rank || a >= rank) throw new ShapeError(where, `axis ${a} is out of range for ${shapeString(shape)} (expected an integer in [${-rank}, ${rank}))`);
    return a < 0 ? a + rank : a;
  }).sort((a, b) => a - b);
  const trailing = list.length > 0 && list.every((a, i) => a === rank - list.length + i) && new Set(list).size === list.length;
  if (!trailing || list[0] === 0) {
    throw new ShapeError(where, `axes [${list.join(', ')}] of ${shapeString(shape)} must be distinct trailing axes after the batch axis (expected e.g. [${rank - 1}])`,
      'normalise over the last axis, or the last few');
  }
  return list;
}

/** The group-norm geometry of a layer norm over `axes` of `shape`: rows × features, one group. */
export function layerNormGeometry(shape: Shape, axes: number | readonly number[], where = 'layerNorm'): GroupNormGeometry {
  const list = layerNormAxes(shape, axes, where);
  const features = sizeOf(shape.slice(list[0]));
  return { batch: sizeOf(shape.slice(0, list[0])), positions: 1, channels: features, groups: 1, groupChannels: features };
}
