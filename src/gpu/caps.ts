/**
 * What a device can do, read once when it is created. Kernels choose variants from this record
 * alone (never from the adapter's name at dispatch time), so a choice can be unit-tested with a
 * hand-written `DeviceCaps`.
 */
export interface DeviceCaps {
  /** A compatibility-mode device (no `core-features-and-limits`): mobile-like limits. */
  readonly compat: boolean;
  readonly f16: boolean;
  readonly subgroups: boolean;
  /** The adapter's smallest subgroup size (0 when unknown or without subgroups). */
  readonly subgroupMinSize: number;
  readonly timestampQuery: boolean;
  readonly features: ReadonlySet<string>;
  readonly wgslFeatures: ReadonlySet<string>;
  readonly limits: DeviceLimits;
  /** The adapter's vendor/architecture/description, for benchmark records and variant choice. */
  readonly adapter: { vendor: string; architecture: string; description: string; backend: string };
  /** A CPU implementation (lavapipe, SwiftShader, llvmpipe): workgroup memory and barriers are costly there. */
  readonly software: boolean;
}

/** The limits shadernet plans against (those of the device, not the adapter). */
export interface DeviceLimits {
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
  readonly maxStorageBuffersPerShaderStage: number;
  readonly maxComputeInvocationsPerWorkgroup: number;
  readonly maxComputeWorkgroupSizeX: number;
  readonly maxComputeWorkgroupSizeY: number;
  readonly maxComputeWorkgroupStorageSize: number;
  readonly maxComputeWorkgroupsPerDimension: number;
  readonly minStorageBufferOffsetAlignment: number;
  readonly minUniformBufferOffsetAlignment: number;
  readonly maxUniformBufferBindingSize: number;
}

export const LIMIT_NAMES: readonly (keyof DeviceLimits)[] = [
  'maxStorageBufferBindingSize', 'maxBufferSize', 'maxStorageBuffersPerShaderStage',
  'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupSizeX', 'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupStorageSize', 'maxComputeWorkgroupsPerDimension',
  'minStorageBufferOffsetAlignment', 'minUniformBufferOffsetAlignment', 'maxUniformBufferBindingSize',
];

/**
 * Whether the device can run the subgroup kernel variants: subgroups of at least 8 lanes (they
 * share values across the 8 lanes of a CPU adapter's SIMD register by subgroup broadcasts and
 * shuffles; wider subgroups repeat the pattern every 8 lanes).
 */
export function subgroupsFit(caps: DeviceCaps): boolean {
  return caps.subgroups && caps.subgroupMinSize >= 8;
}

/** Reads the capabilities of a created device. */
export function readCaps(device: GPUDevice, info: GPUAdapterInfo | undefined, wgsl: ReadonlySet<string>, backend: string): DeviceCaps {
  const features = new Set<string>(device.features as unknown as Iterable<string>);
  const limits = {} as Record<keyof DeviceLimits, number>;
  for (const name of LIMIT_NAMES) limits[name] = Number((device.limits as unknown as Record<string, number>)[name]);
  const adapter = {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    description: info?.description ?? '',
    backend,
  };
  const text = `${adapter.vendor} ${adapter.architecture} ${adapter.description}`.toLowerCase();
  return {
    compat: !features.has('core-features-and-limits'),
    f16: features.has('shader-f16'),
    subgroups: features.has('subgroups'),
    subgroupMinSize: features.has('subgroups') ? Number((info as { subgroupMinSize?: number } | undefined)?.subgroupMinSize ?? 0) : 0,
    timestampQuery: features.has('timestamp-query'),
    features,
    wgslFeatures: wgsl,
    limits,
    adapter,
    software: /llvmpipe|lavapipe|swiftshader|software|mesa|cpu/.test(text),
  };
}
