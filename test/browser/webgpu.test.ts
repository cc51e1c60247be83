// The built bundle (dist/shadernet.js) in headless Chromium: a page imports it as an ES module,
// trains a small MLP on synthetic separable data on the core adapter (SwiftShader) and on the
// compatibility adapter (OpenGL ES over ANGLE on lavapipe), and reports losses, accuracy and errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, haveChromium, CHROMIUM, type Adapter } from './chromium.js';
import { startServer, type StaticServer } from './server.js';

const run = haveChromium() || !!process.env.CI;
if (!run) {
  console.warn(`[browser] SKIPPED: ${CHROMIUM} is not installed (run \`bash scripts/setup-webgpu.sh --browser\`). In CI (env CI set) this fails instead.`);
}

interface PageResult {
  ok: boolean;
  error?: string;
  featureLevel: string;
  adapterHasCoreFeatures: boolean;
  compat: boolean;
  adapterFeatures: string[];
  deviceFeatures: string[];
  adapterInfo: { vendor?: string; architecture?: string; description?: string };
  losses: number[];
  accuracies: number[];
  before: { loss: number; accuracy: number };
  after: { loss: number; accuracy: number };
  webgpuErrors: string[];
  seconds: number;
}

let server: StaticServer;
beforeAll(async () => { if (run) server = await startServer(); });
afterAll(async () => { await server?.close(); });

async function trainInPage(adapter: Adapter): Promise<{ result: PageResult; pageErrors: string[]; consoleErrors: string[]; logs: string[] }> {
  const browser = await launch(adapter);
  try {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    const consoleErrors: string[] = [];
    const logs: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
    page.on('crash', () => pageErrors.push('page crashed'));
    page.on('requestfailed', (r) => pageErrors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on('console', (m) => {
      logs.push(`${m.type()}: ${m.text()}`);
      if (m.type() === 'error' || (m.type() === 'warning' && /webgpu|wgsl|shader|pipeline|buffer/i.test(m.text()))) consoleErrors.push(m.text());
    });
    const featureLevel = adapter === 'compat' ? 'compatibility' : 'core';
    await page.goto(`${server.origin}/page/index.html?featureLevel=${featureLevel}`);
    await page.waitForFunction(() => (window as { __result?: unknown }).__result !== undefined, null, { timeout: 90_000 });
    const result = (await page.evaluate(() => (window as unknown as { __result: unknown }).__result)) as PageResult;
    return { result, pageErrors, consoleErrors, logs };
  } finally {
    await browser.close();
  }
}

describe.skipIf(!run).each(['core', 'compat'] as const)('browser bundle on the %s adapter', (adapter) => {
  it('trains the MLP: loss decreases, accuracy rises, no page or WebGPU errors', async () => {
    const started = performance.now();
    const { result, pageErrors, consoleErrors, logs } = await trainInPage(adapter);
    const where = `\npage log:\n${logs.join('\n')}\nrequests:\n${server.requests.join('\n')}`;
    expect(result.ok, `${result.error}${where}`).toBe(true);
    expect(pageErrors, where).toEqual([]);
    expect(consoleErrors, where).toEqual([]);
    expect(result.webgpuErrors, where).toEqual([]);

    if (adapter === 'compat') {
      // Really a compatibility-mode adapter, not a core one that accepted featureLevel.
      expect(result.adapterHasCoreFeatures, `adapter features: ${result.adapterFeatures}`).toBe(false);
      expect(result.compat).toBe(true);
    } else {
      expect(result.adapterHasCoreFeatures, `adapter features: ${result.adapterFeatures}`).toBe(true);
      expect(result.compat).toBe(false);
    }

    const losses = result.losses;
    expect(losses.length).toBe(4);
    for (const l of losses) expect(Number.isFinite(l)).toBe(true);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.5);
    expect(result.after.loss).toBeLessThan(result.before.loss * 0.5);
    expect(result.after.accuracy).toBeGreaterThan(0.9);
    console.log(`[browser ${adapter}] adapter ${JSON.stringify(result.adapterInfo)} features [${result.adapterFeatures.join(' ')}]\n` +
      `losses ${losses.map((l) => l.toFixed(3)).join(' → ')}; test accuracy ${result.before.accuracy.toFixed(3)} → ${result.after.accuracy.toFixed(3)}; ` +
      `page ${result.seconds.toFixed(1)} s, total ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });
});
