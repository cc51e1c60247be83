import { describe, expect, it } from 'vitest';
import { FormatError, ValueError } from '../../src/errors.js';
import { MAX_HEADER_BYTES, readSafetensors, writeSafetensors, type Tensor } from '../../src/io/safetensors.js';

const enc = new TextEncoder();

/** A file from a raw header (object or text) and a data buffer of `dataBytes` bytes, as an attacker would hand-craft it. */
function craft(header: unknown, dataBytes: number, lengthOverride?: bigint): Uint8Array {
  const json = enc.encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, lengthOverride ?? BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

function hex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));
}

function formatError(bytes: Uint8Array): FormatError {
  try {
    readSafetensors(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return e as FormatError;
  }
  throw new Error('expected a FormatError');
}

const f32 = (name: string, shape: number[], begin: number) => ({ [name]: { dtype: 'F32', shape, data_offsets: [begin, begin + 4 * shape.reduce((a, b) => a * b, 1)] } });

describe('safetensors', () => {
  it('round-trips F32, U32, I32 and F16 tensors and string metadata into aligned typed arrays', () => {
    const tensors: Record<string, Tensor> = {
      'dense.kernel': { dtype: 'F32', shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 1e-30, Infinity, -0]) },
      scalar: { dtype: 'F32', shape: [], data: Float32Array.from([42]) },
      empty: { dtype: 'F32', shape: [0, 5], data: new Float32Array(0) },
      counts: { dtype: 'U32', shape: [3], data: Uint32Array.from([0, 1, 4294967295]) },
      ints: { dtype: 'I32', shape: [1, 2], data: Int32Array.from([-7, 2147483647]) },
      half: { dtype: 'F16', shape: [3], data: Uint16Array.from([0x3c00, 0xc000, 0x7bff]) },
    };
    const bytes = writeSafetensors(tensors, { step: '12', note: 'é ✓ "quoted"' });
    const headerBytes = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerBytes % 8).toBe(0);
    // Read from an odd offset inside a bigger buffer: the copies must still be aligned.
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const file = readSafetensors(shifted.subarray(3));
    expect(file.metadata).toEqual({ step: '12', note: 'é ✓ "quoted"' });
    expect(new Set(file.tensors.keys())).toEqual(new Set(Object.keys(tensors)));
    for (const [name, t] of Object.entries(tensors)) {
      const got = file.tensors.get(name)!;
      expect(got.dtype, name).toBe(t.dtype);
      expect(got.shape, name).toEqual(t.shape);
      expect(got.data.constructor, name).toBe(t.data.constructor);
      expect(Array.from(got.data as ArrayLike<number>), name).toEqual(Array.from(t.data as ArrayLike<number>));
      expect(got.data.byteOffset, name).toBe(0);
    }
    expect(Object.is((file.tensors.get('dense.kernel')!.data as Float32Array)[5], -0)).toBe(true);
    // Deterministic: the same tensors in another insertion order give the same bytes.
    const reversed = Object.fromEntries(Object.entries(tensors).reverse());
    expect(writeSafetensors(reversed, { note: 'é ✓ "quoted"', step: '12' })).toEqual(bytes);
  });

  it("writes exactly the bytes of Python's safetensors (layout by descending dtype then name, header padded with spaces)", () => {
    // safetensors.numpy.save({"b": f32 [1.5, -2], "a": i32 [-1], "c": f16 [1], "u": u32 [[7], [8]], "aa": f32 zeros(0, 3)},
    // metadata={"format": "pt"}) — the reference writer sorts by dtype (F32 > U32 > I32 > F16), then by name.
    const header = '{"__metadata__":{"format":"pt"},'
      + '"aa":{"dtype":"F32","shape":[0,3],"data_offsets":[0,0]},'
      + '"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},'
      + '"u":{"dtype":"U32","shape":[2,1],"data_offsets":[8,16]},'
      + '"a":{"dtype":"I32","shape":[1],"data_offsets":[16,20]},'
      + '"c":{"dtype":"F16","shape":[1],"data_offsets":[20,22]}}';
    const padded = header + ' '.repeat((8 - (header.length % 8)) % 8);
    expect(padded.length).toBe(312);
    const expected = new Uint8Array([...hex('3801000000000000'), ...enc.encode(padded), ...hex('0000c03f000000c00700000008000000ffffffff003c')]);
    const written = writeSafetensors({
      b: { dtype: 'F32', shape: [2], data: Float32Array.from([1.5, -2]) },
      a: { dtype: 'I32', shape: [1], data: Int32Array.from([-1]) },
      c: { dtype: 'F16', shape: [1], data: Uint16Array.from([0x3c00]) },
      u: { dtype: 'U32', shape: [2, 1], data: Uint32Array.from([7, 8]) },
      aa: { dtype: 'F32', shape: [0, 3], data: new Float32Array(0) },
    }, { format: 'pt' });
    expect(Buffer.from(written).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
    const file = readSafetensors(expected);
    expect([...file.tensors.keys()]).toEqual(['aa', 'b', 'u', 'a', 'c']);
    expect(Array.from(file.tensors.get('u')!.data as Uint32Array)).toEqual([7, 8]);
    expect(Array.from(file.tensors.get('b')!.data as Float32Array)).toEqual([1.5, -2]);
  });

  it('reads the other dtypes PyTorch writes (F64, I64, BF16, U8, BOOL) and files without metadata', () => {
    const file = readSafetensors(craft({
      d: { dtype: 'F64', shape: [1], data_offsets: [0, 8] },
      n: { dtype: 'I64', shape: [1], data_offsets: [8, 16] },
      h: { dtype: 'BF16', shape: [1], data_offsets: [16, 18] },
      b: { dtype: 'BOOL', shape: [2], data_offsets: [18, 20] },
    }, 20));
    expect(file.metadata).toEqual({});
    expect(file.tensors.get('d')!.data).toBeInstanceOf(Float64Array);
    expect(file.tensors.get('n')!.data).toBeInstanceOf(BigInt64Array);
    expect(file.tensors.get('h')!.data).toBeInstanceOf(Uint16Array);
    expect(file.tensors.get('b')!.data).toBeInstanceOf(Uint8Array);
  });

  it('rejects malformed files with a FormatError naming the tensor and the problem', () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ['truncated length', new Uint8Array(5), /5 bytes, too short/],
      ['header beyond file', craft(f32('w', [2], 0), 8, 1000n), /header length 1000 runs past the end/],
      ['huge header length', craft(f32('w', [2], 0), 8, 1n << 60n), new RegExp(`exceeds the ${MAX_HEADER_BYTES}-byte limit`)],
      ['bad JSON', craft('{"w": {"dtype": "F32",', 0), /not valid JSON/],
      ['not an object', craft('[1, 2]', 0), /starting with '\{'/],
      ['invalid UTF-8', craft('{"\xff"}', 0).map((b, i) => (i === 10 ? 0xff : b)), /not valid UTF-8/],
      ['entry not an object', craft({ w: 3 }, 0), /safetensors \(w\): entry must be an object/],
      ['bad dtype', craft({ w: { dtype: 'F31', shape: [2], data_offsets: [0, 8] } }, 8), /safetensors \(w\): unknown dtype "F31"/],
      ['missing dtype', craft({ w: { shape: [2], data_offsets: [0, 8] } }, 8), /safetensors \(w\): unknown dtype undefined/],
      ['fractional shape', craft({ w: { dtype: 'F32', shape: [1.5], data_offsets: [0, 6] } }, 6), /safetensors \(w\): shape must be an array of non-negative integers/],
      ['negative shape', craft({ w: { dtype: 'F32', shape: [-2], data_offsets: [0, 8] } }, 8), /safetensors \(w\): shape/],
      ['shape/offset mismatch', craft({ ...f32('a', [1], 0), w: { dtype: 'F32', shape: [2, 2], data_offsets: [4, 16] } }, 16), /safetensors \(w\): data_offsets \[4, 16\] hold 12 bytes but F32 \[2,2\] needs 16/],
      ['offsets not a pair', craft({ w: { dtype: 'F32', shape: [2], data_offsets: [0] } }, 8), /safetensors \(w\): data_offsets must be \[begin, end\]/],
      ['string offsets', craft({ w: { dtype: 'F32', shape: [2], data_offsets: ['0', '8'] } }, 8), /safetensors \(w\): data_offsets must be/],
      ['begin after end', craft({ w: { dtype: 'F32', shape: [0], data_offsets: [8, 0] } }, 8), /safetensors \(w\): data_offsets \[8, 0\] end before they begin/],
      ['offsets past the buffer', craft(f32('w', [4], 0), 8), /safetensors \(w\): data_offsets \[0, 16\] run past the 8-byte data buffer/],
      ['overlapping offsets', craft({ ...f32('a', [2], 0), ...f32('w', [2], 4) }, 12), /safetensors \(w\): data_offsets \[4, 12\] overlap tensor 'a'/],
      ['gap between tensors', craft({ ...f32('a', [1], 0), ...f32('w', [1], 8) }, 12), /safetensors \(w\): data_offsets \[8, 12\] leave a gap of 4 bytes after tensor 'a'/],
      ['gap at the start', craft(f32('w', [1], 4), 8), /safetensors \(w\): .*gap of 4 bytes after the header/],
      ['trailing bytes', craft(f32('w', [1], 0), 12), /safetensors \(w\): the tensors cover 4 bytes of a 12-byte data buffer/],
      ['unknown field', craft({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4], offset: 0 } }, 4), /safetensors \(w\): unexpected field 'offset'/],
      ['non-string metadata', craft({ __metadata__: { step: 3 }, ...f32('w', [1], 0) }, 4), /safetensors \(__metadata__\.step\): metadata values must be strings \(got 3\)/],
      ['metadata not an object', craft({ __metadata__: ['a'] }, 0), /safetensors \(__metadata__\): must be an object of strings/],
    ];
    for (const [what, bytes, message] of cases) expect(formatError(bytes).message, what).toMatch(message);
  });

  it('refuses to write what it could not read back', () => {
    expect(() => writeSafetensors({ w: { dtype: 'F32', shape: [3], data: new Float32Array(2) } })).toThrow(/safetensors.write \(w\): shape \[3\] has 3 elements, data has 2/);
    expect(() => writeSafetensors({ w: { dtype: 'F32', shape: [2], data: new Uint32Array(2) } })).toThrow(ValueError);
    expect(() => writeSafetensors({ w: { dtype: 'F32', shape: [1.5], data: new Float32Array(1) } })).toThrow(/non-negative integers/);
    expect(() => writeSafetensors({ __metadata__: { dtype: 'F32', shape: [], data: new Float32Array(1) } })).toThrow(/reserved/);
    expect(() => writeSafetensors({}, { n: 3 as unknown as string })).toThrow(/metadata values must be strings/);
  });
});
