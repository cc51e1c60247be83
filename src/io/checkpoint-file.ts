import { UnsupportedOpError } from '../errors.js';
import type { Trainer } from '../train/trainer.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';

/**
 * Node helpers that keep checkpoints on disk. Node modules are imported through variable
 * specifiers (as in src/data/mnist.ts) so web bundles never try to resolve them; in browsers use
 * the bytes API ({@link saveCheckpoint} / {@link loadCheckpoint}).
 */

type Fs = typeof import('node:fs/promises');

/** The part of Node's `FileHandle` a writer gets (declared here so web consumers need no Node types). */
export interface WritableFile {
  write(data: Uint8Array): Promise<unknown>;
}

async function nodeModules(where: string): Promise<{ fs: Fs; path: typeof import('node:path') }> {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (!proc?.versions?.node) throw new UnsupportedOpError(where, 'reads and writes files and needs Node', 'in browsers use io.saveCheckpoint / io.loadCheckpoint (bytes)');
  const fsName = 'node:fs/promises';
  const pathName = 'node:path';
  const [fs, path] = await Promise.all([import(/* @vite-ignore */ fsName), import(/* @vite-ignore */ pathName)]);
  return { fs: fs as Fs, path: path as typeof import('node:path') };
}

export interface AtomicWriteOptions {
  /** Writes the bytes into the open temporary file (default: Node's `FileHandle.writeFile`). Tests inject failures here. */
  write?: (file: WritableFile, bytes: Uint8Array) => Promise<void>;
}

/**
 * Replaces `file` with `bytes` atomically: writes a temporary file in the same folder, fsyncs it,
 * renames it over `file` and fsyncs the folder. If anything fails the temporary file is removed
 * and `file` keeps its previous contents.
 */
export async function writeFileAtomic(file: string, bytes: Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const { fs, path } = await nodeModules('writeFileAtomic');
  const dir = path.dirname(path.resolve(file));
  const temp = path.join(dir, `.${path.basename(file)}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
  let handle: Awaited<ReturnType<Fs['open']>> | null = null;
  try {
    handle = await fs.open(temp, 'wx');
    if (options.write) await options.write(handle, bytes);
    else await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = null;
    await fs.rename(temp, file);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  // Persist the rename itself (best effort: not every platform can fsync a folder).
  const folder = await fs.open(dir, 'r').catch(() => null);
  await folder?.sync().catch(() => undefined);
  await folder?.close().catch(() => undefined);
}

/** Saves a checkpoint to `file` (Node), atomically: a failed save leaves the previous file intact. */
export async function saveCheckpointFile(trainer: Trainer, file: string, options: AtomicWriteOptions = {}): Promise<void> {
  await writeFileAtomic(file, await saveCheckpoint(trainer), options);
}

/** Loads a checkpoint saved by {@link saveCheckpointFile} (Node). */
export async function loadCheckpointFile(trainer: Trainer, file: string): Promise<void> {
  const { fs } = await nodeModules('loadCheckpointFile');
  const bytes = await fs.readFile(file);
  await loadCheckpoint(trainer, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
