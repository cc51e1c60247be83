import { requestGpu } from '../../src/gpu/request.js';
import type { Gpu } from '../../src/gpu/gpu.js';

export type AdapterName = 'core' | 'compat';

/** The adapter this test process runs on, from the vitest project (`core` or `compat`). */
export const ADAPTER: AdapterName = process.env.SHADERNET_ADAPTER === 'compat' ? 'compat' : 'core';

let shared: Promise<Gpu> | null = null;

/**
 * The test process's device: the core adapter with its larger limits, or the compatibility
 * adapter (Dawn's OpenGL ES backend) with WebGPU's default, mobile-like limits.
 */
export function testGpu(): Promise<Gpu> {
  shared ??= ADAPTER === 'compat'
    ? requestGpu({ featureLevel: 'compatibility', limits: 'default', dawnOptions: ['backend=opengles'] })
    : requestGpu();
  return shared;
}
