import { describe, it } from 'vitest';
import fixture from '../fixtures/depthwise-conv2d.json';
import type { Activation } from '../../src/kernels/activation.js';
import {
  depthwiseConv2dGeometry, depthwiseFilterChunks, depthwiseVec4, planDepthwiseConv2dBackwardFilter, planDepthwiseConv2dBackwardInput,
  planDepthwiseConv2dForward, type DepthwiseConv2dAttrs, type DepthwiseConv2dGeometry,
} from '../../src/kernels/depthwise-conv2d.js';
import { runKernel } from '../../src/kernels/launch.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { download, output, upload } from '../helpers/buffers.js';
import { randomArray, toF32 } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { depthwiseConv2dBackwardFilterRef, depthwiseConv2dBackwardInputRef, depthwiseConv2dRef } from '../reference/depthwise-conv2d.js';

interface Case {
  x: [number, number, number, number];
  k: [number, number];
  m: number;
  attrs: DepthwiseConv2dAttrs;
  bias?: Activation;
}

// Awkward shapes: batch 1, odd H/W, channels not a multiple of 4, multiplier 2 and 3, stride 2
// with 'same', dilation 2, a 1×1 output, tile edges (outW = 4k ± 1, odd outH for the 2-row vec4
// blocks), 3×3, 5×5 and a 7×3 kernel. The vec4 cases share a few specialisations (3×3 s1, 3×3 s2,
// 5×5 d2, 7×3) and epilogues; one case spans several 64-tile workgroups of the subgroup variant with each other and the PyTorch fixtures, so the suite compiles few
// pipelines (lavapipe takes seconds per unrolled vec4 shader).
const CASES: Case[] = [
  { x: [1, 7, 9, 3], k: [3, 3], m: 1, attrs: { padding: 'same' }, bias: 'gelu' },
  { x: [2, 6, 5, 8], k: [3, 3], m: 1, attrs: { padding: 'same', strides: 2 }, bias: 'relu6' },
  { x: [1, 9, 7, 5], k: [3, 3], m: 2, attrs: { padding: 'valid' } },
  { x: [2, 11, 10, 4], k: [3, 3], m: 1, attrs: { padding: 'same' } },
  { x: [1, 3, 3, 4], k: [3, 3], m: 1, attrs: { padding: 'valid', strides: 2 }, bias: 'relu6' },
  { x: [1, 13, 13, 16], k: [3, 3], m: 1, attrs: { padding: 'valid', strides: 2 } },
  { x: [2, 33, 21, 8], k: [3, 3], m: 1, attrs: { padding: 'same' }, bias: 'relu' },
  { x: [1, 10, 12, 8], k: [3, 3], m: 1, attrs: { padding: [[0, 2], [2, 0]] } },
  { x: [2, 9, 8, 12], k: [5, 5], m: 1, attrs: { padding: 'same', dilationRate: 2 }, bias: 'linear' },
  { x: [1, 10, 9, 6], k: [5, 5], m: 2, attrs: { padding: 'same', strides: 2 } },
  { x: [2, 8, 7, 4], k: [7, 3], m: 1, attrs: { padding: [[2, 1], [0, 1]], strides: [1, 2] } },
  { x: [1, 9, 6, 3], k: [7, 3], m: 3, attrs: { padding: 'same', dilationRate: [2, 1] }, bias: 'leakyRelu' },
];

function label(c: Case, g: DepthwiseConv2dGeometry): string {
  return `x[${c.x}] ${c.k[0]}×${c.k[1]} M${c.m} s${g.strideH},${g.strideW} d${g.dilationH},${g.dilationW} pad ${JSON.stringify(c.attrs.padding)} → [${g.outputShape}]${c.bias ? ` +bias ${c.bias}` : ''}`;
}

/** Sums the partial filter gradients [chunks, …] over the chunks. */
function sumChunks(parts: Float32Array, chunks: number): Float64Array {
  const n = parts.length / chunks;
  const out = new Float64Array(n);
  for (let c = 0; c < chunks; c++) for (let i = 0; i < n; i++) out[i] += parts[c * n + i];
  return out;
}

describe(`depthwiseConv2d on ${ADAPTER}`, () => {
  CASES.forEach((c, ci) => {
    const g = depthwiseConv2dGeometry(c.x, [c.k[0], c.k[1], c.x[3], c.m], c.attrs);
    const vec4 = depthwiseVec4(g);
    const x = toF32(randomArray(g.batch * g.inH * g.inW * g.inChannels, 10 + ci));
    const w = toF32(randomArray(g.kernelH * g.kernelW * g.outChannels, 20 + ci));
    const b = toF32(randomArray(g.outChannels, 30 + ci));
    const gy = toF32(randomArray(g.batch * g.outH * g.outW * g.outChannels, 40 + ci));
    const yCount = gy.length;

    // The subgroup variant (3×3, dilation 1, strides ≤ 2) needs subgroups: the core adapter only.
    const subgroup = vec4 && g.kernelH === 3 && g.kernelW === 3 && g.dilationH === 1 && g.dilationW === 1 && g.strideH <= 2 && g.strideW <= 2 && ADAPTER === 'core';
    for (const variant of ['direct', 'tiled', ...(vec4 ? ['vec4' as const] : []), ...(subgroup ? ['subgroup' as const] : [])] as const) {
      it(`forward ${variant} ${label(c, g)}`, async () => {
        const gpu = await testGpu();
        const y = output(gpu, yCount);
        const withBias = c.bias !== undefined;
        const plan = planDepthwiseConv2dForward(g, gpu.caps, { variant, bias: withBias, activation: c.bias ?? 'linear', alpha: 0.1 });
        const inputs = withBias ? [upload(gpu, x), upload(gpu, w), upload(gpu, b)] : [upload(gpu, x), upload(gpu, w)];
        await runKernel(gpu, plan.kernel, plan, [...inputs, y]);
        const expected = depthwiseConv2dRef(g, x, w, withBias ? b : undefined, c.bias ?? 'linear', 0.1);
        expectClose(await download(gpu, y, yCount), expected, TOL.f32.balanced, `forward ${variant}`);
      });
    }

    const subgroupInput = subgroup && g.strideH === 1 && g.strideW === 1;
    for (const variant of ['direct', ...(vec4 ? ['vec4' as const] : []), ...(subgroupInput ? ['subgroup' as const] : [])] as const) {
      it(`backward-input ${variant} ${label(c, g)}`, async () => {
        const gpu = await testGpu();
        const gx = output(gpu, x.length);
        const plan = planDepthwiseConv2dBackwardInput(g, gpu.caps, variant);
        await runKernel(gpu, plan.kernel, plan, [upload(gpu, gy), upload(gpu, w), gx]);
        expectClose(await download(gpu, gx, x.length), depthwiseConv2dBackwardInputRef(g, gy, w), TOL.f32.balanced, `backward-input ${variant}`);
      });
    }

    for (const variant of ['direct', ...(vec4 ? ['vec4' as const] : [])] as const) {
      it(`backward-filter ${variant} ${label(c, g)}`, async () => {
        const gpu = await testGpu();
        const { chunks } = depthwiseFilterChunks(g);
        const parts = output(gpu, chunks * w.length);
        const plan = planDepthwiseConv2dBackwardFilter(g, gpu.caps, variant);
        await runKernel(gpu, plan.kernel, plan, [upload(gpu, x), upload(gpu, gy), parts]);
        const gw = sumChunks(await download(gpu, parts, chunks * w.length), chunks);
        expectClose(gw, depthwiseConv2dBackwardFilterRef(g, x, gy), TOL.f32.balanced, `backward-filter ${variant} (${chunks} chunks)`);
      });
    }
  });

  // PyTorch (tools/fixtures/depthwise_conv2d.py): every pass with the variant the chooser picks.
  for (const c of fixture.cases) {
    it(`PyTorch fixture: ${c.name}`, async () => {
      const gpu = await testGpu();
      const g = depthwiseConv2dGeometry(c.xShape, c.filterShape, c.attrs as unknown as DepthwiseConv2dAttrs);
      const [x, w, gy] = [toF32(c.x), toF32(c.filter), toF32(c.gy)];
      const y = output(gpu, c.y.length);
      const fwd = planDepthwiseConv2dForward(g, gpu.caps, { bias: c.bias !== null });
      await runKernel(gpu, fwd.kernel, fwd, [upload(gpu, x), upload(gpu, w), ...(c.bias ? [upload(gpu, toF32(c.bias))] : []), y]);
      expectClose(await download(gpu, y, c.y.length), c.y, TOL.f32.balanced, `${fwd.kernel.label} y`);
      const gx = output(gpu, c.gx.length);
      const bi = planDepthwiseConv2dBackwardInput(g, gpu.caps);
      await runKernel(gpu, bi.kernel, bi, [upload(gpu, gy), upload(gpu, w), gx]);
      expectClose(await download(gpu, gx, c.gx.length), c.gx, TOL.f32.balanced, `${bi.kernel.label} gx`);
      const { chunks } = depthwiseFilterChunks(g);
      const parts = output(gpu, chunks * c.gw.length);
      const bf = planDepthwiseConv2dBackwardFilter(g, gpu.caps);
      await runKernel(gpu, bf.kernel, bf, [upload(gpu, x), upload(gpu, gy), parts]);
      expectClose(sumChunks(await download(gpu, parts, chunks * c.gw.length), chunks), c.gw, TOL.f32.balanced, `${bf.kernel.label} gw`);
    });
  }
});
