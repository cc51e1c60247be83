import { FormatError } from '../errors.js';
import { sameShape, sizeOf, type Shape } from '../kernels/shape.js';
import type { Trainer } from '../train/trainer.js';
import { readSafetensors, writeSafetensors, type Tensor } from './safetensors.js';

/**
 * Training checkpoints as safetensors files: every parameter (trainable and frozen, e.g. batch
 * norm running statistics) under its own name, the optimizer state per parameter under
 * `optimizer/<param>/<slot>`, and string metadata with the step count, seed, optimizer and model
 * configuration. Any safetensors reader (Python's `safetensors.torch.load_file`) opens them.
 */

export const CHECKPOINT_FORMAT = 'shadernet.checkpoint';
export const CHECKPOINT_VERSION = 1;

/** Names of the optimizer's state slots, in the order the optimizer kernel interleaves them per element. */
export function optimizerSlotNames(kind: string, slots: number): string[] {
  if (slots === 0) return [];
  switch (kind) {
    case 'adam':
    case 'adamw': return ['m', 'v'];
    case 'sgd': return ['momentum'];
    case 'rmsprop': return ['square_avg'];
    default: throw new FormatError('checkpoint', `no state layout known for optimizer '${kind}' with ${slots} slot(s)`);
  }
}

/** JSON for configs: schedules and other functions become `"<function>"`, initializers their name. */
function configJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'function') return '<function>';
    if (typeof v === 'bigint') return v.toString();
    if (ArrayBuffer.isView(v)) return `<${v.constructor.name} of ${v.byteLength} bytes>`;
    return v;
  });
}

/** What a trainer's checkpoint holds, by tensor name: shape and how to read / write it. */
interface Slot {
  shape: Shape;
  read: () => Promise<Float32Array>;
  write: (values: Float32Array) => void;
}

function checkpointSlots(trainer: Trainer): Map<string, Slot> {
  const store = trainer.params;
  const out = new Map<string, Slot>();
  const slotNames = optimizerSlotNames(trainer.options.optimizer.kind, store.stateSlots);
  const k = slotNames.length;
  for (const name of store.names) {
    const shape = store.spec(name).shape;
    out.set(name, { shape, read: () => store.read(name), write: (v) => store.write(name, v) });
    if (k === 0 || !store.hasState(name)) continue;
    // The state page interleaves the slots per element (Adam: m0 v0 m1 v1 …); the file holds one
    // tensor per slot. Reads share one readback; writes are gathered and written together.
    let cached: Promise<Float32Array> | null = null;
    const pending: (Float32Array | null)[] = slotNames.map(() => null);
    slotNames.forEach((slot, j) => {
      out.set(`optimizer/${name}/${slot}`, {
        shape,
        read: async () => {
          const all = await (cached ??= store.readState(name));
          const part = new Float32Array(all.length / k);
          for (let i = 0; i < part.length; i++) part[i] = all[i * k + j];
          return part;
        },
        write: (values) => {
          pending[j] = values;
          if (pending.some((p) => p === null)) return;
          const all = new Float32Array(values.length * k);
          pending.forEach((p, s) => { for (let i = 0; i < p!.length; i++) all[i * k + s] = p![i]; });
          store.writeState(name, all);
        },
      });
    });
  }
  return out;
}

/** Serializes the trainer's parameters, optimizer state and progress as a safetensors file. */
export async function saveCheckpoint(trainer: Trainer): Promise<Uint8Array> {
  const slots = checkpointSlots(trainer);
  const tensors = new Map<string, Tensor>();
  const values = await Promise.all([...slots.values()].map((s) => s.read()));
  [...slots.entries()].forEach(([name, s], i) => tensors.set(name, { dtype: 'F32', shape: s.shape, data: values[i] }));
  const o = trainer.options;
  const metadata = {
    format: CHECKPOINT_FORMAT,
    format_version: String(CHECKPOINT_VERSION),
    step: String(trainer.steps),
    seed: String(o.seed),
    optimizer: configJson(o.optimizer),
    model: configJson(trainer.model.layers.map((l) => ({ kind: l.kind, name: l.name, trainable: l.trainable, config: l.config }))),
    input_shape: JSON.stringify(o.inputShape),
    batch_size: String(o.batchSize),
  };
  return writeSafetensors(tensors, metadata);
}

function integerMetadata(metadata: Record<string, string>, key: string, min: number): number {
  const text = metadata[key];
  const value = Number(text);
  if (text === undefined || !/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new FormatError(`checkpoint (${key})`, `metadata '${key}' must be an integer ≥ ${min} (got ${JSON.stringify(text)})`);
  }
  return value;
}

/**
 * Restores parameters, optimizer state, step count and seed from a {@link saveCheckpoint} file.
 * Everything is validated before anything is written: a tensor missing from the file, a tensor the
 * model does not have, a shape or dtype mismatch or a different optimizer kind is a
 * {@link FormatError} naming the tensor, and the trainer is left untouched.
 */
export async function loadCheckpoint(trainer: Trainer, bytes: Uint8Array): Promise<void> {
  const file = readSafetensors(bytes);
  const meta = file.metadata;
  if (meta.format !== CHECKPOINT_FORMAT) {
    throw new FormatError('checkpoint', `not a shadernet checkpoint (metadata format ${JSON.stringify(meta.format)}, expected '${CHECKPOINT_FORMAT}')`,
      'read plain safetensors files with io.readSafetensors');
  }
  const version = integerMetadata(meta, 'format_version', 1);
  if (version > CHECKPOINT_VERSION) throw new FormatError('checkpoint', `format version ${version} is newer than this library's (${CHECKPOINT_VERSION})`);
  const step = integerMetadata(meta, 'step', 0);
  const seed = integerMetadata(meta, 'seed', Number.MIN_SAFE_INTEGER);
  let saved: { kind?: unknown };
  try {
    saved = JSON.parse(meta.optimizer ?? '') as { kind?: unknown };
  } catch {
    throw new FormatError('checkpoint (optimizer)', `metadata 'optimizer' is not JSON (got ${JSON.stringify(meta.optimizer)})`);
  }
  const kind = trainer.options.optimizer.kind;
  if (saved?.kind !== kind) {
    throw new FormatError('checkpoint (optimizer)', `the checkpoint's optimizer is ${JSON.stringify(saved?.kind)}, the trainer's is '${kind}'`,
      'compile the trainer with the same optimizer kind, or copy the parameters only');
  }

  const slots = checkpointSlots(trainer);
  for (const [name, slot] of slots) {
    const t = file.tensors.get(name);
    if (!t) throw new FormatError(`checkpoint (${name})`, `the model has tensor '${name}' [${slot.shape}] but the checkpoint does not`);
    if (t.dtype !== 'F32') throw new FormatError(`checkpoint (${name})`, `expected dtype F32, got ${t.dtype}`);
    if (!sameShape(t.shape, slot.shape)) throw new FormatError(`checkpoint (${name})`, `shape mismatch (expected [${slot.shape}], got [${t.shape}])`);
  }
  for (const [name, t] of file.tensors) {
    if (!slots.has(name)) throw new FormatError(`checkpoint (${name})`, `the checkpoint has tensor '${name}' [${t.shape}] that the model does not`);
  }
  for (const [name, slot] of slots) {
    const data = file.tensors.get(name)!.data as Float32Array;
    if (data.length !== sizeOf(slot.shape)) throw new FormatError(`checkpoint (${name})`, `holds ${data.length} values for shape [${slot.shape}]`);
    slot.write(data);
  }
  trainer.restoreProgress(step, seed);
}
