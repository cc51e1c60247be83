// Used by vite-node for the demos and benchmarks (vitest reads vitest.config.ts, rollup its own
// config); all three share the one `.wgsl` plugin.
import { wgsl } from './tools/wgsl-plugin.mjs';

export default { plugins: [wgsl()], logLevel: 'warn' };
