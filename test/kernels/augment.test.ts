import { describe, expect, it } from 'vitest';
import { mat3 } from 'wgpu-matrix';
import { augment, planAugment, type AugmentOptions } from '../../src/kernels/augment.js';
import { runKernel } from '../../src/kernels/launch.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { download, output, upload } from '../helpers/buffers.js';
import { randomArray } from '../helpers/random.js';
import { TOL, expectClose } from '../helpers/tolerance.js';
import { augmentRef, drawSample } from '../reference/augment.js';

async function run(shape: readonly number[], options: AugmentOptions, seed: number, index: number, x?: Float32Array): Promise<{ x: Float32Array; y: Float32Array }> {
  const gpu = await testGpu();
  const n = shape.reduce((a, b) => a * b, 1);
  const input = x ?? Float32Array.from(randomArray(n, n + seed, 0, 1));
  const y = output(gpu, n);
  await runKernel(gpu, augment, planAugment(shape, options, gpu.caps), [upload(gpu, input), y], { step: { seed, index } });
  return { x: input, y: await download(gpu, y, n) };
}

// Bilinear sampling at f32 coordinates: a coordinate off by ~1e-6 pixel moves a value by as much.
const BILINEAR = { ...TOL.f32.permissive, atol: 2e-4 };

// Each stage alone, then together. Shapes: odd sizes, 1 and 3 channels, a sample larger than one
// workgroup's pixels (35×33 > 4·256) and one whose contrast reduction loops (40×40 > 256).
const CASES: { name: string; shape: number[]; options: AugmentOptions }[] = [
  { name: 'rotation', shape: [3, 9, 7, 2], options: { rotation: 40 } },
  { name: 'rotation, nearest fill', shape: [2, 8, 11, 1], options: { rotation: 60, fillMode: 'nearest' } },
  { name: 'zoom range, fill value', shape: [3, 10, 10, 1], options: { zoom: [0.6, 1.3], fillValue: 0.5 } },
  { name: 'shifts', shape: [4, 7, 9, 3], options: { widthShift: 0.3, heightShift: 0.2 } },
  { name: 'shear', shape: [2, 12, 9, 1], options: { shear: 30 } },
  { name: 'horizontal and vertical flip', shape: [6, 5, 6, 2], options: { horizontalFlip: true, verticalFlip: true } },
  { name: 'pad 4 + random crop', shape: [5, 32, 32, 3], options: { cropPadding: 4 } },
  { name: 'brightness', shape: [3, 5, 5, 3], options: { brightness: 0.3 } },
  { name: 'contrast (40×40: reduction loops)', shape: [2, 40, 40, 3], options: { contrast: 0.5 } },
  { name: 'saturation', shape: [3, 6, 7, 3], options: { saturation: 0.8 } },
  { name: 'gaussian noise', shape: [2, 9, 9, 1], options: { noiseStd: 0.1 } },
  { name: 'cutout', shape: [4, 11, 9, 1], options: { cutout: 5, cutoutValue: -1 } },
  { name: 'several groups per sample (35×33)', shape: [2, 35, 33, 1], options: { rotation: 15, zoom: 0.1, cutout: 8 } },
  {
    name: 'everything, RGB', shape: [4, 17, 15, 3],
    options: { rotation: 20, zoom: 0.15, widthShift: 0.1, heightShift: 0.1, shear: 10, horizontalFlip: true, verticalFlip: true, cropPadding: 2, brightness: 0.2, contrast: 0.3, saturation: 0.4, noiseStd: 0.05, cutout: 4 },
  },
  {
    name: 'everything but saturation, 1 channel, batch 1, nearest', shape: [1, 13, 7, 1],
    options: { rotation: 30, zoom: [0.9, 1.2], widthShift: 0.2, shear: 15, horizontalFlip: true, fillMode: 'nearest', cropPadding: 3, brightness: 0.1, contrast: 0.2, noiseStd: 0.02, cutout: 3 },
  },
];

describe(`augment on ${ADAPTER}`, () => {
  for (const c of CASES) {
    it(`${c.name} [${c.shape}] matches the float64 reference`, async () => {
      const { x, y } = await run(c.shape, c.options, 7, 3);
      expectClose(y, augmentRef(x, c.shape, c.options, 7, 3), BILINEAR, c.name);
    });
  }

  it('every stage off copies the batch exactly', async () => {
    const { x, y } = await run([3, 7, 5, 3], {}, 1, 0);
    expect(Array.from(y)).toEqual(Array.from(x));
  });

  it('is reproducible: the same seed and step give identical output, another step or seed differs', async () => {
    const shape = [4, 12, 12, 3];
    const options: AugmentOptions = { rotation: 20, horizontalFlip: true, cropPadding: 2, contrast: 0.3, noiseStd: 0.1 };
    const a = await run(shape, options, 11, 5);
    const b = await run(shape, options, 11, 5, a.x);
    const nextStep = await run(shape, options, 11, 6, a.x);
    const otherSeed = await run(shape, options, 12, 5, a.x);
    expect(Array.from(b.y)).toEqual(Array.from(a.y));
    const differ = (u: Float32Array, v: Float32Array) => u.reduce((n, e, i) => n + (e !== v[i] ? 1 : 0), 0);
    expect(differ(a.y, nextStep.y)).toBeGreaterThan(a.y.length / 2);
    expect(differ(a.y, otherSeed.y)).toBeGreaterThan(a.y.length / 2);
  });

  it('statistics: each flip about half the time, independently; noise has mean 0 and the asked std', async () => {
    const batch = 512;
    const row = Float32Array.from({ length: batch * 2 * 2 }, (_, i) => i % 4); // every sample [[0, 1], [2, 3]]
    const { y } = await run([batch, 2, 2, 1], { horizontalFlip: true, verticalFlip: true }, 3, 9, row);
    let h = 0;
    let v = 0;
    let both = 0;
    for (let b = 0; b < batch; b++) {
      const first = y[b * 4];
      const hf = first === 1 || first === 3;
      const vf = first === 2 || first === 3;
      h += Number(hf);
      v += Number(vf);
      both += Number(hf && vf);
    }
    // σ of a proportion over 512 draws is 0.022: allow 4σ.
    expect(Math.abs(h / batch - 0.5)).toBeLessThan(0.09);
    expect(Math.abs(v / batch - 0.5)).toBeLessThan(0.09);
    expect(Math.abs(both / batch - 0.25)).toBeLessThan(0.08);
    const zeros = new Float32Array(64 * 16 * 16);
    const noisy = (await run([64, 16, 16, 1], { noiseStd: 0.5 }, 4, 2, zeros)).y;
    const mean = noisy.reduce((s, e) => s + e, 0) / noisy.length;
    const std = Math.sqrt(noisy.reduce((s, e) => s + (e - mean) ** 2, 0) / noisy.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(std - 0.5)).toBeLessThan(0.02);
  });

  it('the reference inverse map inverts the forward transform built with wgpu-matrix', () => {
    const o: AugmentOptions = { rotation: 30, zoom: 0.2, widthShift: 0.2, heightShift: 0.1, shear: 20, horizontalFlip: true, verticalFlip: true };
    for (let b = 0; b < 8; b++) {
      const s = drawSample(o, 20, 30, 5, 1, b);
      // forward: q = T + R(θ) · Sh · S · F · p (column-vector convention, mat3 column-major).
      const forward = mat3.translation([s.shift[0], s.shift[1]]);
      mat3.multiply(forward, mat3.rotation(s.theta), forward);
      mat3.multiply(forward, mat3.create(1, 0, 0, s.shearTan, 1, 0, 0, 0, 1), forward);
      mat3.multiply(forward, mat3.scaling([s.scale * s.flip[0], s.scale * s.flip[1]]), forward);
      const inv = mat3.inverse(forward);
      // mat3 stores columns in elements 0–2, 4–6, 8–10 (padded to vec4).
      expectClose([inv[0], inv[4], inv[1], inv[5]], s.inverse, { atol: 1e-5, rtol: 1e-5 }, 'linear part');
      expectClose([inv[8], inv[9]], s.offset, { atol: 1e-4, rtol: 1e-5 }, 'offset');
    }
  });

  it('rejects bad options and shapes when planned', async () => {
    const { caps } = await testGpu();
    expect(() => planAugment([2, 8, 8, 1], { saturation: 0.5 }, caps)).toThrow(ShapeError);
    expect(() => planAugment([8, 8, 1], { rotation: 10 }, caps)).toThrow(ShapeError);
    expect(() => planAugment([2, 8, 8, 1], { zoom: 1.5 }, caps)).toThrow(ValueError);
    expect(() => planAugment([2, 8, 8, 1], { cropPadding: 1.5 }, caps)).toThrow(ValueError);
    expect(() => planAugment([2, 8, 8, 1], { brightness: -1 }, caps)).toThrow(ValueError);
    expect(() => planAugment([2, 8, 8, 1], { cutout: 9 }, caps)).toThrow(ValueError);
    const plan = planAugment([2, 8, 8, 1], {}, caps);
    expect(Object.entries(plan.constants).filter(([k, v]) => k !== 'WG' && v)).toEqual([]);
  });
});
