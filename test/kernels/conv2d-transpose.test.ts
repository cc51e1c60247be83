import { describe, it } from 'vitest';
import { conv2dDispatch, conv2dVariants, type Conv2dGeometry, type Conv2dPass } from '../../src/kernels/conv2d.js';
import { conv2dTransposeGeometry, type Conv2dTransposeOptions } from '../../src/kernels/conv2d-transpose.js';
import { runKernel } from '../../src/kernels/launch.js';
import type { Shape } from '../../src/kernels/shape.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { download, output, upload } from '../helpers/buffers.js';
import { randomArray, toF32 } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { conv2dBackwardFilterRef, conv2dRef } from '../reference/conv2d.js';
import { conv2dTransposeRef } from '../reference/conv2d-transpose.js';

// conv2dTranspose runs conv2d's kernels: forward = backwardInput, input gradient = forward,
// filter gradient = backwardFilter with x and gy swapped. Checked against an independent
// scatter-form reference (forward) and conv2d's references (backward).
const CASES: { name: string; x: Shape; w: Shape; o: Conv2dTransposeOptions }[] = [
  { name: "n1 3×4×2 → 3, 3×3 stride 2 'same'", x: [1, 3, 4, 2], w: [3, 3, 3, 2], o: { strides: 2, padding: 'same' } },
  { name: "n2 4×3×5 → 6, 3×3 stride 2 'valid' outputPadding 1", x: [2, 4, 3, 5], w: [3, 3, 6, 5], o: { strides: 2, outputPadding: 1 } },
  { name: "n1 5×5×4 → 8, 2×2 stride 2 'valid' (vec4 conv)", x: [1, 5, 5, 4], w: [2, 2, 8, 4], o: { strides: 2 } },
  { name: "n1 3×3×3 → 5, 3×2 dilation 2 'same'", x: [1, 3, 3, 3], w: [3, 2, 5, 3], o: { dilation: 2, padding: 'same' } },
  { name: "n2 2×2×3 → 2, kernel 1 below stride 3 'valid'", x: [2, 2, 2, 3], w: [1, 1, 2, 3], o: { strides: 3 } },
];

const PASSES: Conv2dPass[] = ['backwardInput', 'forward', 'backwardFilter'];
const NAMES: Record<Conv2dPass, string> = { backwardInput: 'forward (conv backwardInput)', forward: 'input gradient (conv forward)', backwardFilter: 'filter gradient (conv backwardFilter, roles swapped)' };

async function check(g: Conv2dGeometry, pass: Conv2dPass, variant: string) {
  const gpu = await testGpu();
  const x = toF32(randomArray(g.batch * g.outH * g.outW * g.outC, 1));   // the transposed conv's input
  const w = toF32(randomArray(g.kh * g.kw * g.cinG * g.outC, 2));        // [kh, kw, filters, inC]
  const gy = toF32(randomArray(g.batch * g.inH * g.inW * g.inC, 3));     // gradient at its output
  const d = conv2dDispatch(g, gpu.caps, pass, false, variant as never);
  const [inputs, expected] = pass === 'backwardInput' ? [[x, w], conv2dTransposeRef(g, x, w)]
    : pass === 'forward' ? [[gy, w], conv2dRef(g, gy, w)] : [[gy, x], conv2dBackwardFilterRef(g, gy, x)];
  const out = output(gpu, expected.length);
  await runKernel(gpu, d.kernel, d.plan, [...inputs.map((a) => upload(gpu, a)), out]);
  expectClose(await download(gpu, out, expected.length), expected, TOL.f32.balanced, `${NAMES[pass]} ${variant}`);
}

describe(`conv2dTranspose on ${ADAPTER}`, () => {
  for (const c of CASES) {
    const g = conv2dTransposeGeometry(c.x, c.w, c.o);
    for (const pass of PASSES) {
      it(`${c.name}: ${NAMES[pass]}, every variant`, async () => {
        for (const variant of conv2dVariants(g, pass, (await testGpu()).caps)) await check(g, pass, variant);
      });
    }
  }
});
