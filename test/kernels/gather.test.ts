import { describe, expect, it } from 'vitest';
import { gather, gatherBytes, planGather, planGatherBytes } from '../../src/kernels/gather.js';
import { runKernel } from '../../src/kernels/launch.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { download, downloadU32, output, upload } from '../helpers/buffers.js';
import { rng } from '../helpers/random.js';
import { gatherBytesRef, gatherRef } from '../reference/gather.js';

function shuffled(n: number, seed: number): Uint32Array {
  const r = rng(seed);
  const idx = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx;
}

/** Random 32-bit words, including NaN and denormal f32 bit patterns that must survive bit for bit. */
function words(n: number, seed: number): Uint32Array {
  const r = rng(seed);
  const out = Uint32Array.from({ length: n }, () => Math.floor(r() * 2 ** 32));
  out[0] = 0x7fc00001; // a NaN with payload
  if (n > 1) out[1] = 0x00000001; // the smallest denormal
  return out;
}

// Words per batch straddle the workgroup; rows include 1 word (labels) and 784 (an MNIST image).
const CASES: { rows: number; rowWords: number; sourceRows: number; batchStart: number; validRows: number }[] = [
  { rows: 1, rowWords: 1, sourceRows: 1, batchStart: 0, validRows: 1 },
  { rows: 64, rowWords: 1, sourceRows: 1000, batchStart: 128, validRows: 64 },
  { rows: 16, rowWords: 784, sourceRows: 100, batchStart: 32, validRows: 16 },
  { rows: 7, rowWords: 127, sourceRows: 30, batchStart: 5, validRows: 7 },
  { rows: 9, rowWords: 129, sourceRows: 30, batchStart: 0, validRows: 9 },
  { rows: 32, rowWords: 3, sourceRows: 70, batchStart: 64, validRows: 6 }, // partial last batch
  { rows: 10, rowWords: 5, sourceRows: 10, batchStart: 0, validRows: 0 },
];

describe(`gather on ${ADAPTER}`, () => {
  for (const c of CASES) {
    it(`b${c.rows} w${c.rowWords} from ${c.sourceRows}, start ${c.batchStart}, valid ${c.validRows}`, async () => {
      const gpu = await testGpu();
      const source = words(c.sourceRows * c.rowWords, c.rows);
      const indices = shuffled(c.sourceRows, c.rowWords);
      const batch = output(gpu, c.rows * c.rowWords);
      const step = { batchStart: c.batchStart, validRows: c.validRows };
      await runKernel(gpu, gather, planGather(c.rows, c.rowWords, c.sourceRows, gpu.caps), [upload(gpu, source), upload(gpu, indices), batch], { step });
      const got = await downloadU32(gpu, batch, c.rows * c.rowWords);
      expect(Array.from(got)).toEqual(Array.from(gatherRef(source, indices, c.rows, c.rowWords, c.sourceRows, step)));
    });
  }

  it('an out-of-range index and a batch running past the index list give zero rows', async () => {
    const gpu = await testGpu();
    const rowWords = 6;
    const sourceRows = 8;
    const source = words(sourceRows * rowWords, 9);
    const indices = Uint32Array.from([3, 8, 0xffffffff, 7, 1, 2, 5, 4]);
    const step = { batchStart: 4, validRows: 6 }; // rows 4..9: the last two past the 8 indices
    const batch = output(gpu, 6 * rowWords);
    await runKernel(gpu, gather, planGather(6, rowWords, sourceRows, gpu.caps), [upload(gpu, source), upload(gpu, indices), batch], { step });
    const got = await downloadU32(gpu, batch, 6 * rowWords);
    expect(Array.from(got)).toEqual(Array.from(gatherRef(source, indices, 6, rowWords, sourceRows, step)));
    const bad = await downloadU32(gpu, batch, 6 * rowWords);
    expect(Array.from(bad.slice(4 * rowWords))).toEqual(new Array(2 * rowWords).fill(0));
    const step2 = { batchStart: 0, validRows: 4 };
    await runKernel(gpu, gather, planGather(4, rowWords, sourceRows, gpu.caps), [upload(gpu, source), upload(gpu, indices), batch], { step: step2 });
    const got2 = await downloadU32(gpu, batch, 4 * rowWords);
    expect(Array.from(got2)).toEqual(Array.from(gatherRef(source, indices, 4, rowWords, sourceRows, step2)));
    expect(Array.from(got2.slice(rowWords, 3 * rowWords))).toEqual(new Array(2 * rowWords).fill(0));
  });
});

describe(`gather from bytes on ${ADAPTER}`, () => {
  // Row lengths that are and are not multiples of 4 (rows are padded to whole words).
  for (const { rows, rowLength, sourceRows, validRows } of [
    { rows: 3, rowLength: 5, sourceRows: 7, validRows: 3 },
    { rows: 64, rowLength: 784, sourceRows: 100, validRows: 50 },
    { rows: 129, rowLength: 3, sourceRows: 300, validRows: 129 },
  ]) {
    it(`b${rows} row ${rowLength} bytes, valid ${validRows}`, async () => {
      const gpu = await testGpu();
      const stride = Math.ceil(rowLength / 4) * 4;
      const r = rng(9);
      const bytes = Uint8Array.from({ length: sourceRows * stride }, () => Math.floor(r() * 256));
      const idx = shuffled(sourceRows, 4);
      const out = output(gpu, rows * rowLength);
      const scale = 1 / (255 * 0.3081);
      const offset = -0.1307 / 0.3081;
      await runKernel(gpu, gatherBytes, planGatherBytes(rows, rowLength, sourceRows, scale, offset, gpu.caps),
        [upload(gpu, new Uint32Array(bytes.buffer)), upload(gpu, idx), out], { step: { batchStart: 1, validRows } });
      const got = await download(gpu, out, rows * rowLength);
      const expected = gatherBytesRef(bytes, rowLength, idx, rows, sourceRows, { batchStart: 1, validRows }, scale, offset);
      let worst = 0;
      expected.forEach((e, i) => (worst = Math.max(worst, Math.abs(got[i] - e))));
      expect(worst).toBeLessThan(1e-6);
    });
  }
});
