import activationWgsl from '../../shaders/common/activation.wgsl';
import gridWgsl from '../../shaders/common/grid.wgsl';
import biasAddWgsl from '../../shaders/bias-add.wgsl';
import type { DeviceCaps } from '../gpu/caps.js';
import { ShapeError } from '../errors.js';
import { ACTIVATIONS, type Activation } from './activation.js';
import { checkElements, type UnaryConstants } from './elementwise.js';
import { defineKernel, grid1d, workgroupInvocations, type Plan } from './kernel.js';

/** Elements per invocation, as the other 1-D elementwise kernels. */
const ELEMS = 4;

const BIAS_ADD_PARAMS = { count: 'u32', channels: 'u32', alpha: 'f32' } as const;

/**
 * y[r,c] = activation(x[r,c] + b[c]) over [rows, channels], channels last (NHWC flattened to
 * rows = N·H·W), as Keras `Dense`/`Conv2D` with `useBias` and `activation` (PyTorch: the `bias` of
 * `nn.Linear`/`nn.Conv2d` followed by the activation). Bindings: x, b, y. The bias gradient is a
 * sum over rows: `planReduce('sum', [rows, channels], [0], caps)`.
 */
export const biasAddForward = defineKernel<UnaryConstants, typeof BIAS_ADD_PARAMS>({
  label: 'biasAdd.forward', wgsl: [gridWgsl, activationWgsl, biasAddWgsl], entryPoint: 'biasAddForward',
  inputs: ['x', 'b'], outputs: ['y'], params: BIAS_ADD_PARAMS,
});

/** Plans y = activation(x + b) for x [rows, channels], b [channels]; `alpha` is leakyRelu's slope. */
export function planBiasAdd(rows: number, channels: number, activation: Activation, alpha: number, caps: DeviceCaps): Plan<UnaryConstants, typeof BIAS_ADD_PARAMS> {
  const where = 'biasAdd';
  if (!Number.isInteger(channels) || channels < 1 || !Number.isInteger(rows) || rows < 0) {
    throw new ShapeError(where, `rows and channels must be whole numbers, channels ≥ 1 (got rows ${rows}, channels ${channels})`);
  }
  const count = rows * channels;
  checkElements(count, caps, where);
  const wg = workgroupInvocations(caps);
  return {
    constants: { WG: wg, ELEMS, ACTIVATION: ACTIVATIONS[activation] },
    params: { count, channels, alpha },
    workgroups: grid1d(Math.ceil(count / (wg * ELEMS)), caps, where),
  };
}
