import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/trajectories.json';
import { fromArrays } from '../../src/data/dataset.js';
import { dense, fromValues, sequential } from '../../src/nn/index.js';
import { adam, adamW, rmsprop, sgd, type OptimizerConfig } from '../../src/optim/index.js';
import { Trainer } from '../../src/train/trainer.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { expectClose } from '../helpers/tolerance.js';

type Case = { initial: Record<string, number[]>; final: Record<string, number[]>; losses: number[] };

// PyTorch decays every parameter; shadernet's default spares biases, so these runs put every
// parameter in one group with the optimizer's weight decay (a parameter-group feature test too).
const OPTIMIZERS: Record<string, OptimizerConfig> = {
  sgd: sgd({ lr: 0.1, momentum: 0.9, weightDecay: 1e-3 }),
  sgdNesterov: sgd({ lr: 0.05, momentum: 0.9, nesterov: true }),
  adam: adam({ lr: 0.02, weightDecay: 1e-2 }),
  adamw: adamW({ lr: 0.02, weightDecay: 0.1 }),
  rmsprop: rmsprop({ lr: 0.01, rho: 0.99, epsilon: 1e-8 }),
};

/** Measured deviation from PyTorch's float64 run after ten f32 steps (reported, and bounded). */
const TOLERANCE = { atol: 2e-6, rtol: 2e-5 };

describe(`ten optimizer steps track PyTorch (${ADAPTER})`, () => {
  const data = fromArrays(Float32Array.from(fixture.x), fixture.y, [4], 3);
  for (const [name, opt] of Object.entries(OPTIMIZERS)) {
    it(name, async () => {
      const c = (fixture.cases as Record<string, Case>)[name];
      const init = (k: string) => fromValues(Float32Array.from(c.initial[k]));
      const model = sequential([
        dense({ units: 5, activation: 'tanh', kernelInitializer: init('dense.kernel'), biasInitializer: init('dense.bias') }),
        dense({ units: 3, kernelInitializer: init('dense_1.kernel'), biasInitializer: init('dense_1.bias') }),
      ]);
      const trainer = await Trainer.compile(await testGpu(), model, {
        inputShape: [4], batchSize: fixture.batch, optimizer: opt, paramGroups: [{ params: /./, weightDecay: opt.weightDecay }],
      });
      const history = await trainer.fit(data, { epochs: fixture.epochs, shuffle: false });
      expect(trainer.steps).toBe(10);
      const epochLoss = history.map((h) => h.loss);
      const expectedEpochLoss = Array.from({ length: fixture.epochs }, (_, e) => (c.losses[2 * e] + c.losses[2 * e + 1]) / 2);
      expectClose(epochLoss, expectedEpochLoss, TOLERANCE, `${name}: mean loss per epoch`);
      let worst = 0;
      for (const [param, expected] of Object.entries(c.final)) {
        const got = await trainer.readParam(param);
        expectClose(got, expected, TOLERANCE, `${name}: ${param}`);
        expected.forEach((e, i) => (worst = Math.max(worst, Math.abs(got[i] - e))));
      }
      console.log(`${name}: max |Δ| from PyTorch after 10 steps = ${worst.toExponential(2)}`);
    });
  }
});
