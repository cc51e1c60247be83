import { ValueError } from '../errors.js';

/**
 * Optimizer settings for a set of parameters, chosen by name (`'dense.kernel'`, ...). The first
 * group whose `params` matches a parameter wins; each group becomes its own parameter page and
 * optimizer dispatch. PyTorch's `param_groups`, Keras' per-variable `exclude_from_weight_decay`.
 */
export interface ParamGroup {
  readonly params: RegExp | ((name: string) => boolean);
  /** Multiplies the (scheduled) learning rate. Default 1. */
  readonly lrMult?: number;
  /** Overrides the optimizer's weight decay (L2 for sgd/adam/rmsprop, decoupled for adamW). */
  readonly weightDecay?: number;
  /** L1 penalty λ·Σ|p| (its subgradient is added to the gradient). Default: the compile option `l1`. */
  readonly l1?: number;
}

/** The settings a parameter page is updated with. */
export interface GroupSettings {
  readonly key: string;
  readonly lrMult: number;
  readonly weightDecay: number;
  readonly l1: number;
}

/**
 * Biases and normalization scales/offsets are not decayed by default (they are few, and decaying
 * them hurts), as in most PyTorch and Keras training recipes; weights (kernels) are. A group can
 * override this.
 */
export function decayedByDefault(name: string): boolean {
  return !/\.(bias|gamma|beta)$/.test(name);
}

/** Resolves a parameter's group settings from the user's groups and the optimizer's defaults. */
export function groupSettings(name: string, groups: readonly ParamGroup[], defaults: { weightDecay: number; l1: number }): GroupSettings {
  const index = groups.findIndex((g) => (g.params instanceof RegExp ? g.params.test(name) : g.params(name)));
  const g = index >= 0 ? groups[index] : undefined;
  const lrMult = g?.lrMult ?? 1;
  const weightDecay = g?.weightDecay ?? (decayedByDefault(name) ? defaults.weightDecay : 0);
  const l1 = g?.l1 ?? (decayedByDefault(name) ? defaults.l1 : 0);
  for (const [what, v] of [['lrMult', lrMult], ['weightDecay', weightDecay], ['l1', l1]] as const) {
    if (!(v >= 0) || !Number.isFinite(v)) throw new ValueError(`paramGroups (${name})`, `${what} must be finite and ≥ 0 (got ${v})`);
  }
  return { key: `g${index}|${lrMult}|${weightDecay}|${l1}`, lrMult, weightDecay, l1 };
}
