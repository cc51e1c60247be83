import { defineConfig } from 'vitest/config';
import { wgsl } from './tools/wgsl-plugin.mjs';

// Three projects: `unit` (no GPU), and the GPU suites run twice, once on the core adapter
// (Vulkan: lavapipe here) and once on the compatibility adapter (Dawn's OpenGL ES backend on
// llvmpipe, default limits). Each test file runs in its own process because Dawn's `create()` may
// be called only once per process.
const gpuTests = ['test/gpu/**/*.test.ts', 'test/kernels/**/*.test.ts', 'test/grad/**/*.test.ts', 'test/models/**/*.test.ts', 'test/regression/**/*.test.ts'];

export default defineConfig({
  plugins: [wgsl()],
  test: {
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'core', include: gpuTests, setupFiles: ['test/helpers/setup-gpu.ts'], env: { SHADERNET_ADAPTER: 'core' } },
      },
      {
        extends: true,
        test: { name: 'compat', include: gpuTests, setupFiles: ['test/helpers/setup-gpu.ts'], env: { SHADERNET_ADAPTER: 'compat', EGL_PLATFORM: 'surfaceless' } },
      },
      {
        // The built package: `npm run build` (by the global setup, when dist/ is stale), then the
        // bundle in headless Chromium on both adapters and in plain Node. See test/browser/.
        test: {
          name: 'browser', include: ['test/browser/**/*.test.ts'], globalSetup: ['test/browser/global-setup.ts'],
          pool: 'forks', testTimeout: 120_000, hookTimeout: 180_000,
        },
      },
    ],
  },
});
