import matmulParams from '../../shaders/matmul/params.wgsl';
import matmulCore from '../../shaders/matmul/core.wgsl';
import matmulForwardWgsl from '../../shaders/matmul/forward.wgsl';
import matmulBiasWgsl from '../../shaders/matmul/forward-bias.wgsl';
import matmulVec4Wgsl from '../../shaders/matmul/vec4.wgsl';
import matmulVec4Io from '../../shaders/matmul/forward-vec4.wgsl';
import matmulVec4BiasIo from '../../shaders/matmul/forward-vec4-bias.wgsl';
import matmulSubgroupWgsl from '../../shaders/matmul/subgroup.wgsl';
import activationWgsl from '../../shaders/common/activation.wgsl';
import { subgroupsFit, type DeviceCaps } from '../gpu/caps.js';
import { ACTIVATIONS, type Activation } from './activation.js';
import { checkGrid, defineKernel, subgroupWorkgroup, type Kernel, type Plan } from './kernel.js';

const MATMUL_PARAMS = {
  m: 'u32', n: 'u32', k: 'u32', strideA: 'u32', strideB: 'u32', strideC: 'u32', alpha: 'f32',
} as const;

export interface MatmulConstants extends Record<string, number | boolean> {
  WG_X: number;
  WG_Y: number;
  TRANS_A: boolean;
  TRANS_B: boolean;
  ACTIVATION: number;
}

/** C = activation(A·B), one element per invocation: the readable specification. */
export const matmulDirect = defineKernel<MatmulConstants, typeof MATMUL_PARAMS>({
  label: 'matmul.direct', wgsl: [activationWgsl, matmulParams, matmulCore, matmulForwardWgsl], entryPoint: 'matmulDirectForward',
  inputs: ['a', 'b'], outputs: ['c'], params: MATMUL_PARAMS,
});

/** C = activation(A·B), a 4×4 register block per invocation. */
export const matmul = defineKernel<MatmulConstants, typeof MATMUL_PARAMS>({
  label: 'matmul.forward', wgsl: [activationWgsl, matmulParams, matmulCore, matmulForwardWgsl], entryPoint: 'matmulForward',
  inputs: ['a', 'b'], outputs: ['c'], params: MATMUL_PARAMS,
});

/** C = activation(A·B + bias), bias broadcast along rows, a 4×4 register block per invocation. */
export const matmulBias = defineKernel<MatmulConstants, typeof MATMUL_PARAMS>({
  label: 'matmul.forwardBias', wgsl: [activationWgsl, matmulParams, matmulCore, matmulBiasWgsl], entryPoint: 'matmulBiasForward',
  inputs: ['a', 'b', 'bias'], outputs: ['c'], params: MATMUL_PARAMS,
});

/**
 * C = activation(A·B), a 4×8 block per invocation through vec4 views of A, B and C (K and N
 * multiples of 4, M too with transA): a quarter of the load instructions of `matmul` per
 * multiply-add, which is what CPU adapters are bound by.
 */
export const matmulVec4 = defineKernel<MatmulConstants, typeof MATMUL_PARAMS>({
  label: 'matmul.vec4', wgsl: [activationWgsl, matmulParams, matmulVec4Io, matmulVec4Wgsl], entryPoint: 'matmulVec4',
  inputs: ['a', 'b'], outputs: ['c'], params: MATMUL_PARAMS,
});

/** matmulVec4 with the bias broadcast along rows. */
export const matmulVec4Bias = defineKernel<MatmulConstants, typeof MATMUL_PARAMS>({
  label: 'matmul.vec4Bias', wgsl: [activationWgsl, matmulParams, matmulVec4BiasIo, matmulVec4Wgsl], entryPoint: 'matmulVec4',
  inputs: ['a', 'b', 'bias'], outputs: ['c'], params: MATMUL_PARAMS,
});

/**
 * C = activation(A·B), 4 rows × 16 columns per invocation with the values of B every lane needs
 * loaded once per subgroup and broadcast (CPU adapters with subgroups of ≥ 8 lanes; the shapes of
 * matmulVec4).
 */
export const matmulSubgroup = defineKernel<MatmulConstants, typeof MATMUL_PARAMS>({
  label: 'matmul.subgroup', wgsl: [activationWgsl, matmulParams, matmulVec4Io, matmulSubgroupWgsl], entryPoint: 'matmulSubgroup',
  inputs: ['a', 'b'], outputs: ['c'], params: MATMUL_PARAMS, enables: ['subgroups'],
});

/** matmulSubgroup with the bias broadcast along rows. */
export const matmulSubgroupBias = defineKernel<MatmulConstants, typeof MATMUL_PARAMS>({
  label: 'matmul.subgroupBias', wgsl: [activationWgsl, matmulParams, matmulVec4BiasIo, matmulSubgroupWgsl], entryPoint: 'matmulSubgroup',
  inputs: ['a', 'b', 'bias'], outputs: ['c'], params: MATMUL_PARAMS, enables: ['subgroups'],
});

/** Geometry of a (batched) product C[z] = op(A[z])·op(B[z]), each of size M×K by K×N. */
export interface MatmulGeometry {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly batch: number;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly activation: Activation;
  /** leakyRelu's slope. */
  readonly alpha: number;
}

/**
 * Variants, simple to fast: `direct` (one element per invocation, the specification), `blocked`
 * (4×4 register block per invocation), `vec4` (4×8 block through vec4 views; see
 * shaders/matmul/vec4.wgsl), `subgroup` (4×16 block, B shared by subgroup broadcasts; see
 * shaders/matmul/subgroup.wgsl).
 */
export type MatmulVariant = 'direct' | 'blocked' | 'vec4' | 'subgroup';

/** Whether the vec4 variant can run a geometry: K and N multiples of 4, and M with transA. */
export function matmulVec4Fits(g: MatmulGeometry): boolean {
  return g.k % 4 === 0 && g.n % 4 === 0 && (!g.transA || g.m % 4 === 0);
}

/** The variants that can run a geometry on a device. */
export function matmulVariants(g: MatmulGeometry, caps: DeviceCaps): MatmulVariant[] {
  if (!matmulVec4Fits(g)) return ['direct', 'blocked'];
  return subgroupsFit(caps) ? ['direct', 'blocked', 'vec4', 'subgroup'] : ['direct', 'blocked', 'vec4'];
}

/**
 * Picks the matmul variant: on software adapters `subgroup` where the shape allows vec4 views,
 * the adapter has subgroups of ≥ 8 lanes and the product has at least 8 rows; else `vec4` where
 * the shape allows it and gives at least 4 workgroups (it issues a quarter of the load
 * instructions, which bound lavapipe), else the register-blocked one; GPUs keep the register
 * blocks. A single row with fewer than 4 columns goes direct.
 */
export function chooseMatmul(geometry: MatmulGeometry, caps: DeviceCaps): MatmulVariant {
  const scalar = scalarMatmulVariant(geometry);
  if (caps.software && scalar === 'blocked' && matmulVec4Fits(geometry) && subgroupsFit(caps) && geometry.m >= 8) return 'subgroup';
  // The vec4 block is twice as wide, so it needs enough workgroups to keep every core busy.
  const vec4Groups = Math.ceil(geometry.n / 128) * Math.ceil(geometry.m / 32) * geometry.batch;
  return caps.software && scalar === 'blocked' && matmulVec4Fits(geometry) && vec4Groups >= 4 ? 'vec4' : scalar;
}

/** The choice among the scalar kernels (`matmulDirect`, `matmul`): what `planMatmul` plans by default. */
export function scalarMatmulVariant(geometry: MatmulGeometry): 'direct' | 'blocked' {
  // A single row or column gains nothing from a 4×4 block and wastes 15/16 of the invocations.
  return geometry.m === 1 && geometry.n < 4 ? 'direct' : 'blocked';
}

/**
 * Plans a matmul dispatch. Workgroups are 16×8 = 128 invocations, within compat's limit. Without
 * a variant it plans the scalar kernels (`matmul`, `matmulBias`, `matmulDirect`); take kernel and
 * plan of the chosen variant together from {@link matmulDispatch}.
 */
export function planMatmul(g: MatmulGeometry, caps: DeviceCaps, variant: MatmulVariant = scalarMatmulVariant(g)): Plan<MatmulConstants, typeof MATMUL_PARAMS> {
  const wgX = 16;
  const wgY = 8;
  if ((variant === 'vec4' || variant === 'subgroup') && !matmulVec4Fits(g)) throw new Error(`matmul: ${variant} needs K, N (and M with transA) multiples of 4 (got m ${g.m}, n ${g.n}, k ${g.k})`);
  if (variant === 'subgroup') {
    const wg = subgroupWorkgroup(g.m);
    const workgroups: [number, number, number] = [Math.ceil(g.m / (4 * wg)), Math.ceil(g.n / 16), g.batch];
    checkGrid(workgroups, caps, 'matmul');
    return {
      constants: { WG_X: wg, WG_Y: 1, TRANS_A: g.transA, TRANS_B: g.transB, ACTIVATION: ACTIVATIONS[g.activation] },
      params: { m: g.m, n: g.n, k: g.k, strideA: g.m * g.k, strideB: g.k * g.n, strideC: g.m * g.n, alpha: g.alpha },
      workgroups,
    };
  }
  const [bx, by] = variant === 'blocked' ? [4, 4] : variant === 'vec4' ? [8, 4] : [1, 1];
  const workgroups: [number, number, number] = [Math.ceil(g.n / (wgX * bx)), Math.ceil(g.m / (wgY * by)), g.batch];
  checkGrid(workgroups, caps, 'matmul');
  return {
    constants: { WG_X: wgX, WG_Y: wgY, TRANS_A: g.transA, TRANS_B: g.transB, ACTIVATION: ACTIVATIONS[g.activation] },
    params: { m: g.m, n: g.n, k: g.k, strideA: g.m * g.k, strideB: g.k * g.n, strideC: g.m * g.n, alpha: g.alpha },
    workgroups,
  };
}

const KERNELS: Record<MatmulVariant, readonly [Kernel, Kernel]> = {
  direct: [matmulDirect, matmulBias],
  blocked: [matmul, matmulBias],
  vec4: [matmulVec4, matmulVec4Bias],
  subgroup: [matmulSubgroup, matmulSubgroupBias],
};



/** One matmul dispatch. Tensors bind as [a, b, (bias), c]. */
export interface MatmulDispatch {
  readonly kernel: Kernel;
  readonly plan: Plan;
  readonly variant: MatmulVariant;
}

/**
 * The kernel and plan of a product, with a fused bias when `hasBias` (direct has no bias form:
 * it runs blocked). The variant defaults to {@link chooseMatmul}'s.
 */
export function matmulDispatch(g: MatmulGeometry, caps: DeviceCaps, hasBias = false, variant = chooseMatmul(g, caps)): MatmulDispatch {
  const v: MatmulVariant = hasBias && variant === 'direct' ? 'blocked' : variant;
  return { kernel: KERNELS[v][hasBias ? 1 : 0], plan: planMatmul(g, caps, v), variant: v };
}
