import activationWgsl from '../../shaders/common/activation.wgsl';
import gridWgsl from '../../shaders/common/grid.wgsl';
import unaryCommonWgsl from '../../shaders/elementwise/unary-common.wgsl';
import unaryWgsl from '../../shaders/elementwise/unary.wgsl';
import unaryVec4Wgsl from '../../shaders/elementwise/unary-vec4.wgsl';
import unaryBackwardWgsl from '../../shaders/elementwise/unary-backward.wgsl';
import unaryBackwardVec4Wgsl from '../../shaders/elementwise/unary-backward-vec4.wgsl';
import binaryCommonWgsl from '../../shaders/elementwise/binary-common.wgsl';
import binaryWgsl from '../../shaders/elementwise/binary.wgsl';
import binaryVec4Wgsl from '../../shaders/elementwise/binary-vec4.wgsl';
import broadcastToWgsl from '../../shaders/elementwise/broadcast-to.wgsl';
import type { DeviceCaps } from '../gpu/caps.js';
import { LimitError, ShapeError } from '../errors.js';
import { ACTIVATIONS, type Activation } from './activation.js';
import { defineKernel, grid1d, workgroupInvocations, type Kernel, type Plan } from './kernel.js';
import { shapeString, sizeOf, type Shape } from './shape.js';

/** Elements each invocation of a 1-D elementwise kernel handles (strided by the workgroup size). */
const ELEMS = 4;

/** The highest rank the strided kernels (binary, broadcastTo, reduce) accept. */
export const MAX_RANK = 6;

const UNARY_PARAMS = { count: 'u32', alpha: 'f32' } as const;
const BINARY_PARAMS = {
  count: 'u32', rank: 'u32', outShape: 'array<vec4<u32>, 2>', aStrides: 'array<vec4<u32>, 2>', bStrides: 'array<vec4<u32>, 2>',
} as const;
const BROADCAST_PARAMS = { count: 'u32', rank: 'u32', outShape: 'array<vec4<u32>, 2>', xStrides: 'array<vec4<u32>, 2>' } as const;

/** Constants of the 1-D elementwise kernels: workgroup size and elements per invocation. */
export interface ElementwiseConstants extends Record<string, number | boolean> {
  WG: number;
  ELEMS: number;
}
/** Constants of the activation kernels: ACTIVATION is a code of ACTIVATIONS (src/kernels/activation.ts). */
export interface UnaryConstants extends ElementwiseConstants { ACTIVATION: number }
/** Constants of the binary kernels: OP is a code of BINARY_OPS. */
export interface BinaryConstants extends ElementwiseConstants { OP: number }

/** y = activation(x), elementwise (Keras `Activation`, PyTorch `nn.ReLU` …). Bindings: x, y. */
export const unaryForward = defineKernel<UnaryConstants, typeof UNARY_PARAMS>({
  label: 'elementwise.unary', wgsl: [gridWgsl, activationWgsl, unaryCommonWgsl, unaryWgsl], entryPoint: 'unaryForward',
  inputs: ['x'], outputs: ['y'], params: UNARY_PARAMS,
});

/** unaryForward through vec4 views (a count that is a multiple of 4; `count` in vec4). Bindings: x, y. */
export const unaryForwardVec4 = defineKernel<UnaryConstants, typeof UNARY_PARAMS>({
  label: 'elementwise.unaryVec4', wgsl: [gridWgsl, activationWgsl, unaryCommonWgsl, unaryVec4Wgsl], entryPoint: 'unaryForwardVec4',
  inputs: ['x'], outputs: ['y'], params: UNARY_PARAMS,
});

/** gx = gy · activation′, from the forward output (relu … tanh) or input (gelu, silu). Bindings: gy, t, gx. */
export const unaryBackward = defineKernel<UnaryConstants, typeof UNARY_PARAMS>({
  label: 'elementwise.unaryBackward', wgsl: [gridWgsl, activationWgsl, unaryCommonWgsl, unaryBackwardWgsl], entryPoint: 'unaryBackward',
  inputs: ['gy', 't'], outputs: ['gx'], params: UNARY_PARAMS,
});

/** unaryBackward through vec4 views (a count that is a multiple of 4). Bindings: gy, t, gx. */
export const unaryBackwardVec4 = defineKernel<UnaryConstants, typeof UNARY_PARAMS>({
  label: 'elementwise.unaryBackwardVec4', wgsl: [gridWgsl, activationWgsl, unaryCommonWgsl, unaryBackwardVec4Wgsl], entryPoint: 'unaryBackwardVec4',
  inputs: ['gy', 't'], outputs: ['gx'], params: UNARY_PARAMS,
});

/** y = x · alpha. Bindings: x, y. */
export const scaleForward = defineKernel<ElementwiseConstants, typeof UNARY_PARAMS>({
  label: 'elementwise.scale', wgsl: [gridWgsl, activationWgsl, unaryCommonWgsl, unaryWgsl], entryPoint: 'scaleForward',
  inputs: ['x'], outputs: ['y'], params: UNARY_PARAMS,
});

/** scaleForward through vec4 views (a count that is a multiple of 4). Bindings: x, y. */
export const scaleForwardVec4 = defineKernel<ElementwiseConstants, typeof UNARY_PARAMS>({
  label: 'elementwise.scaleVec4', wgsl: [gridWgsl, activationWgsl, unaryCommonWgsl, unaryVec4Wgsl], entryPoint: 'scaleForwardVec4',
  inputs: ['x'], outputs: ['y'], params: UNARY_PARAMS,
});

/** y = op(a, b) with NumPy broadcasting (`tf.add`, `torch.sub`, …). Bindings: a, b, y. */
export const binaryForward = defineKernel<BinaryConstants, typeof BINARY_PARAMS>({
  label: 'elementwise.binary', wgsl: [gridWgsl, binaryCommonWgsl, binaryWgsl], entryPoint: 'binaryForward',
  inputs: ['a', 'b'], outputs: ['y'], params: BINARY_PARAMS,
});

/** binaryForward through vec4 views (innermost merged dim a multiple of 4, neither operand broadcast along it; `count` in vec4). Bindings: a, b, y. */
export const binaryForwardVec4 = defineKernel<BinaryConstants, typeof BINARY_PARAMS>({
  label: 'elementwise.binaryVec4', wgsl: [gridWgsl, binaryCommonWgsl, binaryVec4Wgsl], entryPoint: 'binaryForwardVec4',
  inputs: ['a', 'b'], outputs: ['y'], params: BINARY_PARAMS,
});

/** y = x broadcast to a larger shape (`tf.broadcastTo`, `torch.expand` materialised). Bindings: x, y. */
export const broadcastTo = defineKernel<ElementwiseConstants, typeof BROADCAST_PARAMS>({
  label: 'elementwise.broadcastTo', wgsl: [gridWgsl, broadcastToWgsl], entryPoint: 'broadcastToForward',
  inputs: ['x'], outputs: ['y'], params: BROADCAST_PARAMS,
});

/** Binary op codes: the `OP` constant of shaders/elementwise/binary.wgsl. */
export const BINARY_OPS = { add: 0, sub: 1, mul: 2, div: 3, squaredDifference: 4 } as const;

/** A broadcasting binary op (TF.js `add`/`sub`/`mul`/`div`/`squaredDifference`). */
export type BinaryOp = keyof typeof BINARY_OPS;

/** Throws a LimitError when `count` f32 elements do not fit one storage binding. */
export function checkElements(count: number, caps: DeviceCaps, where: string): void {
  const bytes = count * 4;
  if (bytes > caps.limits.maxStorageBufferBindingSize) {
    throw new LimitError(where, `${count} elements (${bytes} bytes) exceed maxStorageBufferBindingSize (${caps.limits.maxStorageBufferBindingSize})`);
  }
}

/** Constants and grid of a 1-D elementwise dispatch over `count` elements. */
function plan1d(count: number, caps: DeviceCaps, where: string): { constants: ElementwiseConstants; workgroups: [number, number, number] } {
  checkElements(count, caps, where);
  const wg = workgroupInvocations(caps);
  return { constants: { WG: wg, ELEMS }, workgroups: grid1d(Math.ceil(count / (wg * ELEMS)), caps, where) };
}

/** An elementwise plan with the kernel it runs (the vec4 form when the count is a multiple of 4). */
export interface ElementwisePlan<C extends ElementwiseConstants> extends Plan<C, typeof UNARY_PARAMS> {
  readonly kernel: Kernel;
}

/** A 1-D plan over `count` elements: through vec4 views (count / 4 of them) when count % 4 = 0. */
function planElementwise<C extends ElementwiseConstants>(count: number, alpha: number, caps: DeviceCaps, where: string, extra: Omit<C, 'WG' | 'ELEMS'>, kernels: [Kernel, Kernel]): ElementwisePlan<C> {
  checkElements(count, caps, where);
  const vec4 = count % 4 === 0;
  const n = vec4 ? count / 4 : count;
  const { constants, workgroups } = plan1d(n, caps, where);
  return { kernel: kernels[vec4 ? 1 : 0], constants: { ...constants, ...extra } as C, params: { count: n, alpha }, workgroups };
}

/** Plans y = activation(x) over `count` elements; `alpha` is leakyRelu's slope. Bind `plan.kernel`. */
export function planUnary(activation: Activation, count: number, alpha: number, caps: DeviceCaps): ElementwisePlan<UnaryConstants> {
  return planElementwise<UnaryConstants>(count, alpha, caps, `unary ${activation}`, { ACTIVATION: ACTIVATIONS[activation] }, [unaryForward, unaryForwardVec4]);
}

/**
 * Plans gx = gy · activation′. The `t` binding takes the forward output y when
 * `gradFromOutput(activation)` (src/kernels/activation.ts), else the forward input x. Bind `plan.kernel`.
 */
export function planUnaryBackward(activation: Activation, count: number, alpha: number, caps: DeviceCaps): ElementwisePlan<UnaryConstants> {
  return planElementwise<UnaryConstants>(count, alpha, caps, `unary ${activation} backward`, { ACTIVATION: ACTIVATIONS[activation] }, [unaryBackward, unaryBackwardVec4]);
}

/** Plans y = x · alpha over `count` elements. Bind `plan.kernel`. */
export function planScale(count: number, alpha: number, caps: DeviceCaps): ElementwisePlan<ElementwiseConstants> {
  return planElementwise<ElementwiseConstants>(count, alpha, caps, 'scale', {}, [scaleForward, scaleForwardVec4]);
}

/** The NumPy broadcast of two shapes (right-aligned; each dim equal or 1), or null. */
function broadcastOrNull(a: Shape, b: Shape): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * The shape two operands broadcast to under NumPy rules (numpy.broadcast_shapes,
 * tf.broadcastStaticShape). Throws a ShapeError naming `where` and both shapes when they do not.
 */
export function broadcastShapes(a: Shape, b: Shape, where = 'broadcast'): number[] {
  const out = broadcastOrNull(a, b);
  if (!out) {
    throw new ShapeError(where, `shapes ${shapeString(a)} and ${shapeString(b)} do not broadcast`, 'trailing dimensions must be equal or 1');
  }
  return out;
}

/**
 * The axes (of `outShape`) along which a tensor of `inShape` was broadcast to `outShape`: summing
 * a gradient of `outShape` over them (planReduce, keepdims) gives one with inShape's element
 * count, which is how the gradient of a broadcasting op reaches each operand.
 */
export function broadcastReduceAxes(inShape: Shape, outShape: Shape): number[] {
  const lead = outShape.length - inShape.length;
  const axes: number[] = [];
  outShape.forEach((d, i) => {
    if (i < lead || (inShape[i - lead] === 1 && d !== 1)) axes.push(i);
  });
  return axes;
}

/**
 * Merges adjacent output dims that every operand walks alike (all full or all broadcast) and
 * drops size-1 dims, then gives each operand's stride per merged dim (0 where broadcast).
 * `[n,h,w,c] + [c]` becomes `[n·h·w, c]`; equal shapes become one dim.
 */
export function collapseBroadcast(outShape: Shape, operands: readonly Shape[]): { shape: number[]; strides: number[][] } {
  const padded = operands.map((s) => [...new Array<number>(outShape.length - s.length).fill(1), ...s]);
  const shape: number[] = [];
  const full: boolean[][] = [];
  outShape.forEach((d, i) => {
    if (d === 1) return;
    const kinds = padded.map((p) => p[i] !== 1);
    const last = full[full.length - 1];
    if (last && kinds.every((k, j) => k === last[j])) shape[shape.length - 1] *= d;
    else {
      shape.push(d);
      full.push(kinds);
    }
  });
  if (shape.length === 0) return { shape: [1], strides: operands.map(() => [0]) };
  const strides = operands.map((_, j) => {
    const s = new Array<number>(shape.length);
    let next = 1;
    for (let i = shape.length - 1; i >= 0; i--) {
      s[i] = full[i][j] ? next : 0;
      if (full[i][j]) next *= shape[i];
    }
    return s;
  });
  return { shape, strides };
}

function checkRank(shape: Shape, where: string): void {
  if (shape.length > MAX_RANK) throw new ShapeError(where, `rank ${shape.length} of ${shapeString(shape)} exceeds ${MAX_RANK}`);
}

/** A binary plan, the kernel it runs and the broadcast output shape it produces. */
export interface BinaryPlan extends Plan<BinaryConstants, typeof BINARY_PARAMS> {
  readonly kernel: Kernel;
  readonly outShape: Shape;
}

/**
 * Plans y = op(a, b) with NumPy broadcasting; ranks ≤ 6. When the innermost merged dim is a
 * multiple of 4 and neither operand is broadcast along it (same shapes, a bias over channels, a
 * per-sample channel scale) it plans binaryForwardVec4 over vec4 (count, the innermost extent and
 * the outer strides divided by 4); otherwise binaryForward. Bind `plan.kernel`.
 */
export function planBinary(op: BinaryOp, aShape: Shape, bShape: Shape, caps: DeviceCaps): BinaryPlan {
  const where = `binary ${op}`;
  const outShape = broadcastShapes(aShape, bShape, where);
  checkRank(outShape, where);
  const count = sizeOf(outShape);
  checkElements(count, caps, where);
  const { shape, strides } = collapseBroadcast(outShape, [aShape, bShape]);
  const last = shape.length - 1;
  if (shape[last] % 4 === 0 && strides.every((s) => s[last] === 1)) {
    const shape4 = shape.map((d, i) => (i === last ? d / 4 : d));
    const [a4, b4] = strides.map((s) => s.map((v, i) => (i === last ? 1 : v / 4)));
    const { constants, workgroups } = plan1d(count / 4, caps, where);
    return {
      kernel: binaryForwardVec4, outShape, workgroups, constants: { ...constants, OP: BINARY_OPS[op] },
      params: { count: count / 4, rank: shape.length, outShape: shape4, aStrides: a4, bStrides: b4 },
    };
  }
  const { constants, workgroups } = plan1d(count, caps, where);
  return {
    kernel: binaryForward, outShape, workgroups, constants: { ...constants, OP: BINARY_OPS[op] },
    params: { count, rank: shape.length, outShape: shape, aStrides: strides[0], bStrides: strides[1] },
  };
}

/** Plans y = broadcastTo(x, outShape): `inShape` must broadcast to exactly `outShape`. */
export function planBroadcastTo(inShape: Shape, outShape: Shape, caps: DeviceCaps): Plan<ElementwiseConstants, typeof BROADCAST_PARAMS> {
  const where = 'broadcastTo';
  const joint = broadcastOrNull(inShape, outShape);
  if (!joint || joint.length !== outShape.length || joint.some((d, i) => d !== outShape[i])) {
    throw new ShapeError(where, `cannot broadcast ${shapeString(inShape)} to ${shapeString(outShape)}`, 'each input dim must equal the output dim or be 1');
  }
  checkRank(outShape, where);
  const count = sizeOf(outShape);
  const { constants, workgroups } = plan1d(count, caps, where);
  const { shape, strides } = collapseBroadcast(outShape, [inShape]);
  return { constants, params: { count, rank: shape.length, outShape: shape, xStrides: strides[0] }, workgroups };
}
