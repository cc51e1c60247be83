import { describe, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { conv2dDispatch, conv2dGeometry, type Conv2dGeometry, type Conv2dPass, type Conv2dPadding } from '../../src/kernels/conv2d.js';
import { conv2dTransposeGeometry } from '../../src/kernels/conv2d-transpose.js';
import { runKernel } from '../../src/kernels/launch.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { download, output, upload } from '../helpers/buffers.js';
import { expectClose, TOL } from '../helpers/tolerance.js';

// PyTorch 1.13 fixtures (tools/fixtures/conv2d.py, float64, converted to NHWC/HWIO): forward and
// both gradients of conv2d (stride, padding, dilation, groups, bias) and conv_transpose2d.
interface T { shape: number[]; data: number[] }
interface Fixture {
  name: string; op: 'conv2d' | 'conv2dTranspose';
  attrs: { strides: [number, number]; padding: Conv2dPadding; dilation: [number, number]; groups?: number; outputPadding?: [number, number] };
  x: T; w: T; b?: T; gy: T; y: T; gx: T; gw: T; gb?: T;
}
const FIXTURES = (JSON.parse(readFileSync(new URL('../fixtures/conv2d.json', import.meta.url), 'utf8')) as { cases: Fixture[] }).cases;

async function run(g: Conv2dGeometry, pass: Conv2dPass, inputs: Float32Array[], n: number): Promise<Float32Array> {
  const gpu = await testGpu();
  const d = conv2dDispatch(g, gpu.caps, pass, inputs.length === 3);
  const out = output(gpu, n);
  await runKernel(gpu, d.kernel, d.plan, [...inputs.map((a) => upload(gpu, a)), out]);
  return download(gpu, out, n);
}

const f32 = (t: T) => Float32Array.from(t.data);

describe(`conv2d against PyTorch on ${ADAPTER}`, () => {
  for (const f of FIXTURES) {
    it(f.name, async () => {
      const [x, w, gy] = [f32(f.x), f32(f.w), f32(f.gy)];
      if (f.op === 'conv2d') {
        const g = conv2dGeometry(f.x.shape, f.w.shape, f.attrs);
        expectClose(await run(g, 'forward', f.b ? [x, w, f32(f.b)] : [x, w], f.y.data.length), f.y.data, TOL.f32.permissive, 'y');
        expectClose(await run(g, 'backwardInput', [gy, w], f.gx.data.length), f.gx.data, TOL.f32.permissive, 'gx');
        expectClose(await run(g, 'backwardFilter', [x, gy], f.gw.data.length), f.gw.data, TOL.f32.permissive, 'gw');
      } else {
        const g = conv2dTransposeGeometry(f.x.shape, f.w.shape, { strides: f.attrs.strides, padding: f.attrs.padding as 'valid', outputPadding: f.attrs.outputPadding, dilation: f.attrs.dilation });
        expectClose(await run(g, 'backwardInput', [x, w], f.y.data.length), f.y.data, TOL.f32.permissive, 'y');
        expectClose(await run(g, 'forward', [gy, w], f.gx.data.length), f.gx.data, TOL.f32.permissive, 'gx');
        expectClose(await run(g, 'backwardFilter', [gy, x], f.gw.data.length), f.gw.data, TOL.f32.permissive, 'gw');
      }
    });
  }
});
