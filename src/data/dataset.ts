import { sizeOf, type Shape } from '../kernels/shape.js';
import { ShapeError, ValueError } from '../errors.js';

/**
 * Labelled samples held in host memory: `x` is `count` samples of `sampleShape` (NHWC, float32),
 * `y` one class index per sample. Validated once, when created.
 */
export interface Dataset {
  readonly x: Float32Array;
  readonly y: Uint32Array;
  readonly sampleShape: Shape;
  readonly count: number;
  /** Number of classes the labels index into. */
  readonly classes: number;
  /**
   * The same samples as 8-bit values, when the source was 8-bit: x = data · scale + offset. The
   * GPU then holds the bytes (a quarter of the memory) and converts while gathering each batch.
   */
  readonly bytes?: ByteEncoding;
}

/** An exact 8-bit encoding of a data set's samples: x[i] = data[i] · scale + offset. */
export interface ByteEncoding {
  readonly data: Uint8Array;
  readonly scale: number;
  readonly offset: number;
}

/**
 * Wraps typed arrays as a {@link Dataset}, checking sizes, label range and that every value is
 * finite (a NaN pixel would otherwise surface as a NaN loss many steps later).
 */
export function fromArrays(x: Float32Array, y: Uint32Array | readonly number[], sampleShape: Shape, classes: number): Dataset {
  const where = 'dataset';
  if (y.length === 0) throw new ValueError(where, 'is empty (0 samples)');
  const per = sizeOf(sampleShape);
  if (x.length !== y.length * per) {
    throw new ShapeError(where, `x has ${x.length} values, expected ${y.length} samples × ${per} (sample shape [${sampleShape}])`);
  }
  for (let i = 0; i < y.length; i++) {
    const label = y[i];
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new ValueError(where, `label ${label} of sample ${i} is outside [0, ${classes})`);
    }
  }
  const labels = y instanceof Uint32Array ? y : Uint32Array.from(y);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new ValueError(where, `x[${i}] (sample ${Math.floor(i / per)}) is ${x[i]}; inputs must be finite`);
  }
  return { x, y: labels, sampleShape: [...sampleShape], count: labels.length, classes };
}

/** Splits off the first `count` samples (use after a seeded shuffle). */
export function split(data: Dataset, count: number): [Dataset, Dataset] {
  if (count <= 0 || count >= data.count) throw new ValueError('split', `count must be in (0, ${data.count}) (got ${count})`);
  const per = sizeOf(data.sampleShape);
  const part = (from: number, to: number): Dataset => ({
    x: data.x.subarray(from * per, to * per), y: data.y.subarray(from, to), sampleShape: data.sampleShape, count: to - from, classes: data.classes,
    bytes: data.bytes && { ...data.bytes, data: data.bytes.data.subarray(from * per, to * per) },
  });
  return [part(0, count), part(count, data.count)];
}

/** A seeded permutation of [0, n) (Fisher–Yates with mulberry32). */
export function permutation(n: number, seed: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  let s = seed >>> 0;
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** Reorders a data set by `order` (a copy). */
export function reorder(data: Dataset, order: Uint32Array): Dataset {
  const per = sizeOf(data.sampleShape);
  const x = new Float32Array(order.length * per);
  const y = new Uint32Array(order.length);
  const bytes = data.bytes && new Uint8Array(order.length * per);
  order.forEach((src, i) => {
    x.set(data.x.subarray(src * per, (src + 1) * per), i * per);
    bytes?.set(data.bytes!.data.subarray(src * per, (src + 1) * per), i * per);
    y[i] = data.y[src];
  });
  return { ...data, x, y, count: order.length, bytes: bytes && { ...data.bytes!, data: bytes } };
}

/**
 * (x − mean) / std for every value (a copy), e.g. MNIST's 0.1307 / 0.3081 as in the PyTorch
 * examples. Zero-centred inputs make plain MLPs train noticeably better.
 */
export function standardize(data: Dataset, mean: number, std: number): Dataset {
  if (!(std > 0)) throw new ValueError('standardize', `std must be > 0 (got ${std})`);
  const x = new Float32Array(data.x.length);
  for (let i = 0; i < x.length; i++) x[i] = (data.x[i] - mean) / std;
  const bytes = data.bytes && { data: data.bytes.data, scale: data.bytes.scale / std, offset: (data.bytes.offset - mean) / std };
  return { ...data, x, bytes };
}
