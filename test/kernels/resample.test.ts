import { describe, it } from 'vitest';
import { runKernel } from '../../src/kernels/launch.js';
import {
  channelCopy, concatenateGeometry, cropping2dGeometry, planChannelCopy, planShift2d, planUpSampling2d, planUpSampling2dBackward,
  upSampling2dBackward, upSampling2dForward, upSampling2dGeometry, zeroPadding2dForward, zeroPadding2dGeometry,
  type Interpolation, type Padding2d,
} from '../../src/kernels/resample.js';
import { sizeOf, type Shape } from '../../src/kernels/shape.js';
import type { DeviceCaps } from '../../src/gpu/caps.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { download, output, upload } from '../helpers/buffers.js';
import { randomArray, toF32 } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { channelCopyRef, concatenateRef, shift2dRef, upSampling2dBackwardRef, upSampling2dRef } from '../reference/resample.js';

// 1×1 input, factor 1 (identity), unequal factors, factors 3 and 4 (bilinear weights that are not
// halves), odd sizes, channels not a multiple of 4, batch 1, and a size over many workgroups.
const UP_CASES: { shape: Shape; size: [number, number] }[] = [
  { shape: [1, 1, 1, 2], size: [2, 2] },
  { shape: [1, 3, 5, 3], size: [1, 1] },
  { shape: [2, 4, 3, 5], size: [2, 3] },
  { shape: [1, 5, 2, 1], size: [3, 4] },
  { shape: [2, 7, 6, 4], size: [2, 2] },
  { shape: [2, 16, 15, 8], size: [2, 2] },
];

describe(`resample on ${ADAPTER}`, () => {
  for (const c of UP_CASES) {
    it(`upSampling2d [${c.shape}] × ${c.size.join('×')}: nearest and bilinear, forward and backward`, async () => {
      const gpu = await testGpu();
      const x = toF32(randomArray(sizeOf(c.shape), sizeOf(c.shape)));
      const xBuf = upload(gpu, x);
      for (const mode of ['nearest', 'bilinear'] as Interpolation[]) {
        const g = upSampling2dGeometry(c.shape, c.size, mode);
        const nOut = sizeOf(g.outShape);
        const gy = toF32(randomArray(nOut, 11));
        const y = output(gpu, nOut);
        const gx = output(gpu, x.length);
        await runKernel(gpu, upSampling2dForward, planUpSampling2d(g, gpu.caps), [xBuf, y]);
        expectClose(await download(gpu, y, nOut), upSampling2dRef(x, g), TOL.f32.strict, `${mode} forward`);
        await runKernel(gpu, upSampling2dBackward, planUpSampling2dBackward(g, gpu.caps), [upload(gpu, gy), gx]);
        expectClose(await download(gpu, gx, x.length), upSampling2dBackwardRef(gy, g), TOL.f32.balanced, `${mode} backward`);
      }
    });
  }

  const PADS: { shape: Shape; padding: Padding2d }[] = [
    { shape: [1, 3, 4, 3], padding: [[1, 1], [1, 1]] },
    { shape: [2, 5, 2, 5], padding: [[0, 2], [3, 0]] },
    { shape: [1, 1, 1, 1], padding: [[2, 1], [0, 1]] },
  ];
  for (const c of PADS) {
    it(`zeroPadding2d [${c.shape}] by ${JSON.stringify(c.padding)} and the cropping back`, async () => {
      const gpu = await testGpu();
      const x = toF32(randomArray(sizeOf(c.shape), 2));
      const pad = zeroPadding2dGeometry(c.shape, c.padding);
      const y = output(gpu, sizeOf(pad.outShape));
      await runKernel(gpu, zeroPadding2dForward, planShift2d(pad, gpu.caps), [upload(gpu, x), y]);
      const expected = shift2dRef(x, pad);
      expectClose(await download(gpu, y, expected.length), expected, TOL.f32.strict, 'padded');
      // The gradient of padding is the cropping of the same margins.
      const crop = cropping2dGeometry(pad.outShape, c.padding);
      const gy = toF32(randomArray(expected.length, 3));
      const gx = output(gpu, x.length);
      await runKernel(gpu, zeroPadding2dForward, planShift2d(crop, gpu.caps), [upload(gpu, gy), gx]);
      expectClose(await download(gpu, gx, x.length), shift2dRef(gy, crop), TOL.f32.strict, 'cropped');
    });
  }

  it('concatenate of three (channels 1, 4, 3) by channel copies, and the slices back', async () => {
    const gpu = await testGpu();
    const shapes: Shape[] = [[2, 3, 5, 1], [2, 3, 5, 4], [2, 3, 5, 3]];
    const { outShape, offsets, rows } = concatenateGeometry(shapes);
    const total = outShape[3];
    const xs = shapes.map((s, i) => toF32(randomArray(sizeOf(s), 20 + i)));
    const y = output(gpu, rows * total);
    for (let i = 0; i < xs.length; i++) {
      const width = shapes[i][3];
      await runKernel(gpu, channelCopy, planChannelCopy({ rows, width, srcChannels: width, srcOffset: 0, dstChannels: total, dstOffset: offsets[i] }, gpu.caps), [upload(gpu, xs[i]), y]);
    }
    expectClose(await download(gpu, y, rows * total), concatenateRef(xs, rows, shapes.map((s) => s[3])), TOL.f32.strict, 'concatenated');
    const gy = toF32(randomArray(rows * total, 9));
    const gyBuf = upload(gpu, gy);
    for (let i = 0; i < xs.length; i++) {
      const width = shapes[i][3];
      const g = { rows, width, srcChannels: total, srcOffset: offsets[i], dstChannels: width, dstOffset: 0 };
      const gx = output(gpu, rows * width);
      await runKernel(gpu, channelCopy, planChannelCopy(g, gpu.caps), [gyBuf, gx]);
      expectClose(await download(gpu, gx, rows * width), channelCopyRef(gy, new Float64Array(rows * width), g), TOL.f32.strict, `slice ${i}`);
    }
  });

  it('splits large grids over two dimensions', async () => {
    const gpu = await testGpu();
    const tiny: DeviceCaps = { ...gpu.caps, limits: { ...gpu.caps.limits, maxComputeWorkgroupsPerDimension: 3 } };
    const g = upSampling2dGeometry([1, 7, 5, 5], [2, 3], 'bilinear');
    const x = toF32(randomArray(sizeOf(g.inShape), 4));
    const y = output(gpu, sizeOf(g.outShape));
    await runKernel(gpu, upSampling2dForward, planUpSampling2d(g, tiny), [upload(gpu, x), y]);
    expectClose(await download(gpu, y, sizeOf(g.outShape)), upSampling2dRef(x, g), TOL.f32.strict, 'tiny grid');
  });
});
