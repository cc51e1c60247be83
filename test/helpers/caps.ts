import type { DeviceCaps, DeviceLimits } from '../../src/gpu/caps.js';

/** Hand-written caps: compat's default limits, or a core device's larger ones. */
export function fakeCaps(kind: 'core' | 'compat'): DeviceCaps {
  const limits: DeviceLimits = {
    maxStorageBufferBindingSize: kind === 'core' ? 1 << 30 : 128 << 20,
    maxBufferSize: 1 << 30,
    maxStorageBuffersPerShaderStage: kind === 'core' ? 8 : 4,
    maxComputeInvocationsPerWorkgroup: kind === 'core' ? 1024 : 128,
    maxComputeWorkgroupSizeX: kind === 'core' ? 1024 : 128,
    maxComputeWorkgroupSizeY: kind === 'core' ? 1024 : 128,
    maxComputeWorkgroupStorageSize: 16384,
    maxComputeWorkgroupsPerDimension: 65535,
    minStorageBufferOffsetAlignment: 256,
    minUniformBufferOffsetAlignment: 256,
    maxUniformBufferBindingSize: 65536,
  };
  return {
    compat: kind === 'compat', f16: false, subgroups: false, subgroupMinSize: 0, timestampQuery: false, features: new Set(), wgslFeatures: new Set(),
    limits, adapter: { vendor: 'test', architecture: '', description: '', backend: 'none' }, software: false,
  };
}
