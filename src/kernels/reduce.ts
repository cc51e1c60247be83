import gridWgsl from '../../shaders/common/grid.wgsl';
import reduceCore from '../../shaders/reduce/core.wgsl';
import reduceForwardWgsl from '../../shaders/reduce/forward.wgsl';
import type { DeviceCaps } from '../gpu/caps.js';
import { ShapeError } from '../errors.js';
import { checkElements, MAX_RANK } from './elementwise.js';
import { defineKernel, grid1d, workgroupInvocations, type Kernel, type Plan } from './kernel.js';
import { shapeString, sizeOf, stridesOf, type Shape } from './shape.js';

const REDUCE_PARAMS = {
  outCount: 'u32', redCount: 'u32', keptRank: 'u32', redRank: 'u32', scale: 'f32',
  keptShape: 'array<vec4<u32>, 2>', keptStrides: 'array<vec4<u32>, 2>', redShape: 'array<vec4<u32>, 2>', redStrides: 'array<vec4<u32>, 2>',
} as const;

/** Constants of the reduce kernels: the workgroup size (a power of two; the tree sum halves it). */
export interface ReduceConstants extends Record<string, number | boolean> {
  WG: number;
}

/** The reductions: `tf.sum`/`torch.sum` and `tf.mean`/`torch.mean`. */
export type ReduceOp = 'sum' | 'mean';

/** One output per invocation, a serial loop over the reduced extent. Bindings: x, y. */
export const reduceForward = defineKernel<ReduceConstants, typeof REDUCE_PARAMS>({
  label: 'reduce.forward', wgsl: [gridWgsl, reduceCore, reduceForwardWgsl], entryPoint: 'reduceForward',
  inputs: ['x'], outputs: ['y'], params: REDUCE_PARAMS,
});

/** One output per workgroup, a tree sum in workgroup memory. Bindings: x, y. */
export const reduceCooperative = defineKernel<ReduceConstants, typeof REDUCE_PARAMS>({
  label: 'reduce.cooperative', wgsl: [gridWgsl, reduceCore, reduceForwardWgsl], entryPoint: 'reduceCooperativeForward',
  inputs: ['x'], outputs: ['y'], params: REDUCE_PARAMS,
});

/**
 * A reduction canonicalised: size-1 dims dropped, adjacent kept dims merged and adjacent reduced
 * dims merged, each group with its extent and input stride (elements), outermost first.
 */
export interface ReduceGeometry {
  /** The keepdims output shape: the input shape with the reduced axes set to 1. */
  readonly outShape: Shape;
  readonly outCount: number;
  readonly redCount: number;
  readonly keptShape: readonly number[];
  readonly keptStrides: readonly number[];
  readonly redShape: readonly number[];
  readonly redStrides: readonly number[];
}

/** Validates `axes` (negative counts from the end) and canonicalises the reduction of `shape`. */
export function reduceGeometry(shape: Shape, axes: readonly number[], where = 'reduce'): ReduceGeometry {
  const rank = shape.length;
  if (rank > MAX_RANK) throw new ShapeError(where, `rank ${rank} of ${shapeString(shape)} exceeds ${MAX_RANK}`);
  const reduced = new Set<number>();
  for (const axis of axes) {
    if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
      throw new ShapeError(where, `axis ${axis} is out of range for shape ${shapeString(shape)} (expected an integer in [${-rank}, ${rank}))`);
    }
    const a = axis < 0 ? axis + rank : axis;
    if (reduced.has(a)) throw new ShapeError(where, `axis ${axis} is listed twice in [${axes.join(', ')}] for shape ${shapeString(shape)}`);
    reduced.add(a);
  }
  const strides = stridesOf(shape);
  const groups: { reduced: boolean; extent: number; stride: number }[] = [];
  shape.forEach((d, i) => {
    if (d === 1) return;
    const last = groups[groups.length - 1];
    // Merging keeps the inner dim's stride: dims between them have size 1, so the pair is contiguous.
    if (last && last.reduced === reduced.has(i)) {
      last.extent *= d;
      last.stride = strides[i];
    } else groups.push({ reduced: reduced.has(i), extent: d, stride: strides[i] });
  });
  const kept = groups.filter((g) => !g.reduced);
  const red = groups.filter((g) => g.reduced);
  return {
    outShape: shape.map((d, i) => (reduced.has(i) ? 1 : d)),
    outCount: sizeOf(kept.map((g) => g.extent)),
    redCount: sizeOf(red.map((g) => g.extent)),
    keptShape: kept.map((g) => g.extent),
    keptStrides: kept.map((g) => g.stride),
    redShape: red.map((g) => g.extent),
    redStrides: red.map((g) => g.stride),
  };
}

/** `perOutput`: one output per invocation; `cooperative`: one output per workgroup (see reduce/forward.wgsl). */
export type ReduceVariant = 'perOutput' | 'cooperative';

/** Below this many outputs a per-output loop leaves a GPU mostly idle. */
const COOPERATIVE_MAX_OUTPUTS = 2048;
/**
 * On CPU adapters (lavapipe, llvmpipe, SwiftShader) barriers and workgroup memory are costly and a
 * few dozen invocations already fill the cores: measured on lavapipe, [200704, 64] over axis 0
 * took 21 ms per-output and 115 ms cooperative, while a full reduction to a scalar was about even.
 */
const COOPERATIVE_MAX_OUTPUTS_SOFTWARE = 16;
/** Below this reduced extent a workgroup per output is mostly idle invocations and barriers. */
const COOPERATIVE_MIN_REDUCED = 256;

/** Picks the reduce variant: cooperative for few outputs over a long reduced extent. */
export function chooseReduce(g: ReduceGeometry, caps: DeviceCaps): ReduceVariant {
  const maxOutputs = caps.software ? COOPERATIVE_MAX_OUTPUTS_SOFTWARE : COOPERATIVE_MAX_OUTPUTS;
  return g.outCount <= maxOutputs && g.redCount >= COOPERATIVE_MIN_REDUCED ? 'cooperative' : 'perOutput';
}

/** A reduce plan, the kernel of its variant and the keepdims output shape. */
export interface ReducePlan extends Plan<ReduceConstants, typeof REDUCE_PARAMS> {
  readonly variant: ReduceVariant;
  readonly kernel: Kernel<ReduceConstants, typeof REDUCE_PARAMS>;
  readonly outShape: Shape;
}

/** The largest power of two ≤ n. */
function floorPow2(n: number): number {
  return 2 ** Math.floor(Math.log2(n));
}

/**
 * Plans y = sum or mean of x over `axes` (tf.sum / tf.mean with keepDims, torch.sum(dim, keepdim=True)),
 * one dispatch. The output has the input's rank with the reduced axes set to 1; an empty `axes`
 * copies. Throws a ShapeError for a rank above 6, an axis out of range or listed twice.
 */
export function planReduce(op: ReduceOp, shape: Shape, axes: readonly number[], caps: DeviceCaps, variant?: ReduceVariant): ReducePlan {
  const where = `reduce ${op}`;
  const g = reduceGeometry(shape, axes, where);
  checkElements(sizeOf(shape), caps, where);
  const chosen = variant ?? chooseReduce(g, caps);
  // The tree sum halves the workgroup each step, so its size must be a power of two.
  const wg = floorPow2(workgroupInvocations(caps));
  const workgroups = grid1d(chosen === 'cooperative' ? g.outCount : Math.ceil(g.outCount / wg), caps, where);
  return {
    constants: { WG: wg },
    params: {
      outCount: g.outCount, redCount: g.redCount, keptRank: g.keptShape.length, redRank: g.redShape.length,
      scale: op === 'mean' ? 1 / g.redCount : 1,
      keptShape: g.keptShape, keptStrides: g.keptStrides, redShape: g.redShape, redStrides: g.redStrides,
    },
    workgroups,
    variant: chosen,
    kernel: chosen === 'cooperative' ? reduceCooperative : reduceForward,
    outShape: g.outShape,
  };
}
