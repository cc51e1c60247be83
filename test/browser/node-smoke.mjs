// The built package in plain Node (no vite, no TypeScript): run from a consumer directory whose
// node_modules/shadernet links to this repo, so `import 'shadernet'` goes through package.json's
// "exports" to dist/shadernet.js, which finds Dawn (`webgpu`) by dynamic import. Trains a small MLP
// for a few steps on the core adapter and prints one JSON line.
import { datasets, nn, optim, requestGpu, Trainer } from 'shadernet';

const gpu = await requestGpu();
const errors = [];
gpu.device.addEventListener('uncapturederror', (e) => errors.push(e.error.message));
const count = 64;
const x = new Float32Array(count * 64);
const y = new Uint32Array(count);
for (let i = 0; i < count; i++) {
  y[i] = i % 10;
  for (let j = 0; j < 64; j++) x[i * 64 + j] = (j % 10 === y[i] ? 1 : 0) + 0.1 * Math.sin(i * 7 + j);
}
const data = datasets.fromArrays(x, y, [8, 8, 1], 10);
const model = nn.sequential([nn.flatten(), nn.dense({ units: 32, activation: 'relu' }), nn.dense({ units: 10 })]);
const trainer = await Trainer.compile(gpu, model, { inputShape: [8, 8, 1], batchSize: 16, optimizer: optim.adam({ lr: 0.01 }) });
const before = await trainer.evaluate(data);
const history = await trainer.fit(data, { epochs: 3 });
const after = await trainer.evaluate(data);
errors.push(...gpu.health.takeErrors());
console.log(JSON.stringify({ backend: gpu.caps.adapter.backend, steps: trainer.steps, before, after, losses: history.map((e) => e.loss), errors }));
gpu.destroy();
