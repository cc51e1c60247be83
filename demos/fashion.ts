// Trains a small ResNet on Fashion-MNIST (60,000 training and 10,000 test images from Debian's
// `dataset-fashion-mnist`, which `npm run demo:fashion` installs) headless, with GPU
// augmentation, and prints the test accuracy and the time per epoch.
//   npm run demo:fashion [-- epochs]
import { callbacks, datasets, models, nn, optim, requestGpu, summary, Trainer } from '../src/index.js';

const epochs = Number(process.argv[2] ?? 3);
const gpu = await requestGpu();
const a = gpu.caps.adapter;
console.log(`adapter: ${[a.vendor, a.architecture, a.description].filter(Boolean).join(' ') || 'unknown'} (${a.backend})`);

// Kept as bytes on the GPU (47 MB instead of 188 MB) and standardised while each batch is gathered.
const train = datasets.standardize(await datasets.fashionMnist(undefined, { kind: 'train' }), 0.286, 0.353);
const test = datasets.standardize(await datasets.fashionMnist(undefined, { kind: 't10k' }), 0.286, 0.353);
console.log(`data: ${train.count} training and ${test.count} test images of ${datasets.FASHION_MNIST_CLASSES.length} classes`);

// A ResNet for 28×28 kept small for CPU adapters: a strided 3×3 stem, then basic blocks of 8, 16
// and 32 filters (about 1.3 MFLOPs per image).
const x = nn.input([28, 28, 1]);
let h = x.pipe(
  nn.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: 'stem.conv' }),
  nn.batchNorm({ momentum: 0.9, name: 'stem.bn' }), nn.relu({ name: 'stem.relu' }),
);
h = models.residualBasicBlock(h, { filters: 8, name: 'layer1' });
h = models.residualBasicBlock(h, { filters: 16, strides: 2, name: 'layer2' });
h = models.residualBasicBlock(h, { filters: 32, strides: 2, name: 'layer3' });
const model = nn.model({ inputs: x, outputs: h.pipe(nn.globalAvgPool2d({ name: 'pool' }), nn.dense({ units: 10, name: 'fc' })) });
const s = summary(model, [28, 28, 1]);
console.log(`model: ${s.totalParams.toLocaleString('en-US')} parameters, ${(s.flops / 1e6).toFixed(2)} MFLOPs per image forward`);

const batchSize = 128;
const steps = epochs * Math.floor(train.count / batchSize);
const trainer = await Trainer.compile(gpu, model, {
  inputShape: [28, 28, 1], batchSize, seed: 3,
  optimizer: optim.adamW({ lr: optim.oneCycle({ maxLr: 4e-3, totalSteps: steps }), weightDecay: 5e-4 }),
  augment: { horizontalFlip: true, cropPadding: 2 },
});
const history = await trainer.fit(train, { epochs, validationData: test, callbacks: callbacks.progressBar() });
const result = await trainer.evaluate(test);
const perEpoch = history.reduce((t, e) => t + e.seconds, 0) / history.length;
console.log(`test accuracy ${result.accuracy.toFixed(4)} (loss ${result.loss.toFixed(4)}), ${perEpoch.toFixed(1)} s per epoch`);
gpu.destroy();
