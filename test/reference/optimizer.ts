import type { OptimizerHyper, OptimizerKind } from '../../src/kernels/optimizer.js';

/**
 * One optimizer step in float64, written after PyTorch's single-tensor implementations
 * (torch/optim/sgd.py, adam.py, adamw.py, rmsprop.py; dampening 0, amsgrad and centered off).
 * Updates `p` and `state` in place; does nothing when `firstBad` ≠ 0.
 */
export function optimizerStepRef(
  kind: OptimizerKind, hyper: OptimizerHyper, p: Float64Array, state: Float64Array, grads: ArrayLike<number>,
  stats: { gradScale: number; firstBad: number }, step: { index: number; lr: number },
): void {
  if (stats.firstBad !== 0) return;
  const lr = step.lr * hyper.lrMult;
  const t = step.index + 1;
  const wd = hyper.weightDecay;
  for (let i = 0; i < p.length; i++) {
    let g = grads[i] * stats.gradScale;
    if (hyper.clipValue > 0) g = Math.min(Math.max(g, -hyper.clipValue), hyper.clipValue);
    if (kind === 'adamw') p[i] *= 1 - lr * wd;
    else g += wd * p[i];
    g += (hyper.l1 ?? 0) * Math.sign(p[i]);
    switch (kind) {
      case 'sgd': {
        let update = g;
        if (hyper.momentum !== 0) {
          state[i] = hyper.momentum * state[i] + g;
          update = hyper.nesterov ? g + hyper.momentum * state[i] : state[i];
        }
        p[i] -= lr * update;
        break;
      }
      case 'adam':
      case 'adamw': {
        const { beta1, beta2, eps } = hyper;
        state[2 * i] = beta1 * state[2 * i] + (1 - beta1) * g;
        state[2 * i + 1] = beta2 * state[2 * i + 1] + (1 - beta2) * g * g;
        const stepSize = lr / (1 - beta1 ** t);
        const denom = Math.sqrt(state[2 * i + 1]) / Math.sqrt(1 - beta2 ** t) + eps;
        p[i] -= stepSize * state[2 * i] / denom;
        break;
      }
      case 'rmsprop': {
        const alpha = hyper.beta2;
        state[i] = alpha * state[i] + (1 - alpha) * g * g;
        p[i] -= lr * g / (Math.sqrt(state[i]) + hyper.eps);
        break;
      }
    }
  }
}
