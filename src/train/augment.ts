import type { DeviceCaps } from '../gpu/caps.js';
import { Value } from '../graph/ir.js';
import type { StepSpec } from '../graph/executable.js';
import { augment, planAugment, type AugmentOptions } from '../kernels/augment.js';
import type { TracedGraph } from './graphs.js';

const gatheredInputs = new WeakMap<TracedGraph, Value>();

/**
 * The augmentation of a training batch: the input gather writes `gathered` (a value outside the
 * graph, placed by the memory planner like any activation, so it costs no allocation of its own
 * and its memory is reused after the augmentation has read it), and `step` augments it into the
 * model's input `t.x`. The same value is returned for the same traced graph, so the executable
 * planned at compile time and the ones recorded per data set bind the same storage.
 */
export function augmentInput(t: TracedGraph, options: AugmentOptions, caps: DeviceCaps): { gathered: Value; step: StepSpec } {
  let gathered = gatheredInputs.get(t);
  if (!gathered) gatheredInputs.set(t, (gathered = new Value(-1, `${t.x.name}.gathered`, t.x.shape, t.x.dtype, 'input')));
  return { gathered, step: { label: 'input.augment', kernel: augment, plan: planAugment(t.x.shape, options, caps), tensors: [gathered, t.x] } };
}
