import { ValueError } from '../errors.js';

/** The optimizers with a WGSL update kernel (shaders/optimizer.wgsl). */
export type OptimizerKind = 'sgd' | 'adam' | 'adamw' | 'rmsprop';

/** A learning rate: a constant, or a schedule evaluated on the CPU per step (step counts from 0). */
export type LearningRate = number | ((step: number) => number);

/** An optimizer configuration: device-free; the trainer turns it into one dispatch per parameter page. */
export interface OptimizerConfig {
  readonly kind: OptimizerKind;
  readonly lr: LearningRate;
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
}

function check(where: string, name: string, v: number, lo: number, hi: number, hiOpen = false): void {
  if (!(v >= lo && (hiOpen ? v < hi : v <= hi))) throw new ValueError(where, `${name} must be in [${lo}, ${hi}${hiOpen ? ')' : ']'} (got ${v})`);
}

function checkLr(where: string, lr: LearningRate): void {
  if (typeof lr === 'number') check(where, 'lr', lr, 0, Number.MAX_VALUE);
}

const base = { momentum: 0, nesterov: false, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 };

/**
 * Stochastic gradient descent with optional (Nesterov) momentum and coupled L2 weight decay, with
 * PyTorch's update rule: v ← μv + g; p ← p − lr·(nesterov ? g + μv : v). Keras `SGD`, PyTorch `optim.SGD`.
 */
export function sgd(o: { lr?: LearningRate; momentum?: number; nesterov?: boolean; weightDecay?: number } = {}): OptimizerConfig {
  const c = { ...base, kind: 'sgd' as const, lr: o.lr ?? 0.01, momentum: o.momentum ?? 0, nesterov: o.nesterov ?? false, weightDecay: o.weightDecay ?? 0 };
  checkLr('sgd', c.lr);
  check('sgd', 'momentum', c.momentum, 0, 1, true);
  check('sgd', 'weightDecay', c.weightDecay, 0, 1);
  if (c.nesterov && c.momentum === 0) throw new ValueError('sgd', 'nesterov needs momentum > 0');
  return c;
}

interface AdamOptions { lr?: LearningRate; beta1?: number; beta2?: number; epsilon?: number; weightDecay?: number }

/** Adam (Kingma & Ba) with PyTorch's epsilon placement; `weightDecay` is coupled L2. PyTorch `optim.Adam`. */
export function adam(o: AdamOptions = {}): OptimizerConfig {
  const c = { ...base, kind: 'adam' as const, lr: o.lr ?? 1e-3, beta1: o.beta1 ?? 0.9, beta2: o.beta2 ?? 0.999, epsilon: o.epsilon ?? 1e-8, weightDecay: o.weightDecay ?? 0 };
  checkLr('adam', c.lr);
  check('adam', 'beta1', c.beta1, 0, 1, true);
  check('adam', 'beta2', c.beta2, 0, 1, true);
  check('adam', 'epsilon', c.epsilon, 0, 1);
  check('adam', 'weightDecay', c.weightDecay, 0, 1);
  return c;
}

/** AdamW: Adam with decoupled weight decay (p ← p − lr·wd·p before the Adam step). PyTorch `optim.AdamW`, Keras `AdamW`. */
export function adamW(o: AdamOptions = {}): OptimizerConfig {
  const weightDecay = o.weightDecay ?? 0.01;
  check('adamW', 'weightDecay', weightDecay, 0, 1);
  return { ...adam({ ...o, weightDecay: 0 }), kind: 'adamw', weightDecay };
}

/**
 * RMSProp as Keras and PyTorch (uncentred, no momentum): s ← ρs + (1 − ρ)g²; p ← p − lr·g / (√s + ε).
 * Keras defaults (ρ 0.9, ε 1e-7); PyTorch's `alpha` is ρ.
 */
export function rmsprop(o: { lr?: LearningRate; rho?: number; epsilon?: number; weightDecay?: number } = {}): OptimizerConfig {
  const rho = o.rho ?? 0.9;
  const c = { ...base, kind: 'rmsprop' as const, lr: o.lr ?? 1e-3, beta2: rho, epsilon: o.epsilon ?? 1e-7, weightDecay: o.weightDecay ?? 0 };
  checkLr('rmsprop', c.lr);
  check('rmsprop', 'rho', rho, 0, 1, true);
  check('rmsprop', 'epsilon', c.epsilon, 0, 1);
  check('rmsprop', 'weightDecay', c.weightDecay, 0, 1);
  return c;
}

/** The learning rate at `step`; a schedule that yields a negative or non-finite rate is an error. */
export function learningRateAt(lr: LearningRate, step: number): number {
  const v = typeof lr === 'number' ? lr : lr(step);
  if (!(v >= 0) || !Number.isFinite(v)) throw new ValueError('learning rate', `schedule gave ${v} at step ${step}; it must be finite and ≥ 0`);
  return v;
}
