/**
 * Typed errors. Every message reads `op (layer): what is wrong (expected X, got Y)` and, when the
 * fix is known, ends with a hint. They are thrown when a graph is built or data is handed over,
 * before any GPU work, except {@link DeviceLostError} and {@link GpuValidationError}, which report
 * what the device said, and {@link NonFiniteLossError}, which names the training step.
 */
export class ShadernetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

function compose(where: string, what: string, hint?: string): string {
  return `${where}: ${what}${hint ? ` (hint: ${hint})` : ''}`;
}

/** A shape, rank or dtype that does not fit the op. */
export class ShapeError extends ShadernetError {
  constructor(where: string, what: string, hint?: string) {
    super(compose(where, what, hint));
  }
}

/** Something that would exceed one of the device's limits (binding size, workgroups, buffers). */
export class LimitError extends ShadernetError {
  constructor(where: string, what: string, hint?: string) {
    super(compose(where, what, hint));
  }
}

/** An op, option or feature that shadernet does not support (on this device). */
export class UnsupportedOpError extends ShadernetError {
  constructor(where: string, what: string, hint?: string) {
    super(compose(where, what, hint));
  }
}

/** A malformed or mismatched file or data set. */
export class FormatError extends ShadernetError {
  constructor(where: string, what: string, hint?: string) {
    super(compose(where, what, hint));
  }
}

/** An argument outside its allowed range (a learning rate below zero, an empty data set, ...). */
export class ValueError extends ShadernetError {
  constructor(where: string, what: string, hint?: string) {
    super(compose(where, what, hint));
  }
}

/** The GPU device was lost; every later call on it throws this instead of hanging. */
export class DeviceLostError extends ShadernetError {
  constructor(readonly reason: string, message: string) {
    super(`device lost (${reason}): ${message || 'no message'}`);
  }
}

/** WebGPU reported a validation, out-of-memory or internal error, or a shader failed to compile. */
export class GpuValidationError extends ShadernetError {}

/** Training produced a non-finite loss; the update of that step was skipped on the GPU. */
export class NonFiniteLossError extends ShadernetError {
  constructor(readonly step: number) {
    super(
      `training: loss became non-finite at step ${step}; parameters keep their values from before that step` +
        ' (hint: lower the learning rate, enable clipGradNorm, or check the input data for NaN)',
    );
  }
}
