import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { afterAll, describe, expect, it } from 'vitest';
import { FormatError, ShapeError, ValueError } from '../../src/errors.js';
import { FASHION_MNIST_PATH, fashionMnist, idx, parseIdx } from '../../src/data/idx.js';
import { imageFolder } from '../../src/data/image-folder.js';
import { fromImages, type RgbaImage } from '../../src/data/images.js';

const root = mkdtempSync(join(tmpdir(), 'shadernet-datasets-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An IDX file of unsigned bytes. */
function idxBytes(dims: number[], values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + values.length);
  const view = new DataView(out.buffer);
  out.set([0, 0, 0x08, dims.length]);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(values, 4 + 4 * dims.length);
  return out;
}

function write(name: string, bytes: Uint8Array): string {
  const file = join(root, name);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

describe('IDX files', () => {
  const pixels = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 11) % 256);
  const images = idxBytes([3, 2, 4], pixels);
  const labels = idxBytes([3], [2, 0, 1]);

  it('reads plain and gzipped files alike, scaling pixels to [0, 1]', async () => {
    for (const [a, b] of [[write('a-images', images), write('a-labels', labels)], [write('b-images.gz', gzipSync(images)), write('b-labels.gz', gzipSync(labels))]]) {
      const d = await idx(a, b);
      expect(d.sampleShape).toEqual([2, 4, 1]);
      expect(d.count).toBe(3);
      expect(d.classes).toBe(3);
      expect(Array.from(d.y)).toEqual([2, 0, 1]);
      expect(Array.from(d.x)).toEqual(Array.from(pixels, (p) => Math.fround(p / 255)));
    }
  });

  const bad: [string, Uint8Array, RegExp][] = [
    ['too short', new Uint8Array([0, 0]), /too short/],
    ['bad magic', Uint8Array.from([1, 2, 8, 3, ...images.subarray(4)]), /not an IDX file/],
    ['float32 elements', Uint8Array.from([0, 0, 0x0d, 3, ...images.subarray(4)]), /float32 is not supported/],
    ['header past the end', new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1]), /header declares 3 dimensions/],
    ['truncated data', images.subarray(0, images.length - 1), /declares \[3,2,4\] = 24 values but the file holds 23.*truncated/],
    ['trailing bytes', Uint8Array.from([...images, 0]), /trailing bytes/],
    ['a huge declared size', idxBytes([0xffffffff, 0xffffffff, 0xffffffff], []), /truncated/],
  ];
  for (const [name, bytes, message] of bad) {
    it(`rejects ${name} with a FormatError naming the file`, () => {
      const e = (() => { try { parseIdx(bytes, '/data/x-idx3'); } catch (err) { return err; } })();
      expect(e).toBeInstanceOf(FormatError);
      expect((e as Error).message).toMatch(/^\/data\/x-idx3: /);
      expect((e as Error).message).toMatch(message);
    });
  }

  it('rejects mismatched counts, labels beyond classes, bad gzip and missing files', async () => {
    const img = write('c-images', images);
    await expect(idx(img, write('c-labels', idxBytes([2], [0, 1])))).rejects.toThrow(/c-labels: holds 2 labels but .*c-images holds 3 images/);
    await expect(idx(img, write('d-labels', labels), { classes: 2 })).rejects.toThrow(FormatError);
    await expect(idx(img, write('e-labels.gz', Uint8Array.from([0x1f, 0x8b, 1, 2, 3])))).rejects.toThrow(/e-labels.gz: is not valid gzip/);
    await expect(idx(img, join(root, 'missing'))).rejects.toThrow(FormatError);
    await expect(idx(write('f-images', labels), write('f-labels', labels))).rejects.toThrow(/expected images \[count, rows, cols\]/);
  });
});

describe.runIf(existsSync(join(FASHION_MNIST_PATH, 't10k-images-idx3-ubyte.gz')))('Fashion-MNIST from dataset-fashion-mnist', () => {
  it('t10k: 10,000 images of 28×28, 1,000 per class', async () => {
    const d = await fashionMnist(FASHION_MNIST_PATH, { kind: 't10k' });
    expect(d.count).toBe(10000);
    expect(d.sampleShape).toEqual([28, 28, 1]);
    expect(d.classes).toBe(10);
    const perClass = new Array(10).fill(0);
    d.y.forEach((c) => perClass[c]++);
    expect(perClass).toEqual(new Array(10).fill(1000));
    let lo = Infinity;
    let hi = -Infinity;
    let sum = 0;
    for (const v of d.x) { lo = Math.min(lo, v); hi = Math.max(hi, v); sum += v; }
    expect([lo, hi]).toEqual([0, 1]);
    expect(sum / d.x.length).toBeCloseTo(0.2868, 2); // Fashion-MNIST's published mean
  });

  it('train labels: 60,000, 6,000 per class (the 188 MB of images are left to the demo)', () => {
    const labels = parseIdx(gunzipSync(readFileSync(join(FASHION_MNIST_PATH, 'train-labels-idx1-ubyte.gz'))), 'train-labels');
    expect(labels.dims).toEqual([60000]);
    const perClass = new Array(10).fill(0);
    labels.data.forEach((c) => perClass[c]++);
    expect(perClass).toEqual(new Array(10).fill(6000));
  });
});

/** A w×h RGBA image whose pixel (x, y) is (10x, 20y, 30 + x + y, 255). */
function gradient(w: number, h: number): RgbaImage {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([10 * x, 20 * y, 30 + x + y, 255], (y * w + x) * 4);
  return { width: w, height: h, data };
}

function pngFile(file: string, image: RgbaImage): void {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data);
  write(file, PNG.sync.write(png));
}

function jpegFile(file: string, w: number, h: number, rgb: [number, number, number]): void {
  const data = Buffer.alloc(w * h * 4);
  for (let i = 0; i < w * h; i++) data.set([...rgb, 255], i * 4);
  write(file, jpeg.encode({ width: w, height: h, data }, 100).data);
}

describe('imageFolder', () => {
  it('labels classes by sorted folder name, decodes PNG and JPEG, ignores other files', async () => {
    pngFile('folder/zebra/a.png', gradient(5, 4));
    pngFile('folder/zebra/b.PNG', gradient(5, 4));
    jpegFile('folder/apple/x.jpg', 5, 4, [200, 100, 50]);
    write('folder/apple/notes.txt', new Uint8Array([1, 2, 3]));
    const d = await imageFolder(join(root, 'folder'));
    expect(d.classNames).toEqual(['apple', 'zebra']);
    expect(Array.from(d.y)).toEqual([0, 1, 1]);
    expect(d.sampleShape).toEqual([4, 5, 3]);
    // The JPEG of a flat colour decodes to about that colour.
    for (let i = 0; i < 20; i++) expect(Math.abs(d.x[i * 3] - 200 / 255)).toBeLessThan(0.02);
    // PNG is lossless: pixel (x=3, y=2) of the first zebra image.
    const at = 60 + (2 * 5 + 3) * 3;
    expect(Array.from(d.x.subarray(at, at + 3))).toEqual([30, 40, 35].map((v) => Math.fround(v / 255)));
  });

  it('resizes to size, converts to one channel', async () => {
    pngFile('mixed/a/1.png', gradient(8, 8));
    pngFile('mixed/b/2.png', gradient(4, 6));
    await expect(imageFolder(join(root, 'mixed'))).rejects.toThrow(ShapeError);
    const d = await imageFolder(join(root, 'mixed'), { size: [4, 4], channels: 1 });
    expect(d.sampleShape).toEqual([4, 4, 1]);
    expect(d.count).toBe(2);
    // 8 → 4 wide samples at source x = 0.5, 2.5, 4.5, 6.5: R = 5, 25, 45, 65 on row 0 (y = 0.5: G = 10).
    const l = (r: number, g: number, b: number) => (0.299 * r + 0.587 * g + 0.114 * b) / 255;
    expectNear(Array.from(d.x.subarray(0, 4)), [0.5, 2.5, 4.5, 6.5].map((x) => l(10 * x, 10, 30 + x + 0.5)));
  });

  it('throws typed errors for an empty folder, an empty class and a corrupt image', async () => {
    mkdirSync(join(root, 'empty'), { recursive: true });
    await expect(imageFolder(join(root, 'empty'))).rejects.toThrow(ValueError);
    mkdirSync(join(root, 'noimages/cat'), { recursive: true });
    await expect(imageFolder(join(root, 'noimages'))).rejects.toThrow(/class folder 'cat' holds no/);
    pngFile('corrupt/a/good.png', gradient(3, 3));
    write('corrupt/a/bad.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2]));
    const e = await imageFolder(join(root, 'corrupt')).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(FormatError);
    expect((e as Error).message).toMatch(/corrupt\/a\/bad\.png: is not a decodable PNG/);
    write('corrupt2/a/text.jpg', new TextEncoder().encode('not an image'));
    await expect(imageFolder(join(root, 'corrupt2'))).rejects.toThrow(/text\.jpg: is neither a PNG nor a JPEG/);
  });
});

function expectNear(got: number[], want: number[], tol = 1e-6): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]), `[${i}] ${g} vs ${want[i]}`).toBeLessThan(tol));
}

describe('fromImages (ImageData path)', () => {
  // Plain objects shaped like ImageData, as a browser's getImageData returns.
  const imageData = (w: number, h: number) => ({ ...gradient(w, h), data: new Uint8ClampedArray(gradient(w, h).data), colorSpace: 'srgb' as const });

  it('reads RGB, RGBA and luminance in [0, 1]', () => {
    const rgb = fromImages([imageData(3, 2), imageData(3, 2)], [1, 0], 2);
    expect(rgb.sampleShape).toEqual([2, 3, 3]);
    expect(Array.from(rgb.y)).toEqual([1, 0]);
    expect(Array.from(rgb.x.subarray(15, 18))).toEqual([20, 20, 33].map((v) => Math.fround(v / 255)));
    const rgba = fromImages([imageData(3, 2)], [0], 1, { channels: 4 });
    expect(rgba.x[3]).toBe(1);
    const gray = fromImages([imageData(3, 2)], [0], 1, { channels: 1 });
    expectNear([gray.x[5]], [(0.299 * 20 + 0.587 * 20 + 0.114 * 33) / 255]);
  });

  it('resizes with size, and otherwise rejects mixed sizes and mismatched labels', () => {
    const d = fromImages([imageData(4, 4), imageData(2, 2)], [0, 1], 2, { size: [2, 2] });
    // 2×2 → 2×2 is a copy; 4×4 → 2×2 samples at 0.5 and 2.5.
    expectNear(Array.from(d.x.subarray(0, 3)), [5, 10, 31].map((v) => v / 255));
    expectNear(Array.from(d.x.subarray(12, 15)), [0, 0, 30].map((v) => v / 255));
    expect(() => fromImages([imageData(4, 4), imageData(2, 2)], [0, 1], 2)).toThrow(ShapeError);
    expect(() => fromImages([imageData(4, 4)], [0, 1], 2)).toThrow(ShapeError);
    expect(() => fromImages([imageData(4, 4)], [3], 2)).toThrow(ValueError);
    expect(() => fromImages([], [], 2)).toThrow(ValueError);
  });
});
