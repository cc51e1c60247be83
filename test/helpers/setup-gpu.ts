import { afterEach } from 'vitest';
import { testGpu } from './gpu.js';

// Any WebGPU validation error that no code path turned into an exception fails the test that caused it.
afterEach(async () => {
  const gpu = await testGpu();
  await gpu.device.queue.onSubmittedWorkDone();
  gpu.health.throwIfErrors('test');
});
