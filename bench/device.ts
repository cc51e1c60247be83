// The benchmark process's devices: one Dawn instance, one shadernet `Gpu`, and TensorFlow.js's
// WebGPU backend on the very same `GPUDevice` (so both libraries share the adapter, the queue and
// the waiting method), plus TF.js's WASM backend loaded from node_modules.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { requestGpu } from '../src/gpu/request.js';
import type { Gpu } from '../src/gpu/gpu.js';

export type AdapterKind = 'core' | 'compat';

/** What the harness knows about the device; recorded with every result. */
export interface DeviceRecord {
  readonly kind: AdapterKind;
  readonly vendor: string;
  readonly architecture: string;
  readonly description: string;
  readonly backend: string;
  readonly features: readonly string[];
  readonly limits: Readonly<Record<string, number>>;
  readonly software: boolean;
}

export interface BenchDevices {
  readonly gpu: Gpu;
  readonly record: DeviceRecord;
  /** TF.js backends that initialised (`'webgpu'`, `'wasm'`) and why the others did not. */
  readonly tfjs: { readonly webgpu: boolean; readonly wasm: boolean; readonly errors: readonly string[] };
}

const require = createRequire(import.meta.url);

/**
 * Creates Dawn once (the node binding allows one `create()` per process), hands the `GPU` to
 * shadernet through `requestGpu({ gpu })` and to TF.js as `navigator.gpu`, and registers TF.js's
 * `'webgpu'` backend as a factory over shadernet's device. TF.js's own registration only runs in
 * a browser (it checks `window`), and its backend constructor only checks that `navigator.gpu`
 * exists, so the device it runs on is the one we give it.
 */
export async function openDevices(kind: AdapterKind): Promise<BenchDevices> {
  if (process.platform === 'linux' && !process.env.XDG_RUNTIME_DIR) {
    const dir = join(tmpdir(), `shadernet-xdg-${userInfo().uid}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.env.XDG_RUNTIME_DIR = dir;
  }
  if (kind === 'compat') process.env.EGL_PLATFORM ??= 'surfaceless';
  const dawn = require('webgpu') as { create(options: string[]): GPU; globals: object };
  Object.assign(globalThis, dawn.globals);
  const dawnOptions = kind === 'compat' ? ['backend=opengles'] : [];
  // Dawn rounds timestamps down to 2^16 ns (65.5 µs) unless this toggle is off; benchmarks need
  // the raw values (the same toggle Chrome's --enable-webgpu-developer-features turns off).
  const entry = dawn.create([...dawnOptions, 'disable-dawn-features=timestamp_quantization']);
  const g = globalThis as { navigator?: { gpu?: GPU } };
  if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: { gpu: entry }, configurable: true, writable: true });
  else if (!g.navigator.gpu) Object.defineProperty(g.navigator, 'gpu', { value: entry, configurable: true });

  const gpu = await requestGpu(kind === 'compat'
    ? { gpu: entry, featureLevel: 'compatibility', limits: 'default' }
    : { gpu: entry });
  const caps = gpu.caps;
  const record: DeviceRecord = {
    kind,
    vendor: caps.adapter.vendor,
    architecture: caps.adapter.architecture,
    description: caps.adapter.description,
    backend: `dawn${dawnOptions.length ? ` ${dawnOptions.join(' ')}` : ''} (webgpu@${packageVersion('webgpu')})`,
    features: [...caps.features].sort(),
    limits: { ...caps.limits },
    software: caps.software,
  };

  const errors: string[] = [];
  const info = (gpu.device as { adapterInfo?: GPUAdapterInfo }).adapterInfo ?? { vendor: caps.adapter.vendor, architecture: caps.adapter.architecture, description: caps.adapter.description };
  tf.registerBackend('webgpu', () => new WebGPUBackend(gpu.device, info as GPUAdapterInfo), 3);
  const webgpu = await tf.setBackend('webgpu').catch((e: unknown) => { errors.push(`webgpu: ${String(e)}`); return false; });
  // In Node TF.js picks the single-threaded SIMD build (its threads flag is false under IS_NODE).
  setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`);
  const wasm = await tf.setBackend('wasm').catch((e: unknown) => { errors.push(`wasm: ${String(e)}`); return false; });
  if (webgpu) await tf.setBackend('webgpu');
  return { gpu, record, tfjs: { webgpu, wasm, errors } };
}

/** The installed version of a package (from its package.json). */
export function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
