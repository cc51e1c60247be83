// Matmul benchmarks: shadernet's matmul (the variant `matmulDispatch` chooses, as dense layers run it) against
// `tf.matMul` with the same stored layouts and transposes. Shapes from real networks: the MNIST
// MLP (flatten → dense 256 → dense 128 → dense 10) at batch 64, forward and both backward forms
// (dX = dY·Wᵀ, dW = Xᵀ·dY), plus a mid-size and a cubic square product.
import * as tf from '@tensorflow/tfjs-core';
import { matmulDispatch, type MatmulGeometry } from '../src/kernels/matmul.js';
import { matmulFlops, type BenchCase, type Group } from './harness.js';
import { kernelCase, tfRandom } from './kernel-case.js';

interface MatmulShape {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly transA?: boolean;
  readonly transB?: boolean;
  /** Fused bias + relu epilogue (dense forward), against `tf.fused.matMul`. */
  readonly biasRelu?: boolean;
  readonly group: Group;
  readonly quick?: boolean;
  readonly wasm?: boolean;
  /** Where the shape comes from. */
  readonly note: string;
}

/** `matmul/m256k784n512/f32`, `matmul/m64k256n784-tb/f32` (B stored transposed), `…-ta` (A). */
export function matmulCaseName(s: Pick<MatmulShape, 'm' | 'k' | 'n' | 'transA' | 'transB' | 'biasRelu'>): string {
  const t = `${s.transA ? '-ta' : ''}${s.transB ? '-tb' : ''}`;
  return `${s.biasRelu ? 'matmul-bias-relu' : 'matmul'}/m${s.m}k${s.k}n${s.n}${t}/f32`;
}

const MLP = [[784, 256], [256, 128], [128, 10]] as const;
const BATCH = 64;

const SHAPES: readonly MatmulShape[] = [
  { m: 256, k: 784, n: 512, group: 'kernels forward', quick: true, wasm: true, note: '[256,784]×[784,512]' },
  { m: 1024, k: 1024, n: 1024, group: 'kernels forward', wasm: true, note: '1024³' },
  ...MLP.flatMap(([fanIn, units], i): MatmulShape[] => [
    // Forward: y = x·W, x [64, in], W [in, units].
    { m: BATCH, k: fanIn, n: units, group: 'kernels forward', quick: i === 0, wasm: true, note: `MLP dense${i + 1} forward x·W` },
    // Backward to the input: dX [64, in] = dY [64, units] · Wᵀ (W stored [in, units]).
    { m: BATCH, k: units, n: fanIn, transB: true, group: 'kernels backward', quick: i === 1, note: `MLP dense${i + 1} backward dY·Wᵀ` },
    // Backward to the weights: dW [in, units] = Xᵀ (X stored [64, in]) · dY [64, units].
    { m: fanIn, k: BATCH, n: units, transA: true, group: 'kernels backward', quick: i === 0, note: `MLP dense${i + 1} backward Xᵀ·dY` },
  ]),
  { m: BATCH, k: 784, n: 256, biasRelu: true, group: 'kernels forward', note: 'MLP dense1 forward, bias and relu fused' },
];

function geometry(s: MatmulShape): MatmulGeometry {
  return { m: s.m, n: s.n, k: s.k, batch: 1, transA: s.transA ?? false, transB: s.transB ?? false, activation: s.biasRelu ? 'relu' : 'linear', alpha: 0 };
}

/** The matmul cases. */
export const cases: readonly BenchCase[] = SHAPES.map((s) => {
  const notes = [s.note];
  return kernelCase({
  name: matmulCaseName(s),
  group: s.group,
  unit: 'GFLOP/s',
  work: matmulFlops(s.m, s.n, s.k),
  quick: s.quick,
  wasm: s.wasm,
  notes,
  ours: (gpu) => {
    const d = matmulDispatch(geometry(s), gpu.caps, s.biasRelu ?? false);
    const chosen = `shadernet variant: ${d.variant}`;
    if (!notes.includes(chosen)) notes.push(chosen);
    return s.biasRelu
      ? [{ kernel: d.kernel, plan: d.plan, tensors: [s.m * s.k, s.k * s.n, s.n, s.m * s.n] }]
      : [{ kernel: d.kernel, plan: d.plan, tensors: [s.m * s.k, s.k * s.n, s.m * s.n] }];
  },
  tfjs: () => {
    const a = tfRandom(s.transA ? [s.k, s.m] : [s.m, s.k], 1);
    const b = tfRandom(s.transB ? [s.n, s.k] : [s.k, s.n], 2);
    const bias = s.biasRelu ? tfRandom([s.n], 3) : null;
    return {
      run: () => bias
        ? tf.fused.matMul({ a, b, transposeA: s.transA, transposeB: s.transB, bias, activation: 'relu' })
        : tf.matMul(a, b, s.transA, s.transB),
      dispose: () => tf.dispose([a, b, ...(bias ? [bias] : [])]),
    };
  },
  });
});
