import { UnsupportedOpError } from '../errors.js';

/**
 * Imports a Node module (built-in or from node_modules) through a variable specifier, so that web
 * bundles never try to resolve it; throws UnsupportedOpError outside Node, naming the loader.
 */
export async function importNode<T>(name: string, where: string): Promise<T> {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (!proc?.versions?.node) throw new UnsupportedOpError(where, 'reads files and needs Node', 'in browsers use datasets.fromImages() or fromArrays()');
  const mod = (await import(/* @vite-ignore */ name)) as T & { default?: T };
  // CommonJS packages arrive as { default: module.exports } under native ESM.
  return (mod.default && typeof mod.default === 'object' ? { ...mod.default, ...mod } : mod) as T;
}
