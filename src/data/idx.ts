import { FormatError, ValueError } from '../errors.js';
import { fromArrays, type Dataset } from './dataset.js';
import { importNode } from './node.js';

/** One array of an IDX file: its dimensions and unsigned-byte values. */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

const TYPE_NAMES: Record<number, string> = { 0x08: 'unsigned byte', 0x09: 'signed byte', 0x0b: 'int16', 0x0c: 'int32', 0x0d: 'float32', 0x0e: 'float64' };

/**
 * Parses an IDX file (the MNIST format: two zero bytes, an element type, the number of
 * dimensions, each dimension as a big-endian u32, then the values) of unsigned bytes. The header
 * is untrusted: its sizes are checked against the bytes actually present before anything is read.
 *
 * @throws {FormatError} naming `file` for a bad magic number, an unsupported element type, or a
 *   size that disagrees with the file's length.
 */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length < 4) throw new FormatError(file, `too short for an IDX header (expected at least 4 bytes, got ${bytes.length})`);
  const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
  if (bytes[0] !== 0 || bytes[1] !== 0 || !(bytes[2] in TYPE_NAMES)) throw new FormatError(file, `not an IDX file (magic 0x${magic}, expected 0x0000TTDD)`);
  if (bytes[2] !== 0x08) throw new FormatError(file, `element type ${TYPE_NAMES[bytes[2]]} is not supported (expected unsigned byte, type 0x08)`);
  const rank = bytes[3];
  const header = 4 + 4 * rank;
  if (rank === 0) throw new FormatError(file, 'declares 0 dimensions');
  if (bytes.length < header) throw new FormatError(file, `header declares ${rank} dimensions (${header} bytes) but the file holds ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const available = bytes.length - header;
  // Multiply in floating point: exact up to 2^53, and anything near that already exceeds the file.
  const declared = dims.reduce((a, b) => a * b, 1);
  if (declared !== available) {
    throw new FormatError(file, `header declares [${dims}] = ${declared} values but the file holds ${available} bytes of data`, declared > available ? 'the file is truncated' : 'trailing bytes after the data');
  }
  return { dims, data: bytes.subarray(header) };
}

/**
 * Builds a data set from parsed IDX images [n, rows, cols] and labels [n]: images scaled to
 * [0, 1] as [rows, cols, 1], `classes` defaulting to the largest label + 1.
 */
export function idxDataset(images: IdxArray, labels: IdxArray, files: { images: string; labels: string }, classes?: number): Dataset {
  if (images.dims.length !== 3) throw new FormatError(files.images, `expected images [count, rows, cols] (got [${images.dims}])`);
  if (labels.dims.length !== 1) throw new FormatError(files.labels, `expected labels [count] (got [${labels.dims}])`);
  const [count, rows, cols] = images.dims;
  if (labels.dims[0] !== count) throw new FormatError(files.labels, `holds ${labels.dims[0]} labels but ${files.images} holds ${count} images`);
  if (count === 0 || rows === 0 || cols === 0) throw new FormatError(files.images, `holds no pixels (dimensions [${images.dims}])`);
  const y = Uint32Array.from(labels.data);
  const top = y.reduce((m, v) => Math.max(m, v), 0);
  const k = classes ?? top + 1;
  if (top >= k) throw new FormatError(files.labels, `label ${top} is outside [0, ${k})`, 'pass classes to match the labels');
  const x = new Float32Array(images.data.length);
  for (let i = 0; i < x.length; i++) x[i] = images.data[i] / 255;
  const data = fromArrays(x, y, [rows, cols, 1], k);
  return images.data instanceof Uint8Array ? { ...data, bytes: { data: images.data, scale: 1 / 255, offset: 0 } } : data;
}

/** Reads a file, gunzipping it when it starts with the gzip magic (whatever its name). */
async function readMaybeGzipped(file: string, where: string): Promise<Uint8Array> {
  const fs = await importNode<typeof import('node:fs/promises')>('node:fs/promises', where);
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    throw new FormatError(file, `cannot be read (${(e as Error).message})`);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const zlib = await importNode<typeof import('node:zlib')>('node:zlib', where);
    try {
      // A bound on the output: a small corrupt or hostile file cannot expand without limit.
      bytes = zlib.gunzipSync(bytes, { maxOutputLength: 2 ** 31 - 1 });
    } catch (e) {
      throw new FormatError(file, `is not valid gzip (${(e as Error).message})`);
    }
  }
  return bytes;
}

/**
 * Loads images and labels from two IDX files (plain or gzipped), as MNIST, Fashion-MNIST and
 * EMNIST ship them. Node only. Images [rows, cols, 1] in [0, 1].
 *
 * @throws {FormatError} naming the file for a malformed header, a size mismatch or bad gzip.
 */
export async function idx(imagesPath: string, labelsPath: string, options: { classes?: number } = {}): Promise<Dataset> {
  const where = 'datasets.idx';
  if (options.classes !== undefined && !(Number.isInteger(options.classes) && options.classes > 0)) throw new ValueError(where, `classes must be a positive integer (got ${options.classes})`);
  const images = parseIdx(await readMaybeGzipped(imagesPath, where), imagesPath);
  const labels = parseIdx(await readMaybeGzipped(labelsPath, where), labelsPath);
  return idxDataset(images, labels, { images: imagesPath, labels: labelsPath }, options.classes);
}

/** Fashion-MNIST's class names, by label. */
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;

/** Where Debian's `dataset-fashion-mnist` package installs the files. */
export const FASHION_MNIST_PATH = '/usr/share/datasets/fashion-mnist';

/**
 * Fashion-MNIST (Zalando): 60,000 training or 10,000 test images of clothing, [28, 28, 1] in
 * [0, 1], 10 classes ({@link FASHION_MNIST_CLASSES}), read from `<kind>-images-idx3-ubyte[.gz]`
 * and `<kind>-labels-idx1-ubyte[.gz]` in `path` (default: Debian's `dataset-fashion-mnist`
 * location). Node only. Same files as `keras.datasets.fashion_mnist` and torchvision's `FashionMNIST`.
 */
export async function fashionMnist(path: string = FASHION_MNIST_PATH, options: { kind?: 'train' | 't10k' } = {}): Promise<Dataset> {
  const where = 'datasets.fashionMnist';
  const kind = options.kind ?? 'train';
  if (kind !== 'train' && kind !== 't10k') throw new ValueError(where, `kind must be 'train' or 't10k' (got '${String(kind)}')`);
  const fs = await importNode<typeof import('node:fs/promises')>('node:fs/promises', where);
  const find = async (stem: string): Promise<string> => {
    for (const name of [`${stem}.gz`, stem]) {
      const file = `${path}/${name}`;
      if (await fs.stat(file).then(() => true, () => false)) return file;
    }
    throw new FormatError(`${path}/${stem}[.gz]`, 'not found', 'install it (Debian: apt-get install dataset-fashion-mnist) or pass the folder holding the IDX files');
  };
  const data = await idx(await find(`${kind}-images-idx3-ubyte`), await find(`${kind}-labels-idx1-ubyte`), { classes: 10 });
  if (data.sampleShape[0] !== 28 || data.sampleShape[1] !== 28) throw new FormatError(`${path}/${kind}-images-idx3-ubyte`, `expected 28×28 images (got ${data.sampleShape[0]}×${data.sampleShape[1]})`);
  return data;
}
