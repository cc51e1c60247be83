export { Gpu } from './gpu.js';
export { requestGpu, type RequestGpuOptions } from './request.js';
export type { DeviceCaps, DeviceLimits } from './caps.js';
export { PipelineCache, pipelineKey, type PipelineSpec } from './pipeline-cache.js';
export { BufferPages, alignUp, USAGE } from './buffer-pages.js';
export { ReadbackRing, PendingRead } from './readback.js';
export { uniformLayout, packUniform, type FieldType, type FieldList, type ParamValues } from './uniforms.js';
export { formatCompilationMessages } from './errors.js';
