import { describe, expect, it } from 'vitest';
import { UnsupportedOpError } from '../../src/errors.js';
import { conv2dGeometry, type Conv2dGeometry, type Conv2dOptions } from '../../src/kernels/conv2d.js';
import { depthwiseConv2dGeometry, type DepthwiseConv2dAttrs, type DepthwiseConv2dGeometry } from '../../src/kernels/depthwise-conv2d.js';
import {
  conv2dForwardDispatch, depthwiseConv2dForwardDispatch, matmulForwardDispatch,
  type Conv2dF16Variant, type DepthwiseF16Variant, type MatmulF16Variant, type PrecisionDispatch,
} from '../../src/kernels/f16.js';
import type { Activation } from '../../src/kernels/activation.js';
import { runKernel } from '../../src/kernels/launch.js';
import type { MatmulGeometry } from '../../src/kernels/matmul.js';
import type { Shape } from '../../src/kernels/shape.js';
import { download, output, upload } from '../helpers/buffers.js';
import { downloadF16, outputF16, toF16, uploadF16 } from '../helpers/f16.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { randomArray, toF32 } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { conv2dRef } from '../reference/conv2d.js';
import { depthwiseConv2dRef } from '../reference/depthwise-conv2d.js';
import { matmulRef } from '../reference/matmul.js';

// Half-precision forward kernels (src/kernels/f16.ts) against the float64 references, with inputs
// rounded to f16 first so the reference sees exactly what the GPU reads. They need `shader-f16`:
// lavapipe (core) has it, Dawn's OpenGL ES (compat) does not, so there the f16 suites are skipped
// and the precision tests check that the f32 fallback is chosen (and runs) instead.

const gpu = await testGpu();
const HALF = gpu.caps.f16;
const SKIP_NOTE = HALF ? '' : ' — skipped: caps.f16 is false (no shader-f16 on this adapter)';

/** Runs a dispatch with its inputs stored at the dispatch's precision; returns the output as float64. */
async function run(d: PrecisionDispatch, inputs: readonly ArrayLike<number>[], n: number): Promise<Float64Array> {
  if (d.precision === 'f16') {
    const y = outputF16(gpu, n);
    await runKernel(gpu, d.kernel, d.plan, [...inputs.map((v) => uploadF16(gpu, v)), y], { dtype: 'f16' });
    return downloadF16(gpu, y, n);
  }
  const y = output(gpu, n);
  await runKernel(gpu, d.kernel, d.plan, [...inputs.map((v) => upload(gpu, toF32(v))), y], { dtype: 'f32' });
  return Float64Array.from(await download(gpu, y, n));
}

const expectNoNaN = (values: Float64Array, what: string) => expect(values.findIndex(Number.isNaN), `${what}: first NaN`).toBe(-1);

// ---- conv2d ----------------------------------------------------------------------------------

interface ConvCase { name: string; x: Shape; w: Shape; o: Conv2dOptions; bias?: boolean }

// Odd element counts (105 inputs, 75 outputs), stride 2 'same', dilation, groups, a 1×1 output,
// the register block's edge + 1 (17 channels, 33 pixels) and a pointwise (matmul) convolution.
const CONV_CASES: ConvCase[] = [
  { name: 'n1 5×7×3 → 5, 3×3 valid (odd counts)', x: [1, 5, 7, 3], w: [3, 3, 3, 5], o: {} },
  { name: 'n2 9×8×6 → 7, 3×3 same stride 2, bias+relu', x: [2, 9, 8, 6], w: [3, 3, 6, 7], o: { padding: 'same', strides: 2, activation: 'relu' }, bias: true },
  { name: 'n1 10×9×5 → 6, 3×2 dilation 2 same', x: [1, 10, 9, 5], w: [3, 2, 5, 6], o: { padding: 'same', dilation: 2 } },
  { name: 'n2 7×7×6 → 9, groups 3, stride [2,1], bias+leakyRelu', x: [2, 7, 7, 6], w: [3, 3, 2, 9], o: { groups: 3, strides: [2, 1], padding: 'same', activation: 'leakyRelu', alpha: 0.1 }, bias: true },
  { name: 'n3 3×3×4 → 3 (1×1 output)', x: [3, 3, 3, 4], w: [3, 3, 4, 3], o: {} },
  { name: 'n1 11×3×4 → 17 (block edge +1)', x: [1, 11, 3, 4], w: [3, 3, 4, 17], o: { padding: 'same' } },
  { name: 'pointwise n2 5×3×7 → 6, bias+sigmoid', x: [2, 5, 3, 7], w: [1, 1, 7, 6], o: { activation: 'sigmoid' }, bias: true },
];

function convInputs(g: Conv2dGeometry, bias: boolean, seed: number): Float64Array[] {
  const xs = toF16(randomArray(g.batch * g.inH * g.inW * g.inC, seed));
  const ws = toF16(randomArray(g.kh * g.kw * g.cinG * g.outC, seed + 1));
  return bias ? [xs, ws, toF16(randomArray(g.outC, seed + 2))] : [xs, ws];
}

const outputs = (g: Conv2dGeometry) => g.batch * g.outH * g.outW * g.outC;

describe.skipIf(!HALF)(`f16 conv2d forward on ${ADAPTER}${SKIP_NOTE}`, () => {
  CONV_CASES.forEach((c, ci) => {
    it(c.name, async () => {
      const g = conv2dGeometry(c.x, c.w, c.o);
      const bias = c.bias ?? false;
      const inputs = convInputs(g, bias, 10 * ci + 1);
      const expected = conv2dRef(g, inputs[0], inputs[1], inputs[2]);
      const variants: Conv2dF16Variant[] = g.kh === 1 && g.kw === 1 ? ['direct', 'blocked', 'matmul'] : ['direct', 'blocked'];
      for (const variant of variants) {
        const d = conv2dForwardDispatch(g, gpu.caps, { dtype: 'f16', bias, variant });
        expect(d.precision).toBe('f16');
        expectClose(await run(d, inputs, outputs(g)), expected, TOL.f16.balanced, `conv2d ${variant}`);
      }
    });
  });
});

// ---- depthwise -------------------------------------------------------------------------------

interface DepthwiseCase { name: string; x: Shape; w: Shape; a: DepthwiseConv2dAttrs; bias?: boolean; activation?: Activation }

const DEPTHWISE_CASES: DepthwiseCase[] = [
  { name: 'n1 5×7×3 ×2, 3×3 same stride 2, bias+relu6 (odd counts)', x: [1, 5, 7, 3], w: [3, 3, 3, 2], a: { padding: 'same', strides: 2 }, bias: true, activation: 'relu6' },
  { name: 'n2 6×6×8 ×1, 3×3 same (the vec4 shape)', x: [2, 6, 6, 8], w: [3, 3, 8, 1], a: { padding: 'same' } },
  { name: 'n1 9×5×5 ×1, 3×3 dilation 2 valid', x: [1, 9, 5, 5], w: [3, 3, 5, 1], a: { dilationRate: 2 } },
  { name: 'n1 9×9×3 ×1, 9×9 same (direct: too many taps to unroll)', x: [1, 9, 9, 3], w: [9, 9, 3, 1], a: { padding: 'same' }, bias: true },
];

function depthwiseInputs(g: DepthwiseConv2dGeometry, bias: boolean, seed: number): Float64Array[] {
  const xs = toF16(randomArray(g.batch * g.inH * g.inW * g.inChannels, seed));
  const ws = toF16(randomArray(g.kernelH * g.kernelW * g.outChannels, seed + 1));
  return bias ? [xs, ws, toF16(randomArray(g.outChannels, seed + 2))] : [xs, ws];
}

describe.skipIf(!HALF)(`f16 depthwise conv2d forward on ${ADAPTER}${SKIP_NOTE}`, () => {
  DEPTHWISE_CASES.forEach((c, ci) => {
    it(c.name, async () => {
      const g = depthwiseConv2dGeometry(c.x, c.w, c.a);
      const bias = c.bias ?? false;
      const inputs = depthwiseInputs(g, bias, 10 * ci + 3);
      const expected = depthwiseConv2dRef(g, inputs[0], inputs[1], inputs[2], c.activation);
      const variants: DepthwiseF16Variant[] = g.kernelH * g.kernelW > 49 ? ['direct'] : ['direct', 'tiled'];
      for (const variant of variants) {
        const d = depthwiseConv2dForwardDispatch(g, gpu.caps, { dtype: 'f16', bias, activation: c.activation, variant });
        expectClose(await run(d, inputs, g.outputShape.reduce((a, b) => a * b)), expected, TOL.f16.balanced, `depthwise ${variant}`);
      }
    });
  });
});

// ---- matmul ----------------------------------------------------------------------------------

const mm = (m: number, n: number, k: number, rest: Partial<MatmulGeometry> = {}): MatmulGeometry => ({
  m, n, k, batch: 1, transA: false, transB: false, activation: 'linear', alpha: 0.2, ...rest,
});

const MATMUL_CASES: { name: string; g: MatmulGeometry; bias?: boolean }[] = [
  { name: '7×9 · 9×5 (odd counts)', g: mm(7, 5, 9) },
  { name: 'Aᵀ: 9×13 · 13×6, batch 2', g: mm(9, 6, 13, { transA: true, batch: 2 }) },
  { name: 'Bᵀ: 17×3 · 3×17 (block edge +1), bias+leakyRelu', g: mm(17, 17, 3, { transB: true, activation: 'leakyRelu', alpha: 0.1 }), bias: true },
  { name: 'one row: 1×33 · 33×3', g: mm(1, 3, 33) },
];

describe.skipIf(!HALF)(`f16 matmul forward on ${ADAPTER}${SKIP_NOTE}`, () => {
  MATMUL_CASES.forEach((c, ci) => {
    it(c.name, async () => {
      const { g } = c;
      const a = toF16(randomArray(g.batch * g.m * g.k, 10 * ci + 5));
      const b = toF16(randomArray(g.batch * g.k * g.n, 10 * ci + 6));
      const bias = c.bias ? toF16(randomArray(g.n, 10 * ci + 7)) : undefined;
      const expected = matmulRef(g, a, b, bias);
      for (const variant of ['direct', 'blocked'] as MatmulF16Variant[]) {
        const d = matmulForwardDispatch(g, gpu.caps, { dtype: 'f16', bias: Boolean(bias), variant });
        expectClose(await run(d, bias ? [a, b, bias] : [a, b], g.batch * g.m * g.n), expected, TOL.f16.balanced, `matmul ${variant}`);
      }
    });
  });
});

// ---- f32 accumulation and overflow -----------------------------------------------------------

// Sixteen products of one output, in the order every kernel sums them (taps i, j, then channels;
// k for matmul). Row "cancel": 4 × 250·250 = 250,000 (far past f16's 65,504), then 4 × −62,500
// back to 0, then 8 × 0.5·250 = 1,000: an f16 accumulator overflows to Inf and ends Inf or NaN; an
// f32 one gives exactly 1,000. Row "big": 16 × 62,500 = 10⁶, outside f16, which must store ±Inf.
const CANCEL = [250, 250, 250, 250, -250, -250, -250, -250, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
const BIG = new Array(16).fill(250);

describe.skipIf(!HALF)(`f16 accumulates in f32 and overflows only on store, on ${ADAPTER}${SKIP_NOTE}`, () => {
  const check = (got: Float64Array, exact: Float64Array, what: string) => {
    expectNoNaN(got, what);
    expectClose(got, toF16(exact), TOL.f16.balanced, what); // ±Inf where the exact sum rounds past f16
    expect([...got].filter((v) => !Number.isFinite(v)).length, `${what}: infinite outputs`).toBe(got.length / 2);
  };

  it('matmul: A [2, 16] = [cancel; big], B [16, 2] = [250, −250] per row', async () => {
    const g = mm(2, 2, 16);
    const a = [...CANCEL, ...BIG];
    const b = Array.from({ length: 32 }, (_, i) => (i % 2 === 0 ? 250 : -250));
    const exact = matmulRef(g, a, b);
    expect([...exact]).toEqual([1000, -1000, 1e6, -1e6]);
    for (const variant of ['direct', 'blocked'] as MatmulF16Variant[]) {
      check(await run(matmulForwardDispatch(g, gpu.caps, { dtype: 'f16', variant }), [a, b], 4), exact, `matmul ${variant}`);
    }
  });

  it('conv2d: x [2, 4, 4, 1] = [cancel, big], w [4, 4, 1, 2] = [250, −250] per tap', async () => {
    const g = conv2dGeometry([2, 4, 4, 1], [4, 4, 1, 2]);
    const x = [...CANCEL, ...BIG];
    const w = Array.from({ length: 32 }, (_, i) => (i % 2 === 0 ? 250 : -250));
    const exact = conv2dRef(g, x, w);
    for (const variant of ['direct', 'blocked'] as Conv2dF16Variant[]) {
      check(await run(conv2dForwardDispatch(g, gpu.caps, { dtype: 'f16', variant }), [x, w], 4), exact, `conv2d ${variant}`);
    }
    const pointwise = conv2dGeometry([2, 1, 1, 16], [1, 1, 16, 2]);
    check(await run(conv2dForwardDispatch(pointwise, gpu.caps, { dtype: 'f16' }), [x, w], 4), conv2dRef(pointwise, x, w), 'conv2d matmul');
  });

  it('depthwise: x [2, 4, 4, 1] = [cancel, big], w [4, 4, 1, 2] = [250, −250] per tap', async () => {
    const g = depthwiseConv2dGeometry([2, 4, 4, 1], [4, 4, 1, 2], {});
    const x = [...CANCEL, ...BIG];
    const w = Array.from({ length: 32 }, (_, i) => (i % 2 === 0 ? 250 : -250));
    const exact = depthwiseConv2dRef(g, x, w);
    for (const variant of ['direct', 'tiled'] as DepthwiseF16Variant[]) {
      check(await run(depthwiseConv2dForwardDispatch(g, gpu.caps, { dtype: 'f16', variant }), [x, w], 4), exact, `depthwise ${variant}`);
    }
  });
});

// ---- precision choice on this device (both adapters) -----------------------------------------

describe(`precision choice on ${ADAPTER} (shader-f16 ${HALF ? 'present' : 'absent'})`, () => {
  const expected = HALF ? 'f16' : 'f32';
  const tol = HALF ? TOL.f16.balanced : TOL.f32.balanced;

  it(`f16 tensors run at ${expected}${HALF ? '' : ' (the f32 fallback)'}; without the fallback ${HALF ? 'f16 is used' : 'the request is an UnsupportedOpError'}`, async () => {
    const g = conv2dGeometry([1, 6, 5, 4], [3, 3, 4, 5], { padding: 'same', activation: 'relu' });
    const inputs = convInputs(g, true, 99);
    const d = conv2dForwardDispatch(g, gpu.caps, { dtype: 'f16', bias: true, onMissing: 'f32' });
    expect(d.precision).toBe(expected);
    expectClose(await run(d, inputs, outputs(g)), conv2dRef(g, inputs[0], inputs[1], inputs[2]), tol, `conv2d at ${d.precision}`);

    const dg = depthwiseConv2dGeometry([1, 5, 5, 4], [3, 3, 4, 1], { padding: 'same' });
    const dIn = depthwiseInputs(dg, false, 98);
    const dd = depthwiseConv2dForwardDispatch(dg, gpu.caps, { dtype: 'f16', onMissing: 'f32' });
    expect(dd.precision).toBe(expected);
    expectClose(await run(dd, dIn, 100), depthwiseConv2dRef(dg, dIn[0], dIn[1]), tol, `depthwise at ${dd.precision}`);

    const mg = mm(6, 7, 5);
    const [a, b] = [toF16(randomArray(30, 97)), toF16(randomArray(35, 96))];
    const md = matmulForwardDispatch(mg, gpu.caps, { dtype: 'f16', onMissing: 'f32' });
    expect(md.precision).toBe(expected);
    expectClose(await run(md, [a, b], 42), matmulRef(mg, a, b), tol, `matmul at ${md.precision}`);

    if (HALF) {
      expect(conv2dForwardDispatch(g, gpu.caps, { dtype: 'f16' }).precision).toBe('f16');
    } else {
      expect(() => conv2dForwardDispatch(g, gpu.caps, { dtype: 'f16', where: 'conv2d (c1)' })).toThrow(UnsupportedOpError);
      expect(() => conv2dForwardDispatch(g, gpu.caps, { dtype: 'f16', where: 'conv2d (c1)' })).toThrow(/^conv2d \(c1\): .*shader-f16/);
    }
  });

  it('the shaders/f16 WGSL with the f32 prelude is an f32 kernel (the merge path)', async () => {
    const asHalf = { ...gpu.caps, f16: true };
    const f32 = (d: PrecisionDispatch): PrecisionDispatch => ({ ...d, precision: 'f32' });
    const g = conv2dGeometry([2, 5, 4, 3], [3, 3, 3, 6], { strides: 2, padding: 'same' });
    const inputs = convInputs(g, true, 77);
    for (const variant of ['direct', 'blocked'] as Conv2dF16Variant[]) {
      const d = f32(conv2dForwardDispatch(g, asHalf, { dtype: 'f16', bias: true, variant }));
      expect(d.kernel.label).toMatch(/F16$/);
      expectClose(await run(d, inputs, outputs(g)), conv2dRef(g, inputs[0], inputs[1], inputs[2]), TOL.f32.balanced, `conv2d ${variant} f32 prelude`);
    }
    const dg = depthwiseConv2dGeometry([1, 5, 6, 3], [3, 3, 3, 2], { padding: 'same' });
    const dIn = depthwiseInputs(dg, true, 76);
    const dd = f32(depthwiseConv2dForwardDispatch(dg, asHalf, { dtype: 'f16', bias: true }));
    expectClose(await run(dd, dIn, 180), depthwiseConv2dRef(dg, dIn[0], dIn[1], dIn[2]), TOL.f32.balanced, 'depthwise f32 prelude');
    const mg = mm(5, 9, 7, { transB: true });
    const [a, b, bias] = [toF16(randomArray(35, 75)), toF16(randomArray(63, 74)), toF16(randomArray(9, 73))];
    const md = f32(matmulForwardDispatch(mg, asHalf, { dtype: 'f16', bias: true }));
    expectClose(await run(md, [a, b, bias], 45), matmulRef(mg, a, b, bias), TOL.f32.balanced, 'matmul f32 prelude');
  });
});
