import { FormatError, ValueError } from '../errors.js';

/**
 * The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
 * header length N, N bytes of UTF-8 JSON `{name: {dtype, shape, data_offsets: [begin, end]},
 * "__metadata__": {string: string}}`, then the byte buffer the offsets index. Tensor data is
 * little-endian and row-major; typed arrays here use the platform's byte order (little-endian on
 * every platform WebGPU runs on).
 */

/** The format's dtypes, their element size and the typed array they read into. */
const DTYPES = {
  F64: { bytes: 8, array: Float64Array },
  F32: { bytes: 4, array: Float32Array },
  F16: { bytes: 2, array: Uint16Array },
  BF16: { bytes: 2, array: Uint16Array },
  I64: { bytes: 8, array: BigInt64Array },
  U64: { bytes: 8, array: BigUint64Array },
  I32: { bytes: 4, array: Int32Array },
  U32: { bytes: 4, array: Uint32Array },
  I16: { bytes: 2, array: Int16Array },
  U16: { bytes: 2, array: Uint16Array },
  I8: { bytes: 1, array: Int8Array },
  U8: { bytes: 1, array: Uint8Array },
  BOOL: { bytes: 1, array: Uint8Array },
  F8_E5M2: { bytes: 1, array: Uint8Array },
  F8_E4M3: { bytes: 1, array: Uint8Array },
} as const;

export type Dtype = keyof typeof DTYPES;

/**
 * The reference implementation's dtype order (its `Dtype` enum): the writer lays tensors out by
 * descending dtype, then by name, as `safetensors.serialize` does, so files are byte-identical.
 */
const DTYPE_ORDER: readonly Dtype[] = ['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64'];

export type TensorData = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array | BigInt64Array | BigUint64Array;

/** One tensor: F16/BF16 are raw 16-bit patterns in a Uint16Array, BOOL and F8 bytes in a Uint8Array. */
export interface Tensor {
  readonly dtype: Dtype;
  readonly shape: readonly number[];
  readonly data: TensorData;
}

export interface SafetensorsFile {
  /** Tensors in file order (by data offset). */
  readonly tensors: Map<string, Tensor>;
  readonly metadata: Record<string, string>;
}

/** The reference implementation's limit on the header (safetensors `MAX_HEADER_SIZE`). */
export const MAX_HEADER_BYTES = 100_000_000;

const METADATA_KEY = '__metadata__';

function isDtype(d: unknown): d is Dtype {
  return typeof d === 'string' && Object.prototype.hasOwnProperty.call(DTYPES, d);
}

function elements(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** Byte-wise UTF-8 order (what Rust's `String` comparison gives), not UTF-16 code units. */
function compareUtf8(a: string, b: string): number {
  const enc = new TextEncoder();
  const x = enc.encode(a);
  const y = enc.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/**
 * Serializes tensors and string metadata. Layout and header match the reference writer: tensors
 * ordered by descending dtype then name, compact JSON with `__metadata__` first (its keys sorted),
 * the header padded with spaces to a multiple of 8 bytes.
 */
export function writeSafetensors(tensors: ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const entries: [string, Tensor][] = tensors instanceof Map ? [...(tensors as ReadonlyMap<string, Tensor>).entries()] : Object.entries(tensors as Record<string, Tensor>);
  for (const [name, t] of entries) {
    const where = `safetensors.write (${name})`;
    if (name === METADATA_KEY) throw new ValueError(where, `'${METADATA_KEY}' is reserved for the metadata`);
    if (!isDtype(t.dtype)) throw new ValueError(where, `unknown dtype '${t.dtype}'`, `one of ${Object.keys(DTYPES).join(', ')}`);
    if (!t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new ValueError(where, `shape [${t.shape}] must hold non-negative integers`);
    const Expected = DTYPES[t.dtype].array;
    if (!(t.data instanceof Expected)) throw new ValueError(where, `${t.dtype} data must be a ${Expected.name} (got ${t.data.constructor.name})`);
    if (t.data.length !== elements(t.shape)) throw new ValueError(where, `shape [${t.shape}] has ${elements(t.shape)} elements, data has ${t.data.length}`);
  }
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') throw new ValueError(`safetensors.write (${METADATA_KEY}.${key})`, `metadata values must be strings (got ${typeof value})`);
  }
  entries.sort(([an, a], [bn, b]) => DTYPE_ORDER.indexOf(b.dtype) - DTYPE_ORDER.indexOf(a.dtype) || compareUtf8(an, bn));

  const header: Record<string, unknown> = {};
  const keys = Object.keys(metadata).sort(compareUtf8);
  if (keys.length > 0) header[METADATA_KEY] = Object.fromEntries(keys.map((k) => [k, metadata[k]]));
  let offset = 0;
  for (const [name, t] of entries) {
    const end = offset + t.data.byteLength;
    header[name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, end] };
    offset = end;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = json.length + ((8 - (json.length % 8)) % 8);
  const out = new Uint8Array(8 + headerBytes + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerBytes);
  let at = 8 + headerBytes;
  for (const [, t] of entries) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}

function fail(name: string | null, what: string, hint?: string): never {
  throw new FormatError(name === null ? 'safetensors' : `safetensors (${name})`, what, hint);
}

interface Entry { name: string; dtype: Dtype; shape: number[]; begin: number; end: number }

/** Validates one header entry (the file is untrusted: every field, type and size is checked). */
function parseEntry(name: string, raw: unknown, bufferBytes: number): Entry {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(name, `entry must be an object {dtype, shape, data_offsets} (got ${JSON.stringify(raw)})`);
  const e = raw as Record<string, unknown>;
  for (const key of Object.keys(e)) if (!['dtype', 'shape', 'data_offsets'].includes(key)) fail(name, `unexpected field '${key}' (expected dtype, shape, data_offsets)`);
  if (!isDtype(e.dtype)) fail(name, `unknown dtype ${JSON.stringify(e.dtype)}`, `one of ${Object.keys(DTYPES).join(', ')}`);
  const shape = e.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) fail(name, `shape must be an array of non-negative integers (got ${JSON.stringify(shape)})`);
  const count = elements(shape as number[]);
  const bytes = count * DTYPES[e.dtype].bytes;
  if (!Number.isSafeInteger(bytes)) fail(name, `shape [${shape}] is too large`);
  const offsets = e.data_offsets;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    fail(name, `data_offsets must be [begin, end] non-negative integers (got ${JSON.stringify(offsets)})`);
  }
  const [begin, end] = offsets as number[];
  if (begin > end) fail(name, `data_offsets [${begin}, ${end}] end before they begin`);
  if (end > bufferBytes) fail(name, `data_offsets [${begin}, ${end}] run past the ${bufferBytes}-byte data buffer`);
  if (end - begin !== bytes) fail(name, `data_offsets [${begin}, ${end}] hold ${end - begin} bytes but ${e.dtype} [${shape}] needs ${bytes} (${count} × ${DTYPES[e.dtype].bytes})`);
  return { name, dtype: e.dtype, shape: shape as number[], begin, end };
}

/**
 * Reads a safetensors file, treating it as untrusted: the header length is checked against the
 * file size and {@link MAX_HEADER_BYTES}; the JSON, every entry's dtype, shape and offsets
 * (integers, in range, size = elements × dtype size), the offsets' tiling of the buffer (no
 * overlap, no gap, nothing left over) and the metadata's string values are validated. Every
 * problem is a {@link FormatError} naming the tensor. Tensor data is copied into fresh, aligned
 * typed arrays.
 */
export function readSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.length < 8) fail(null, `file is ${bytes.length} bytes, too short for the 8-byte header length`);
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true);
  if (length > BigInt(MAX_HEADER_BYTES)) fail(null, `header length ${length} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  const n = Number(length);
  if (8 + n > bytes.length) fail(null, `header length ${n} runs past the end of the ${bytes.length}-byte file`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    fail(null, 'header is not valid UTF-8');
  }
  if (!text.startsWith('{')) fail(null, `header must be a JSON object starting with '{' (got ${JSON.stringify(text.slice(0, 16))})`);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(null, `header is not valid JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail(null, 'header must be a JSON object');
  const bufferBytes = bytes.length - 8 - n;
  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === METADATA_KEY) {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(METADATA_KEY, `must be an object of strings (got ${JSON.stringify(raw)})`);
      for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof value !== 'string') fail(`${METADATA_KEY}.${key}`, `metadata values must be strings (got ${JSON.stringify(value)})`);
        metadata[key] = value;
      }
    } else {
      entries.push(parseEntry(name, raw, bufferBytes));
    }
  }
  // The spec: the offsets tile the buffer exactly, in some order, with no gap or overlap.
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const [i, e] of entries.entries()) {
    if (e.begin < expected) fail(e.name, `data_offsets [${e.begin}, ${e.end}] overlap tensor '${entries[i - 1].name}' (which ends at ${expected})`);
    if (e.begin > expected) fail(e.name, `data_offsets [${e.begin}, ${e.end}] leave a gap of ${e.begin - expected} bytes after ${i > 0 ? `tensor '${entries[i - 1].name}'` : 'the header'}`);
    expected = e.end;
  }
  if (expected !== bufferBytes) fail(entries.length ? entries[entries.length - 1].name : null, `the tensors cover ${expected} bytes of a ${bufferBytes}-byte data buffer (trailing bytes)`);
  const tensors = new Map<string, Tensor>();
  const start = bytes.byteOffset + 8 + n;
  for (const e of entries) {
    const Array_ = DTYPES[e.dtype].array;
    const copy = new Uint8Array(e.end - e.begin);
    copy.set(new Uint8Array(bytes.buffer, start + e.begin, e.end - e.begin));
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape, data: new Array_(copy.buffer) });
  }
  return { tensors, metadata };
}
