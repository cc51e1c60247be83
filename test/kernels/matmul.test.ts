import { describe, it } from 'vitest';
import { matmulBias, matmulDispatch, matmulVariants, planMatmul, type MatmulGeometry } from '../../src/kernels/matmul.js';
import { runKernel } from '../../src/kernels/launch.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { download, output, upload } from '../helpers/buffers.js';
import { randomArray, toF32 } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { matmulRef } from '../reference/matmul.js';

// Shapes straddle the 4×4 register block and the 64×32 workgroup tile (N−1, N, N+1), plus
// degenerate rows/columns and batched products.
const CASES: (Partial<MatmulGeometry> & { m: number; n: number; k: number })[] = [
  { m: 1, n: 1, k: 1 },
  { m: 3, n: 5, k: 7 },
  { m: 4, n: 4, k: 4 },
  { m: 31, n: 63, k: 17 },
  { m: 32, n: 64, k: 33 },
  { m: 33, n: 65, k: 9 },
  { m: 1, n: 10, k: 784 },
  { m: 64, n: 10, k: 128 },
  { m: 7, n: 9, k: 5, transA: true },
  { m: 9, n: 6, k: 11, transB: true },
  { m: 13, n: 17, k: 19, transA: true, transB: true },
  { m: 5, n: 6, k: 7, batch: 3 },
  { m: 6, n: 7, k: 8, activation: 'relu' },
  { m: 6, n: 7, k: 8, activation: 'leakyRelu', alpha: 0.1 },
  { m: 6, n: 7, k: 8, activation: 'gelu' },
  // vec4 fits (K, N multiples of 4; M too with Aᵀ): block edges ±1 around the 4×8 block.
  { m: 9, n: 12, k: 16 },
  { m: 33, n: 68, k: 12, activation: 'relu' },
  { m: 12, n: 8, k: 20, transA: true },
  { m: 7, n: 20, k: 8, transB: true },
  { m: 16, n: 4, k: 4, transA: true, transB: true, batch: 2 },
  // subgroup (4 rows × 16 columns per lane, 256 rows per workgroup): row and column block edges.
  { m: 257, n: 20, k: 12, activation: 'relu' },
  { m: 260, n: 36, k: 8, transA: true },
  { m: 45, n: 52, k: 24, transB: true, batch: 2 },
  { m: 24, n: 12, k: 16, transA: true, transB: true },
];

function geometry(c: (typeof CASES)[number]): MatmulGeometry {
  return { batch: 1, transA: false, transB: false, activation: 'linear', alpha: 0.2, ...c };
}

function name(g: MatmulGeometry): string {
  return `m${g.m} n${g.n} k${g.k}${g.batch > 1 ? ` z${g.batch}` : ''}${g.transA ? ' Aᵀ' : ''}${g.transB ? ' Bᵀ' : ''}${g.activation !== 'linear' ? ` ${g.activation}` : ''}`;
}

// The variants a geometry has depend on the device (subgroup needs subgroups of ≥ 8 lanes).
const CAPS = (await testGpu()).caps;

describe(`matmul on ${ADAPTER}`, () => {
  for (const c of CASES) {
    const g = geometry(c);
    for (const variant of matmulVariants(g, CAPS)) {
      it(`${variant} ${name(g)}`, async () => {
        const gpu = await testGpu();
        const a = toF32(randomArray(g.batch * g.m * g.k, 1));
        const b = toF32(randomArray(g.batch * g.k * g.n, 2));
        const c = output(gpu, g.batch * g.m * g.n);
        const d = matmulDispatch(g, gpu.caps, false, variant);
        await runKernel(gpu, d.kernel, d.plan, [upload(gpu, a), upload(gpu, b), c]);
        expectClose(await download(gpu, c, g.batch * g.m * g.n), matmulRef(g, a, b), TOL.f32.balanced, name(g));
      });
    }
  }

  it('fused bias and relu epilogue, vec4, m33 n68 k12', async () => {
    const gpu = await testGpu();
    const g = geometry({ m: 33, n: 68, k: 12, activation: 'relu' });
    const a = toF32(randomArray(g.m * g.k, 3));
    const b = toF32(randomArray(g.k * g.n, 4));
    const bias = toF32(randomArray(g.n, 5));
    const c = output(gpu, g.m * g.n);
    const d = matmulDispatch(g, gpu.caps, true, 'vec4');
    await runKernel(gpu, d.kernel, d.plan, [upload(gpu, a), upload(gpu, b), upload(gpu, bias), c]);
    expectClose(await download(gpu, c, g.m * g.n), matmulRef(g, a, b, bias), TOL.f32.balanced);
  });

  it('fused bias and relu epilogue, m33 n65 k9', async () => {
    const gpu = await testGpu();
    const g = geometry({ m: 33, n: 65, k: 9, activation: 'relu' });
    const a = toF32(randomArray(g.m * g.k, 3));
    const b = toF32(randomArray(g.k * g.n, 4));
    const bias = toF32(randomArray(g.n, 5));
    const c = output(gpu, g.m * g.n);
    await runKernel(gpu, matmulBias, planMatmul(g, gpu.caps), [upload(gpu, a), upload(gpu, b), upload(gpu, bias), c]);
    expectClose(await download(gpu, c, g.m * g.n), matmulRef(g, a, b, bias), TOL.f32.balanced);
  });
});
