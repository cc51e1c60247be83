import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/schedules.json';
import { ValueError } from '../../src/errors.js';
import { cosineDecay, exponentialDecay, oneCycle, stepDecay } from '../../src/optim/schedules.js';
import { learningRateAt } from '../../src/optim/optimizers.js';
import { expectClose, TOL } from '../helpers/tolerance.js';

const run = (f: (s: number) => number, n: number) => Array.from({ length: n }, (_, s) => f(s));

describe('learning-rate schedules', () => {
  it('stepDecay matches PyTorch StepLR', () => {
    expectClose(run(stepDecay({ lr: 0.1, stepSize: 3, gamma: 0.5 }), 10), fixture.stepLR, TOL.f64.tight);
  });

  it('oneCycle matches PyTorch OneCycleLR (cosine)', () => {
    expectClose(run(oneCycle({ maxLr: 0.1, totalSteps: 20, pctStart: 0.3 }), 20), fixture.oneCycle, TOL.f64.tight);
  });

  it('exponentialDecay, smooth and staircase (Keras ExponentialDecay)', () => {
    const smooth = exponentialDecay({ lr: 1, decaySteps: 10, decayRate: 0.5 });
    expect(smooth(0)).toBe(1);
    expect(smooth(10)).toBeCloseTo(0.5, 12);
    expect(smooth(5)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(exponentialDecay({ lr: 1, decaySteps: 10, decayRate: 0.5, staircase: true })(19)).toBe(0.5);
  });

  it('cosineDecay warms up linearly, then follows the half cosine to alpha·lr', () => {
    const f = cosineDecay({ lr: 1, decaySteps: 100, alpha: 0.1, warmupSteps: 10 });
    expect(f(0)).toBeCloseTo(0.1, 12);
    expect(f(9)).toBeCloseTo(1, 12);
    expect(f(10)).toBeCloseTo(1, 12);
    expect(f(60)).toBeCloseTo(0.1 + 0.9 * 0.5, 12);
    expect(f(110)).toBeCloseTo(0.1, 12);
    expect(f(500)).toBeCloseTo(0.1, 12);
  });

  it('rejects bad settings, and a schedule that yields a negative rate is an error at that step', () => {
    expect(() => stepDecay({ lr: -1, stepSize: 3 })).toThrow(ValueError);
    expect(() => cosineDecay({ lr: 1, decaySteps: 0 })).toThrow(/decaySteps/);
    expect(() => oneCycle({ maxLr: 1, totalSteps: 10, pctStart: 1 })).toThrow(/pctStart/);
    expect(() => learningRateAt((s) => 0.1 - s * 0.05, 3)).toThrow(/schedule gave -0.05.* step 3/);
    expect(() => learningRateAt(() => Number.NaN, 0)).toThrow(ValueError);
  });
});
