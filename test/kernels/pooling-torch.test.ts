import { describe, it } from 'vitest';
import fixture from '../fixtures/pooling.json';
import { aliasRoot } from '../../src/graph/autodiff.js';
import { lowerGraph } from '../../src/graph/executable.js';
import type { Graph, Value } from '../../src/graph/ir.js';
import { runKernel } from '../../src/kernels/launch.js';
import type { Gpu } from '../../src/gpu/gpu.js';
import { ADAPTER, testGpu } from '../helpers/gpu.js';
import { download, output, upload } from '../helpers/buffers.js';
import { expectClose, TOL } from '../helpers/tolerance.js';
import { fixtureGraph, type PoolingFixtureCase } from '../reference/pooling-fixture.js';

// The PyTorch fixtures (tools/fixtures/pooling.py), run through the whole path: op shape
// inference, gradient rule, lowering, kernels. loss = Σ op(inputs) ⊙ gy, so the gradients of the
// inputs are the fixture's gx.

/** Runs every node's dispatches one at a time, each value in its own buffer; returns a reader. */
async function runGraph(gpu: Gpu, g: Graph, feeds: ReadonlyMap<Value, Float32Array>): Promise<(v: Value) => Promise<Float32Array>> {
  const buffers = new Map<Value, GPUBuffer>();
  const bufferOf = (v: Value): GPUBuffer => {
    const root = aliasRoot(v);
    let b = buffers.get(root);
    if (!b) {
      const data = feeds.get(root) ?? (root.data as Float32Array | null);
      b = data ? upload(gpu, data) : output(gpu, root.size);
      buffers.set(root, b);
    }
    return b;
  };
  for (const step of lowerGraph(g, gpu.caps)) await runKernel(gpu, step.kernel, step.plan, step.tensors.map((t) => bufferOf(t as Value)));
  return (v) => download(gpu, bufferOf(v), v.size);
}

describe(`pooling against PyTorch ${fixture.torch} on ${ADAPTER}`, () => {
  for (const c of fixture.cases as PoolingFixtureCase[]) {
    it(c.name, async () => {
      const gpu = await testGpu();
      const { g, xs, y, grads } = fixtureGraph(c);
      const read = await runGraph(gpu, g, new Map(xs.map((x, i) => [x, Float32Array.from(c.inputs[i].data)])));
      expectClose(await read(y), c.y, TOL.f32.balanced, `${c.name}: y`);
      for (let i = 0; i < xs.length; i++) expectClose(await read(grads.get(xs[i])!), c.gx[i], TOL.f32.balanced, `${c.name}: gx${i}`);
    });
  }
});
