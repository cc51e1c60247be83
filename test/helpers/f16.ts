import type { Gpu } from '../../src/gpu/gpu.js';
import { STORAGE_USAGE } from '../../src/gpu/buffer-pages.js';
import { storageBytes } from '../../src/kernels/f16.js';

// IEEE 754 binary16 on the host: the Math.fround analog for half precision, bit encoding and
// decoding, and storage buffers of halves sized exactly as the kernels bind them (2n bytes
// rounded up to 4, so odd element counts are exercised).

/** The binary16 bit pattern nearest to `value` (round to nearest, ties to even; ±Inf beyond 65504 + 8). */
export function f16Bits(value: number): number {
  if (Number.isNaN(value)) return 0x7e00;
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const a = Math.abs(value);
  if (a >= 65520) return sign | 0x7c00;
  if (a < 2 ** -14) return sign | roundHalfEven(a * 2 ** 24); // subnormal; 1024 carries into the smallest normal
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  if (2 ** (e + 1) <= a) e++;
  let mantissa = roundHalfEven((a / 2 ** e - 1) * 1024);
  if (mantissa === 1024) {
    mantissa = 0;
    e++;
  }
  return sign | ((e + 15) << 10) | mantissa;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 ? 2 * Math.round(x / 2) : r;
}

/** The value of a binary16 bit pattern. */
export function f16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const m = bits & 0x3ff;
  if (e === 0x1f) return m ? Number.NaN : sign * Infinity;
  if (e === 0) return sign * m * 2 ** -24;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

/** `value` rounded to the nearest half (the Math.fround analog). */
export function roundF16(value: number): number {
  return f16Value(f16Bits(value));
}

/** Rounds every value to half precision, as float64 (what the reference then sees exactly). */
export function toF16(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values as ArrayLike<number>, roundF16);
}

/** Encodes values as binary16 bit patterns. */
export function encodeF16(values: ArrayLike<number>): Uint16Array {
  return Uint16Array.from(values as ArrayLike<number>, f16Bits);
}

/** Decodes binary16 bit patterns. */
export function decodeF16(bits: Uint16Array): Float64Array {
  return Float64Array.from(bits, f16Value);
}

/** A storage buffer of exactly `storageBytes(n, 'f16')` bytes holding `values` as halves. */
export function uploadF16(gpu: Gpu, values: ArrayLike<number>, label = 'test.f16.input'): GPUBuffer {
  const size = storageBytes(values.length, 'f16');
  const buffer = gpu.device.createBuffer({ label, size, usage: STORAGE_USAGE });
  const bits = new Uint16Array(size / 2);
  bits.set(encodeF16(values));
  gpu.device.queue.writeBuffer(buffer, 0, bits.buffer, 0, size);
  return buffer;
}

/** An output buffer for `n` halves, pre-filled with NaN so unwritten elements show. */
export function outputF16(gpu: Gpu, n: number, label = 'test.f16.output'): GPUBuffer {
  return uploadF16(gpu, new Float64Array(n).fill(Number.NaN), label);
}

/** Reads `n` halves back as float64. */
export async function downloadF16(gpu: Gpu, buffer: GPUBuffer, n: number): Promise<Float64Array> {
  const bytes = await gpu.read(buffer, 0, storageBytes(n, 'f16'));
  return decodeF16(new Uint16Array(bytes, 0, n));
}
