// Runs in headless Chromium (see ../webgpu.test.ts): trains a small MLP with the built bundle on
// synthetic, separable 8×8 data and reports the result in `window.__result`. The adapter's feature
// level comes from the query string: `?featureLevel=core` or `?featureLevel=compatibility`.
import { datasets, nn, optim, requestGpu, Trainer } from '../dist/shadernet.js';

const log = (line) => { document.getElementById('log').textContent += `${line}\n`; console.log(line); };

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Ten random 8×8 prototypes; each sample is its class's prototype plus a little noise.
function synthetic(count, seed) {
  const rand = mulberry32(seed);
  const protoRand = mulberry32(1234);
  const prototypes = Array.from({ length: 10 }, () => Float32Array.from({ length: 64 }, () => protoRand() * 2 - 1));
  const x = new Float32Array(count * 64);
  const y = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const c = i % 10;
    y[i] = c;
    for (let j = 0; j < 64; j++) x[i * 64 + j] = prototypes[c][j] + (rand() - 0.5) * 0.6;
  }
  return datasets.fromArrays(x, y, [8, 8, 1], 10);
}

async function main() {
  const featureLevel = new URLSearchParams(location.search).get('featureLevel') ?? 'core';
  const started = performance.now();
  const webgpuErrors = [];

  // What the browser itself offers at this feature level, before shadernet touches it.
  const adapter = await navigator.gpu.requestAdapter({ featureLevel });
  if (!adapter) throw new Error(`navigator.gpu.requestAdapter({ featureLevel: '${featureLevel}' }) returned null`);
  const adapterFeatures = [...adapter.features].sort();
  const info = adapter.info ?? {};

  const gpu = await requestGpu({ featureLevel, limits: featureLevel === 'compatibility' ? 'default' : 'adapter' });
  gpu.device.addEventListener('uncapturederror', (e) => webgpuErrors.push(`uncaptured: ${e.error.message}`));
  let lost = null;
  gpu.device.lost.then((l) => { lost = `${l.reason}: ${l.message}`; });
  log(`adapter: ${[info.vendor, info.architecture, info.description].filter(Boolean).join(' ')} compat=${gpu.caps.compat}`);

  const model = nn.sequential([nn.flatten(), nn.dense({ units: 32, activation: 'relu' }), nn.dense({ units: 10 })]);
  const trainer = await Trainer.compile(gpu, model, {
    inputShape: [8, 8, 1],
    batchSize: 16,
    optimizer: optim.adam({ lr: 0.01 }),
    seed: 7,
  });
  const train = synthetic(320, 1);
  const test = synthetic(160, 2);
  const before = await trainer.evaluate(test);
  const history = await trainer.fit(train, { epochs: 4 });
  for (const e of history) log(`epoch ${e.epoch} loss ${e.loss.toFixed(4)} accuracy ${e.accuracy.toFixed(4)}`);
  const after = await trainer.evaluate(test);
  log(`test: loss ${before.loss.toFixed(4)} -> ${after.loss.toFixed(4)}, accuracy ${before.accuracy.toFixed(4)} -> ${after.accuracy.toFixed(4)}`);
  await gpu.device.queue.onSubmittedWorkDone();
  webgpuErrors.push(...gpu.health.takeErrors().map((m) => `health: ${m}`));
  if (lost) webgpuErrors.push(`device lost: ${lost}`);
  const result = {
    ok: true,
    featureLevel,
    adapterFeatures,
    adapterHasCoreFeatures: adapter.features.has('core-features-and-limits'),
    compat: gpu.caps.compat,
    deviceFeatures: [...gpu.caps.features].sort(),
    adapterInfo: { vendor: info.vendor, architecture: info.architecture, description: info.description },
    losses: history.map((e) => e.loss),
    accuracies: history.map((e) => e.accuracy),
    before,
    after,
    webgpuErrors,
    seconds: (performance.now() - started) / 1000,
  };
  gpu.destroy();
  return result;
}

main().then(
  (result) => { window.__result = result; },
  (error) => { window.__result = { ok: false, error: `${error?.name ?? 'Error'}: ${error?.message ?? error}\n${error?.stack ?? ''}` }; },
);
