import { describe, expect, it } from 'vitest';
import { uniformLayout } from '../../src/gpu/uniforms.js';
import { kernelSource, type Kernel } from '../../src/kernels/kernel.js';
import { STEP_FIELDS } from '../../src/kernels/step.js';
import { reflectStruct } from '../helpers/wgsl-reflect.js';

// Every kernel descriptor exported from src/kernels, found by reflection so a new kernel is
// checked without registering it here.
const modules = import.meta.glob('../../src/kernels/*.ts', { eager: true }) as Record<string, Record<string, unknown>>;
const isKernel = (v: unknown): v is Kernel => typeof v === 'object' && v !== null && 'entryPoint' in v && 'wgsl' in v && 'params' in v;
const KERNELS = Object.values(modules).flatMap((m) => Object.values(m).filter(isKernel));

describe('kernel descriptors agree with their WGSL', () => {
  it('finds the kernels', () => {
    expect(KERNELS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(KERNELS.map((k) => k.label)).size, 'labels are unique').toBe(KERNELS.length);
  });
  for (const kernel of KERNELS) {
    it(`${kernel.label}: Params, Step, bindings and entry point`, () => {
      const source = kernelSource(kernel);
      expect(reflectStruct(source, 'Params')).toEqual(Object.entries(kernel.params));
      expect(uniformLayout(kernel.params).size % 16).toBe(0);
      expect(source.includes('struct Step')).toBe(Boolean(kernel.step));
      if (kernel.step) expect(reflectStruct(source, 'Step')).toEqual(Object.entries(STEP_FIELDS));
      expect(source).toMatch(new RegExp(`@compute @workgroup_size\\([^)]*\\)\\s*fn ${kernel.entryPoint}\\(`));
      const n = kernel.inputs.length + kernel.outputs.length;
      expect(n, 'at most 4 storage buffers (compatibility mode)').toBeLessThanOrEqual(4);
      for (let i = 0; i < n; i++) expect(source, `binding ${i} is read_write storage`).toMatch(new RegExp(`@group\\(0\\) @binding\\(${i}\\) var<storage, read_write>`));
      expect(source).toContain('@group(1) @binding(0) var<uniform> params: Params;');
    });
  }
});
