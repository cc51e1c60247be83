import { ValueError } from '../errors.js';
import type { LearningRate } from './optimizers.js';

/**
 * Learning-rate schedules: functions of the optimizer step (counting from 0), evaluated on the CPU
 * once per step and written into the per-step uniform, never by rebuilding pipelines.
 */
export type Schedule = (step: number) => number;

function positive(where: string, name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new ValueError(where, `${name} must be finite and > 0 (got ${v})`);
}

function nonNegative(where: string, name: string, v: number): void {
  if (!(v >= 0) || !Number.isFinite(v)) throw new ValueError(where, `${name} must be finite and ≥ 0 (got ${v})`);
}

/** lr · gamma^⌊step / stepSize⌋. PyTorch `StepLR`. */
export function stepDecay(o: { lr: number; stepSize: number; gamma?: number }): Schedule {
  const gamma = o.gamma ?? 0.1;
  nonNegative('stepDecay', 'lr', o.lr);
  positive('stepDecay', 'stepSize', o.stepSize);
  nonNegative('stepDecay', 'gamma', gamma);
  return (step) => o.lr * gamma ** Math.floor(step / o.stepSize);
}

/** lr · rate^(step / decaySteps), floored to whole periods with `staircase`. Keras `ExponentialDecay`. */
export function exponentialDecay(o: { lr: number; decaySteps: number; decayRate: number; staircase?: boolean }): Schedule {
  nonNegative('exponentialDecay', 'lr', o.lr);
  positive('exponentialDecay', 'decaySteps', o.decaySteps);
  nonNegative('exponentialDecay', 'decayRate', o.decayRate);
  return (step) => {
    const p = step / o.decaySteps;
    return o.lr * o.decayRate ** (o.staircase ? Math.floor(p) : p);
  };
}

/**
 * Linear warm-up from 0 to `lr` over `warmupSteps`, then cosine decay to `lr · alpha` over
 * `decaySteps`, constant afterwards. Keras `CosineDecay(warmup_steps=…)`.
 */
export function cosineDecay(o: { lr: number; decaySteps: number; alpha?: number; warmupSteps?: number }): Schedule {
  const alpha = o.alpha ?? 0;
  const warmup = o.warmupSteps ?? 0;
  nonNegative('cosineDecay', 'lr', o.lr);
  positive('cosineDecay', 'decaySteps', o.decaySteps);
  nonNegative('cosineDecay', 'warmupSteps', warmup);
  if (!(alpha >= 0 && alpha <= 1)) throw new ValueError('cosineDecay', `alpha must be in [0, 1] (got ${alpha})`);
  return (step) => {
    if (step < warmup) return (o.lr * (step + 1)) / warmup;
    const t = Math.min(1, (step - warmup) / o.decaySteps);
    return o.lr * (alpha + (1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * t)));
  };
}

/**
 * One-cycle policy (Smith; PyTorch `OneCycleLR` with cosine annealing): from maxLr/divFactor up to
 * maxLr over the first `pctStart` of `totalSteps`, then down to maxLr/(divFactor·finalDivFactor).
 */
export function oneCycle(o: { maxLr: number; totalSteps: number; pctStart?: number; divFactor?: number; finalDivFactor?: number }): Schedule {
  const pct = o.pctStart ?? 0.3;
  const div = o.divFactor ?? 25;
  const finalDiv = o.finalDivFactor ?? 1e4;
  positive('oneCycle', 'maxLr', o.maxLr);
  positive('oneCycle', 'totalSteps', o.totalSteps);
  positive('oneCycle', 'divFactor', div);
  positive('oneCycle', 'finalDivFactor', finalDiv);
  if (!(pct > 0 && pct < 1)) throw new ValueError('oneCycle', `pctStart must be in (0, 1) (got ${pct})`);
  const initial = o.maxLr / div;
  const final = initial / finalDiv;
  const up = pct * o.totalSteps - 1;
  const down = o.totalSteps - 1;
  const anneal = (from: number, to: number, t: number) => to + ((from - to) / 2) * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, t))));
  return (step) => (step <= up ? anneal(initial, o.maxLr, step / up) : anneal(o.maxLr, final, (step - up) / (down - up)));
}

/** A constant rate, for symmetry with the schedules. */
export function constant(lr: number): LearningRate {
  nonNegative('constant', 'lr', lr);
  return lr;
}
