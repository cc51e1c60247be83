/**
 * Activation codes shared with shaders/common/activation.wgsl. The numbers are the `ACTIVATION`
 * pipeline constant of the elementwise kernels and of the matmul/convolution epilogues.
 */
export const ACTIVATIONS = {
  linear: 0,
  relu: 1,
  relu6: 2,
  leakyRelu: 3,
  sigmoid: 4,
  tanh: 5,
  gelu: 6,
  silu: 7,
} as const;

export type Activation = keyof typeof ACTIVATIONS;

/** Whether the activation's derivative is computed from its output (else from its input). */
export function gradFromOutput(activation: Activation): boolean {
  return ACTIVATIONS[activation] <= 5;
}
