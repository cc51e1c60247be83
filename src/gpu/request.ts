import { UnsupportedOpError } from '../errors.js';
import { LIMIT_NAMES, readCaps } from './caps.js';
import { Gpu } from './gpu.js';

export interface RequestGpuOptions {
  /** `'compatibility'` asks for a compatibility-mode adapter (mobile-like limits). Default `'core'`. */
  featureLevel?: 'core' | 'compatibility';
  powerPreference?: GPUPowerPreference;
  /**
   * `'adapter'` (default) requests the adapter's larger limits where shadernet can use them;
   * `'default'` keeps WebGPU's default limits (what a phone guarantees), as the tests do on compat.
   */
  limits?: 'adapter' | 'default';
  /** A `GPU` entry point to use instead of `navigator.gpu` or Dawn (for embedding or testing). */
  gpu?: GPU;
  /** Node only: options for Dawn's `create()`, e.g. `['backend=opengles']`. */
  dawnOptions?: string[];
}

const OPTIONAL_FEATURES: GPUFeatureName[] = ['shader-f16', 'subgroups', 'timestamp-query', 'core-features-and-limits'] as GPUFeatureName[];

// Dawn's binding must be created once per process; keyed by its options.
const dawnInstances = new Map<string, Promise<GPU>>();

async function nodeGpu(options: string[]): Promise<GPU> {
  const key = options.join(' ');
  let instance = dawnInstances.get(key);
  if (!instance) {
    instance = (async () => {
      const env = (globalThis as { process?: { env: Record<string, string | undefined>; platform?: string } }).process;
      if (env && env.platform === 'linux' && !env.env.XDG_RUNTIME_DIR) {
        // Mesa's drivers want a runtime dir; Node's setter reaches the native environment.
        // Variable specifiers: web bundlers must not try to resolve Node's modules.
        const [osName, fsName] = ['node:os', 'node:fs'];
        const os = (await import(/* @vite-ignore */ osName)) as typeof import('node:os');
        const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs');
        const dir = `${os.tmpdir()}/shadernet-xdg-${os.userInfo().uid}`;
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        env.env.XDG_RUNTIME_DIR = dir;
      }
      // The specifier is a variable so web bundlers leave the Node binding out of browser builds.
      const specifier = 'webgpu';
      const dawn = (await import(/* @vite-ignore */ specifier)) as { create(o: string[]): GPU; globals: object };
      Object.assign(globalThis, dawn.globals);
      return dawn.create(options);
    })();
    dawnInstances.set(key, instance);
  }
  return instance;
}

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/**
 * Acquires a WebGPU device: `navigator.gpu` in browsers, Dawn (the `webgpu` package) in Node.
 * Requests `shader-f16`, `subgroups` and `timestamp-query` when the adapter has them, and the
 * adapter's larger limits unless `limits: 'default'`.
 *
 * @throws {UnsupportedOpError} when no WebGPU adapter is available.
 */
export async function requestGpu(options: RequestGpuOptions = {}): Promise<Gpu> {
  const dawnOptions = options.dawnOptions ?? [];
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  const entry = options.gpu ?? (nav?.gpu && !isNode() ? nav.gpu : isNode() ? await nodeGpu(dawnOptions) : nav?.gpu);
  if (!entry) {
    throw new UnsupportedOpError('requestGpu', 'this environment has no WebGPU (navigator.gpu is undefined)',
      'use a browser with WebGPU enabled, or Node 20+ with the `webgpu` package');
  }
  const featureLevel = options.featureLevel ?? 'core';
  const adapter = await entry.requestAdapter({ featureLevel, powerPreference: options.powerPreference } as GPURequestAdapterOptions);
  if (!adapter) {
    throw new UnsupportedOpError('requestGpu', `no ${featureLevel} WebGPU adapter was found`,
      'on Linux without a GPU run `bash scripts/setup-webgpu.sh` to install Mesa lavapipe');
  }
  const requiredFeatures = OPTIONAL_FEATURES.filter((f) => adapter.features.has(f));
  const requiredLimits: Record<string, number> = {};
  if ((options.limits ?? 'adapter') === 'adapter') {
    for (const name of LIMIT_NAMES) {
      if (name.startsWith('min')) continue; // alignments: the default is the loosest we may ask for
      requiredLimits[name] = (adapter.limits as unknown as Record<string, number>)[name];
    }
  }
  const device = await adapter.requestDevice({ label: 'shadernet', requiredFeatures, requiredLimits });
  const info = (adapter as { info?: GPUAdapterInfo }).info;
  const wgsl = new Set<string>((entry.wgslLanguageFeatures ?? []) as Iterable<string>);
  const backend = options.gpu ? 'custom' : isNode() ? `dawn${dawnOptions.length ? ` ${dawnOptions.join(' ')}` : ''}` : 'browser';
  return new Gpu(device, readCaps(device, info, wgsl, backend));
}
