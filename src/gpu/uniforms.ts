/**
 * Uniform structs are declared once in WGSL and mirrored once in TS as an ordered field list.
 * These helpers compute the WGSL uniform layout of such a list and pack values into it; a test
 * reflects every kernel's WGSL `struct Params` and checks it agrees with the TS mirror.
 */

/** The uniform field types shadernet uses. Arrays are of vec4 so the uniform stride is 16. */
export type FieldType = 'u32' | 'i32' | 'f32' | 'vec4<u32>' | 'vec4<i32>' | 'vec4<f32>' | 'array<vec4<u32>, 2>';

export type FieldList = Readonly<Record<string, FieldType>>;

export type FieldValue<T extends FieldType> = T extends 'u32' | 'i32' | 'f32' ? number : readonly number[];

export type ParamValues<F extends FieldList> = { readonly [K in keyof F]: FieldValue<F[K]> };

interface FieldLayout { name: string; type: FieldType; offset: number; size: number }

const SIZES: Record<FieldType, { size: number; align: number; count: number }> = {
  u32: { size: 4, align: 4, count: 1 },
  i32: { size: 4, align: 4, count: 1 },
  f32: { size: 4, align: 4, count: 1 },
  'vec4<u32>': { size: 16, align: 16, count: 4 },
  'vec4<i32>': { size: 16, align: 16, count: 4 },
  'vec4<f32>': { size: 16, align: 16, count: 4 },
  'array<vec4<u32>, 2>': { size: 32, align: 16, count: 8 },
};

/** Offsets of each field and the struct's size (rounded to 16, as uniform structs are). */
export function uniformLayout(fields: FieldList): { fields: FieldLayout[]; size: number } {
  let offset = 0;
  const out: FieldLayout[] = [];
  for (const [name, type] of Object.entries(fields)) {
    const { size, align } = SIZES[type];
    offset = Math.ceil(offset / align) * align;
    out.push({ name, type, offset, size });
    offset += size;
  }
  return { fields: out, size: Math.max(16, Math.ceil(offset / 16) * 16) };
}

function scalarKind(type: FieldType): 'u32' | 'i32' | 'f32' {
  return type.includes('f32') ? 'f32' : type.includes('i32') ? 'i32' : 'u32';
}

/** Packs `values` into `target` at byte offset `at`, following the layout of `fields`. */
export function packUniform<F extends FieldList>(fields: F, values: ParamValues<F>, target: ArrayBuffer, at = 0): void {
  const view = new DataView(target, at);
  for (const field of uniformLayout(fields).fields) {
    const raw = (values as Record<string, number | readonly number[]>)[field.name];
    if (raw === undefined) throw new Error(`uniform field '${field.name}' has no value`);
    const list = typeof raw === 'number' ? [raw] : raw;
    const count = SIZES[field.type].count;
    if (list.length > count) throw new Error(`uniform field '${field.name}' takes ${count} values, got ${list.length}`);
    const kind = scalarKind(field.type);
    for (let i = 0; i < list.length; i++) {
      const o = field.offset + 4 * i;
      if (kind === 'f32') view.setFloat32(o, list[i], true);
      else if (kind === 'i32') view.setInt32(o, list[i], true);
      else view.setUint32(o, list[i] >>> 0, true);
    }
  }
}
