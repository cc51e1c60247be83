import matmulCore from '../../shaders/matmul/core.wgsl';
import matmulForwardWgsl from '../../shaders/matmul/forward.wgsl';
import matmulBiasWgsl from '../../shaders/matmul/forward-bias.wgsl';
import activationWgsl from '../../shaders/common/activation.wgsl';
import type { DeviceCaps } from '../gpu/caps.js';
import { ACTIVATIONS, type Activation } from './activation.js';
import { checkGrid, defineKernel, type Plan } from './kernel.js';

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
  label: 'matmul.direct', wgsl: [activationWgsl, matmulCore, matmulForwardWgsl], entryPoint: 'matmulDirectForward',
  inputs: ['a', 'b'], outputs: ['c'], params: MATMUL_PARAMS,
});

/** C = activation(A·B), a 4×4 register block per invocation. */
export const matmul = defineKernel<MatmulConstants, typeof MATMUL_PARAMS>({
  label: 'matmul.forward', wgsl: [activationWgsl, matmulCore, matmulForwardWgsl], entryPoint: 'matmulForward',
  inputs: ['a', 'b'], outputs: ['c'], params: MATMUL_PARAMS,
});

/** C = activation(A·B + bias), bias broadcast along rows, a 4×4 register block per invocation. */
export const matmulBias = defineKernel<MatmulConstants, typeof MATMUL_PARAMS>({
  label: 'matmul.forwardBias', wgsl: [activationWgsl, matmulCore, matmulBiasWgsl], entryPoint: 'matmulBiasForward',
  inputs: ['a', 'b', 'bias'], outputs: ['c'], params: MATMUL_PARAMS,
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

export type MatmulVariant = 'direct' | 'blocked';

/** Picks the matmul variant. The register-blocked one wins on every adapter measured so far. */
export function chooseMatmul(geometry: MatmulGeometry, caps: DeviceCaps): MatmulVariant {
  void caps;
  // A single row or column gains nothing from a 4×4 block and wastes 15/16 of the invocations.
  return geometry.m === 1 && geometry.n < 4 ? 'direct' : 'blocked';
}

/** Plans a matmul dispatch. Workgroups are 16×8 = 128 invocations, within compat's limit. */
export function planMatmul(g: MatmulGeometry, caps: DeviceCaps, variant: MatmulVariant = chooseMatmul(g, caps)): Plan<MatmulConstants, typeof MATMUL_PARAMS> {
  const wgX = 16;
  const wgY = 8;
  const block = variant === 'blocked' ? 4 : 1;
  const workgroups: [number, number, number] = [Math.ceil(g.n / (wgX * block)), Math.ceil(g.m / (wgY * block)), g.batch];
  checkGrid(workgroups, caps, 'matmul');
  return {
    constants: { WG_X: wgX, WG_Y: wgY, TRANS_A: g.transA, TRANS_B: g.transB, ACTIVATION: ACTIVATIONS[g.activation] },
    params: { m: g.m, n: g.n, k: g.k, strideA: g.m * g.k, strideB: g.k * g.n, strideC: g.m * g.n, alpha: g.alpha },
    workgroups,
  };
}
