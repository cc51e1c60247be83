// Bundles src/index.ts into one ES module, dist/shadernet.js, for browsers and Node alike.
// - `.wgsl` imports are inlined as strings by the shared plugin in tools/wgsl-plugin.mjs (the same
//   one vitest and vite-node use).
// - TypeScript is stripped by esbuild (target es2022); declarations come from
//   `tsc -p tsconfig.build.json` into dist/types.
// - `webgpu` (Dawn's Node binding) and `node:*` are external. src/gpu/request.ts and
//   src/data/mnist.ts import them through a variable specifier on purpose, so they stay dynamic
//   `import(specifier)` calls that only run in Node; a web app bundling shadernet never pulls in
//   the Node binding. test/browser/bundle.test.ts checks that no static import of them slipped in.
import esbuild from 'rollup-plugin-esbuild';
import { wgsl } from './tools/wgsl-plugin.mjs';

const isExternal = (id) => id === 'webgpu' || id.startsWith('webgpu/') || id.startsWith('node:');

export default {
  input: 'src/index.ts',
  external: isExternal,
  plugins: [
    wgsl(),
    esbuild({ target: 'es2022', tsconfig: 'tsconfig.json', sourceMap: true, loaders: { '.wgsl': false } }),
  ],
  output: {
    file: 'dist/shadernet.js',
    format: 'es',
    sourcemap: true,
    inlineDynamicImports: true,
  },
  onwarn(warning, warn) {
    // Anything rollup warns about (unresolved import, circular dependency across modules, eval) is a
    // packaging bug: fail the build instead of shipping it.
    if (warning.code === 'CIRCULAR_DEPENDENCY') return warn(warning);
    throw new Error(`rollup: ${warning.code}: ${warning.message}`);
  },
};
