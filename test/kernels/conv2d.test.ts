import { describe, it } from 'vitest';
import { conv2dDispatch, conv2dGeometry, conv2dVariants, type Conv2dGeometry, type Conv2dOptions, type Conv2dPass } from '../../src/kernels/conv2d.js';
import { runKernel } from '../../src/kernels/launch.js';
import type { Shape } from '../../src/kernels/shape.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { download, output, upload } from '../helpers/buffers.js';
import { randomArray, toF32 } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { conv2dBackwardFilterRef, conv2dBackwardInputRef, conv2dRef } from '../reference/conv2d.js';

interface Case { name: string; x: Shape; w: Shape; o: Conv2dOptions; bias?: boolean }

// Awkward shapes: batch 1, odd H/W, channels not a multiple of 4, stride 2 with 'same' (extra
// pad at the bottom/right), dilation, groups, explicit asymmetric padding, a 1×1 output, tile
// edges ±1 around the 4-wide register block and the 32×64 tile, and pointwise (matmul) cases.
const CASES: Case[] = [
  { name: 'n1 5×7×3 → 5, 3×3 valid', x: [1, 5, 7, 3], w: [3, 3, 3, 5], o: {} },
  { name: 'n2 9×8×6 → 7, 3×3 same stride 2, bias+relu', x: [2, 9, 8, 6], w: [3, 3, 6, 7], o: { padding: 'same', strides: 2, activation: 'relu' }, bias: true },
  { name: 'n2 8×8×8 → 8, 3×3 same, vec4, bias+leakyRelu', x: [2, 8, 8, 8], w: [3, 3, 8, 8], o: { padding: 'same', activation: 'leakyRelu', alpha: 0.1 }, bias: true },
  { name: 'n1 10×9×5 → 6, 3×2 dilation 2 same', x: [1, 10, 9, 5], w: [3, 2, 5, 6], o: { padding: 'same', dilation: [2, 2] } },
  { name: 'n2 7×7×6 → 9, groups 3, stride [2,1]', x: [2, 7, 7, 6], w: [3, 3, 2, 9], o: { groups: 3, strides: [2, 1], padding: 'same' } },
  { name: 'n1 6×5×8 → 8, groups 2 vec4, explicit [2,0,1,3]', x: [1, 6, 5, 8], w: [2, 3, 4, 8], o: { groups: 2, padding: [2, 0, 1, 3] }, bias: true },
  { name: 'n3 3×3×4 → 3, 3×3 valid (1×1 output)', x: [3, 3, 3, 4], w: [3, 3, 4, 3], o: {} },
  { name: 'n1 5×5×2 → 2, 5×5 stride 3 same, dilation 1', x: [1, 5, 5, 2], w: [5, 5, 2, 2], o: { padding: 'same', strides: 3 } },
  { name: 'n1 11×6×4 → 65 (tile edge +1), 3×3 same', x: [1, 11, 6, 4], w: [3, 3, 4, 65], o: { padding: 'same' } },
  { name: 'n1 4×8×3 → 33, stride 2 dilation 2 explicit [1,1,0,2]', x: [1, 4, 8, 3], w: [2, 2, 3, 33], o: { strides: 2, dilation: 2, padding: [1, 1, 0, 2] } },
  // vec4 in every pass (channels per group multiples of 4): stride 2 'same', an odd number of
  // 4-channel blocks (the backward-filter 8-channel block's clamped half), dilation 2, groups 2,
  // and the 64-channel / 128-block workgroup edges +1.
  { name: 'n2 9×7×8 → 12, 3×3 same stride 2 (vec4)', x: [2, 9, 7, 8], w: [3, 3, 8, 12], o: { padding: 'same', strides: 2 } },
  { name: 'n1 10×9×4 → 4, 3×3 dilation 2 same (vec4)', x: [1, 10, 9, 4], w: [3, 3, 4, 4], o: { padding: 'same', dilation: 2 } },
  { name: 'n1 7×5×16 → 24, groups 2, stride [1,2] same (vec4)', x: [1, 7, 5, 16], w: [3, 3, 8, 24], o: { groups: 2, strides: [1, 2], padding: 'same' } },
  { name: 'n1 5×6×68 → 8, 3×3 same (vec4 workgroup edges +1)', x: [1, 5, 6, 68], w: [3, 3, 68, 8], o: { padding: 'same' } },
  // subgroup forward and input gradient: 4 pixels × 16 channels per lane, pixel blocks of 256 and
  // channel blocks of 16 (the 9×9 stride-2 case: taps that skip pixels, 4 ragged channel blocks).
  { name: 'n1 17×16×8 → 20, 3×3 same, bias+relu (subgroup pixel edge +16, channel block edge +4)', x: [1, 17, 16, 8], w: [3, 3, 8, 20], o: { padding: 'same', activation: 'relu' }, bias: true },
  { name: 'n2 9×9×12 → 32, 3×3 stride 2 valid, groups 2 (subgroup, two channel blocks per group)', x: [2, 9, 9, 24], w: [3, 3, 12, 32], o: { strides: 2, groups: 2 } },
  { name: 'n1 19×15×20 → 8, 3×3 stride 2 same, dilation 1 (subgroup input gradient: 285 pixels, 20 channels)', x: [1, 19, 15, 20], w: [3, 3, 20, 8], o: { strides: 2, padding: 'same' } },
  { name: 'n2 1×5×8 → 8, 1×1 stride 2 (an empty stride class of the subgroup input gradient)', x: [2, 1, 5, 8], w: [1, 1, 8, 8], o: { strides: 2 } },
  { name: 'n1 10×11×4 → 8, 3×3 stride [3,2] dilation 2 same (stride classes, dilated taps)', x: [1, 10, 11, 4], w: [3, 3, 4, 8], o: { strides: [3, 2], dilation: 2, padding: 'same' } },
  { name: 'n2 13×11×3 → 8, 7×7 stride 2 same, bias (subgroup with scalar RGB input)', x: [2, 13, 11, 3], w: [7, 7, 3, 8], o: { padding: 'same', strides: 2 }, bias: true },
  { name: 'n3 11×10×1 → 20, 3×3 valid dilation 2 (subgroup filter gradient: 162 pixels, ragged channel block)', x: [3, 11, 10, 1], w: [3, 3, 1, 20], o: { dilation: 2 } },
  { name: 'n2 9×7×6 → 16, 5×3 stride 2 same, groups 2 (subgroup filter gradient, cinG 3)', x: [2, 9, 7, 6], w: [5, 3, 3, 16], o: { groups: 2, strides: 2, padding: 'same' } },
  { name: 'n1 9×9×6 → 20, 3×3 valid, groups 2, dilation 2 (subgroup scalar input, cinG 3)', x: [1, 9, 9, 6], w: [3, 3, 3, 20], o: { groups: 2, dilation: 2 } },
  { name: 'pointwise n2 5×3×7 → 6 (matmul), bias+sigmoid', x: [2, 5, 3, 7], w: [1, 1, 7, 6], o: { activation: 'sigmoid' }, bias: true },
];

const PASSES: Conv2dPass[] = ['forward', 'backwardInput', 'backwardFilter'];

async function runPass(g: Conv2dGeometry, pass: Conv2dPass, variant: ReturnType<typeof conv2dVariants>[number], bias: boolean) {
  const gpu = await testGpu();
  const xs = toF32(randomArray(g.batch * g.inH * g.inW * g.inC, 1));
  const ws = toF32(randomArray(g.kh * g.kw * g.cinG * g.outC, 2));
  const gys = toF32(randomArray(g.batch * g.outH * g.outW * g.outC, 3));
  const bs = toF32(randomArray(g.outC, 4));
  const plain = { ...g, activation: 'linear' as const };
  if (pass === 'forward') {
    const n = gys.length;
    const y = output(gpu, n);
    const d = conv2dDispatch(g, gpu.caps, pass, bias, variant);
    await runKernel(gpu, d.kernel, d.plan, bias ? [upload(gpu, xs), upload(gpu, ws), upload(gpu, bs), y] : [upload(gpu, xs), upload(gpu, ws), y]);
    expectClose(await download(gpu, y, n), conv2dRef(g, xs, ws, bias ? bs : undefined), TOL.f32.balanced, `${pass} ${variant}`);
  } else if (pass === 'backwardInput') {
    const n = xs.length;
    const gx = output(gpu, n);
    const d = conv2dDispatch(plain, gpu.caps, pass, false, variant);
    await runKernel(gpu, d.kernel, d.plan, [upload(gpu, gys), upload(gpu, ws), gx]);
    expectClose(await download(gpu, gx, n), conv2dBackwardInputRef(plain, gys, ws), TOL.f32.balanced, `${pass} ${variant}`);
  } else {
    const n = ws.length;
    const gw = output(gpu, n);
    const d = conv2dDispatch(plain, gpu.caps, pass, false, variant);
    await runKernel(gpu, d.kernel, d.plan, [upload(gpu, xs), upload(gpu, gys), gw]);
    expectClose(await download(gpu, gw, n), conv2dBackwardFilterRef(plain, xs, gys), TOL.f32.balanced, `${pass} ${variant}`);
  }
}

describe(`conv2d on ${ADAPTER}`, () => {
  for (const c of CASES) {
    const g = conv2dGeometry(c.x, c.w, c.o);
    for (const pass of PASSES) {
      it(`${c.name}: ${pass}, every variant`, async () => {
        for (const variant of conv2dVariants(g, pass, (await testGpu()).caps)) await runPass(g, pass, variant, c.bias ?? false);
      });
    }
  }
});
