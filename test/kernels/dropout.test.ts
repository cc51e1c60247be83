import { describe, expect, it } from 'vitest';
import { dropoutForward, planDropout } from '../../src/kernels/dropout.js';
import { runKernel } from '../../src/kernels/launch.js';
import { sizeOf } from '../../src/kernels/shape.js';
import { ValueError } from '../../src/errors.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { download, output, upload } from '../helpers/buffers.js';
import { randomArray, toF32 } from '../helpers/random.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { dropoutMaskRef, dropoutRef } from '../reference/dropout.js';

async function dropout(x: Float32Array, shape: number[], rate: number, layerSeed: number, step: { seed: number; index: number }, spatial = false): Promise<Float32Array> {
  const gpu = await testGpu();
  const y = output(gpu, x.length);
  await runKernel(gpu, dropoutForward, planDropout(shape, rate, layerSeed, spatial, gpu.caps), [upload(gpu, x), y], { step });
  return download(gpu, y, x.length);
}

describe(`dropout on ${ADAPTER}`, () => {
  it('keeps 1 − rate of 100k elements (within 4σ), scaled by 1/(1 − rate), and matches the TS mask bit for bit', async () => {
    const n = 100_000;
    const ones = new Float32Array(n).fill(1);
    for (const rate of [0.1, 0.5, 0.9]) {
      const y = await dropout(ones, [n], rate, 1234, { seed: 42, index: 7 });
      const kept = y.reduce((a, v) => a + (v !== 0 ? 1 : 0), 0);
      const sigma = Math.sqrt(n * rate * (1 - rate));
      expect(Math.abs(kept - n * (1 - rate)), `rate ${rate}: kept ${kept}`).toBeLessThan(4 * sigma);
      expect(y.every((v) => v === 0 || v === Math.fround(1 / (1 - rate)))).toBe(true);
      const mask = dropoutMaskRef(n, { rate, layerSeed: 1234, seed: 42, index: 7 });
      expect(y.every((v, i) => (v !== 0) === (mask[i] === 1)), 'GPU mask = TS mask').toBe(true);
    }
  });

  it('same seed and step ⇒ same mask (forward and backward agree); another step, seed or layer ⇒ another mask', async () => {
    const shape = [3, 5, 7, 11];
    const n = sizeOf(shape);
    const x = toF32(randomArray(n, 1, 0.5, 1.5));
    const gy = toF32(randomArray(n, 2, 0.5, 1.5));
    const step = { seed: 9, index: 3 };
    const y = await dropout(x, shape, 0.3, 77, step);
    const gx = await dropout(gy, shape, 0.3, 77, step);
    expect(y.map((v) => (v === 0 ? 0 : 1))).toEqual(gx.map((v) => (v === 0 ? 0 : 1)));
    expectClose(y, dropoutRef(x, { rate: 0.3, layerSeed: 77, ...step }), TOL.f32.strict, 'y');
    const zeros = (a: Float32Array) => a.map((v) => (v === 0 ? 1 : 0));
    for (const other of [{ seed: 9, index: 4 }, { seed: 10, index: 3 }]) {
      expect(zeros(await dropout(x, shape, 0.3, 77, other))).not.toEqual(zeros(y));
    }
    expect(zeros(await dropout(x, shape, 0.3, 78, step))).not.toEqual(zeros(y));
  });

  it('spatial dropout drops whole channels per sample', async () => {
    const shape = [4, 3, 5, 6];
    const n = sizeOf(shape);
    const x = toF32(randomArray(n, 3, 0.5, 1.5));
    const y = await dropout(x, shape, 0.5, 5, { seed: 1, index: 2 }, true);
    const plane = 3 * 5 * 6;
    for (let s = 0; s < 4; s++) {
      for (let c = 0; c < 6; c++) {
        const vals = Array.from({ length: 15 }, (_, p) => y[s * plane + p * 6 + c]);
        expect(vals.every((v) => v === 0) || vals.every((v) => v !== 0), `sample ${s} channel ${c}`).toBe(true);
      }
    }
    expectClose(y, dropoutRef(x, { rate: 0.5, layerSeed: 5, seed: 1, index: 2, spatial: { channels: 6, plane } }), TOL.f32.strict, 'y');
  });

  it('rate 0 is the identity; a rate outside [0, 1) is a ValueError', async () => {
    const x = toF32(randomArray(37, 4));
    expect(Array.from(await dropout(x, [37], 0, 1, { seed: 0, index: 0 }))).toEqual(Array.from(x));
    const caps = (await testGpu()).caps;
    for (const rate of [-0.1, 1, 1.5, Number.NaN]) expect(() => planDropout([4], rate, 0, false, caps)).toThrow(ValueError);
  });
});
