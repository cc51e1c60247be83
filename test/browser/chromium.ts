// Launches Debian's Chromium (headless, through playwright-core) with WebGPU on one of two adapters:
// - core:   --enable-unsafe-webgpu → SwiftShader (Vulkan on the CPU), a core adapter.
// - compat: plus --use-angle=vulkan --use-webgpu-adapter=opengles, and the page requests
//           featureLevel 'compatibility' → Dawn's OpenGL ES backend over ANGLE on lavapipe.
// Playwright gives every launch a fresh, empty temporary --user-data-dir and removes it on close.
// --disable-gpu is left out on purpose. Measured with Chromium 156: WebGPU works with or without it,
// but with it the compat adapter reports a different feature set (astc instead of
// dual-source-blending), i.e. ANGLE runs on another backend than lavapipe. The compat adapter's
// info (vendor, description) is empty, so the page cannot name it; the test asserts compat by the
// missing 'core-features-and-limits' feature. Extra flags for experiments:
// SHADERNET_CHROMIUM_ARGS="--flag --flag".
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.SHADERNET_CHROMIUM ?? '/usr/bin/chromium';
export type Adapter = 'core' | 'compat';

export const haveChromium = (): boolean => existsSync(CHROMIUM);

const common = [
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
  ...(process.env.SHADERNET_CHROMIUM_ARGS?.split(/\s+/).filter(Boolean) ?? []),
];
export const flags: Record<Adapter, string[]> = {
  core: common,
  compat: [...common, '--use-angle=vulkan', '--use-webgpu-adapter=opengles'],
};

export function launch(adapter: Adapter): Promise<Browser> {
  // playwright-core adds --headless and, as we run as root, --no-sandbox (chromiumSandbox: false).
  return chromium.launch({ executablePath: CHROMIUM, headless: true, chromiumSandbox: false, args: flags[adapter], timeout: 30_000 });
}
