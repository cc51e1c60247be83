import optimizerWgsl from '../../shaders/optimizer.wgsl';
import gridWgsl from '../../shaders/common/grid.wgsl';
import statsWgsl from '../../shaders/common/stats.wgsl';
import stepWgsl from '../../shaders/common/step.wgsl';
import type { DeviceCaps } from '../gpu/caps.js';
import { ShapeError, UnsupportedOpError } from '../errors.js';
import { defineKernel, grid1d, workgroupInvocations, type Plan } from './kernel.js';

const OPTIMIZER_PARAMS = {
  count: 'u32', lrMult: 'f32', momentum: 'f32', beta1: 'f32', beta2: 'f32', eps: 'f32', weightDecay: 'f32', clipValue: 'f32', l1: 'f32',
} as const;

/** The `OPTIMIZER` pipeline constant of shaders/optimizer.wgsl. */
export const OPTIMIZERS = { sgd: 0, adam: 1, adamw: 2, rmsprop: 3 } as const;

export type OptimizerKind = keyof typeof OPTIMIZERS;

/**
 * Hyperparameters fixed when the executable is built (the learning rate itself comes per step, from
 * the schedule, through `step.lr`). `weightDecay` is L2 (added to the gradient) for SGD, Adam and
 * RMSprop and decoupled for AdamW; `clipValue` > 0 clamps each gradient to ±clipValue after the
 * global-norm scale; RMSprop's smoothing constant α (Keras `rho`) is `beta2`.
 */
export interface OptimizerHyper {
  readonly lrMult: number;
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly clipValue: number;
  /** L1 penalty λ: adds λ·sign(p) to the gradient (default 0). */
  readonly l1?: number;
}

export interface OptimizerConstants extends Record<string, number | boolean> {
  WG: number;
  OPTIMIZER: number;
  NESTEROV: boolean;
}

/**
 * Updates a contiguous page of parameters in place, one element per invocation, PyTorch's rules
 * (torch.optim.SGD / Adam / AdamW / RMSprop). Bindings: grads f32 [n] · stats (shaders/common/stats.wgsl)
 * · params f32 [n] (read and written) · state f32 [optimizerStateSlots·n] (read and written; bind at
 * least 16 bytes when it has no slots). Skips the whole step when stats.firstBad ≠ 0; gradients are
 * scaled by stats.gradScale; lr = step.lr · lrMult; Adam's t = step.index + 1. Per-step uniform: yes.
 * State layout: SGD momentum v[i]; Adam/AdamW m at state[2i], v at state[2i+1]; RMSprop square average s[i].
 */
export const optimizerStep = defineKernel<OptimizerConstants, typeof OPTIMIZER_PARAMS>({
  label: 'optimizer.step', wgsl: [gridWgsl, statsWgsl, stepWgsl, optimizerWgsl], entryPoint: 'optimizerStep',
  inputs: ['grads', 'stats'], outputs: ['params', 'state'], params: OPTIMIZER_PARAMS, step: true,
});

/** f32 state values per parameter: SGD 1 with momentum else 0, Adam/AdamW 2, RMSprop 1. */
export function optimizerStateSlots(kind: OptimizerKind, momentum = 0): number {
  switch (kind) {
    case 'sgd': return momentum !== 0 ? 1 : 0;
    case 'adam':
    case 'adamw': return 2;
    case 'rmsprop': return 1;
  }
}

/** Plans one optimizer dispatch over a page of `n` parameters. */
export function planOptimizer(kind: OptimizerKind, n: number, hyper: OptimizerHyper, caps: DeviceCaps): Plan<OptimizerConstants, typeof OPTIMIZER_PARAMS> {
  if (n < 1 || !Number.isInteger(n)) throw new ShapeError(`optimizer (${kind})`, `expected at least one parameter (got ${n})`);
  if (!(kind in OPTIMIZERS)) throw new UnsupportedOpError('optimizer', `unknown optimizer '${kind}'`, `one of ${Object.keys(OPTIMIZERS).join(', ')}`);
  if (kind === 'rmsprop' && hyper.momentum !== 0) {
    throw new UnsupportedOpError('optimizer (rmsprop)', `momentum is not supported (got ${hyper.momentum})`, 'use momentum 0, or sgd/adam');
  }
  const wg = workgroupInvocations(caps);
  return {
    constants: { WG: wg, OPTIMIZER: OPTIMIZERS[kind], NESTEROV: hyper.nesterov },
    params: {
      count: n, lrMult: hyper.lrMult, momentum: hyper.momentum, beta1: hyper.beta1, beta2: hyper.beta2,
      eps: hyper.eps, weightDecay: hyper.weightDecay, clipValue: hyper.clipValue, l1: hyper.l1 ?? 0,
    },
    workgroups: grid1d(Math.ceil(n / wg), caps, `optimizer (${kind})`),
  };
}
