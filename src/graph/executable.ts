import type { Gpu } from '../gpu/gpu.js';
import { USAGE, alignUp } from '../gpu/buffer-pages.js';
import { packUniform, uniformLayout } from '../gpu/uniforms.js';
import { DTYPE_BYTES, kernelPipeline, type Kernel, type Plan } from '../kernels/kernel.js';
import { encodeDispatches, recordDispatch, type BufferRange, type RecordedDispatch } from '../kernels/launch.js';
import { packStep, STEP_BYTES, type StepValues } from '../kernels/step.js';
import type { DeviceCaps } from '../gpu/caps.js';
import { aliasRoot } from './autodiff.js';
import type { Graph, Value } from './ir.js';
import { planMemory, type MemoryPlan } from './planner.js';
import { opDef } from './registry.js';
import { LimitError, ShapeError, UnsupportedOpError } from '../errors.js';

/** A tensor slot of a step: a graph value (placed by the planner) or a fixed buffer range. */
export type Binding = Value | BufferRange;

/** One dispatch of an executable, before memory is placed. */
export interface StepSpec {
  readonly label: string;
  readonly kernel: Kernel;
  readonly plan: Plan;
  readonly tensors: readonly Binding[];
}

const isValue = (b: Binding): b is Value => 'shape' in b;

/** Lowers every node of `graph`, in order, to the dispatches that compute it. */
export function lowerGraph(graph: Graph, caps: DeviceCaps): StepSpec[] {
  graph.checkOrder();
  const steps: StepSpec[] = [];
  for (const node of graph.nodes) {
    const def = opDef(node.op, node.layer);
    let lowered;
    try {
      lowered = def.lower(node, node.attrs, caps);
    } catch (e) {
      // Kernel planners know shapes but not layers: name the layer here.
      if (e instanceof ShapeError || e instanceof LimitError || e instanceof UnsupportedOpError) {
        throw new (e.constructor as typeof ShapeError)(`${node.op} (${node.layer})`, e.message);
      }
      throw e;
    }
    for (const d of lowered) {
      steps.push({ label: `${node.layer}.${node.op}${node.phase === 'backward' ? '.grad' : ''}`, kernel: d.kernel, plan: d.plan, tensors: d.tensors });
    }
  }
  return steps;
}

/** Where each value of an executable lives, before any GPU allocation. */
export interface ExecutablePlan {
  readonly label: string;
  readonly steps: readonly StepSpec[];
  readonly memory: MemoryPlan;
  /** Planned values by alias root → allocation id. */
  readonly planned: ReadonlyMap<Value, number>;
  readonly pinned: ReadonlyMap<Value, BufferRange>;
  readonly consts: readonly Value[];
}

export interface PlanOptions {
  /** Values with fixed storage (parameters, gradients, optimizer state). */
  readonly pinned: ReadonlyMap<Value, BufferRange>;
  /** Values written before the pass (by `queue.writeBuffer`): live from the start. */
  readonly written?: readonly Value[];
  /** Values read after the pass (copied out for readback): live to the end. */
  readonly read?: readonly Value[];
  readonly alignment: number;
  readonly maxPageBytes: number;
}

/**
 * Places every activation of an executable: liveness intervals over the dispatch order, then
 * greedy-by-size packing into pages (see planMemory).
 */
export function planExecutable(label: string, steps: readonly StepSpec[], options: PlanOptions): ExecutablePlan {
  const first = new Map<Value, number>();
  const last = new Map<Value, number>();
  const consts = new Set<Value>();
  const touch = (v: Value, at: number) => {
    const root = aliasRoot(v);
    if (root.kind === 'const') consts.add(root);
    if (options.pinned.has(root) || root.kind === 'const') return;
    if (root.kind === 'param') throw new Error(`${label}: parameter ${root.name} has no storage`);
    first.set(root, Math.min(first.get(root) ?? at, at));
    last.set(root, Math.max(last.get(root) ?? at, at));
  };
  for (const v of options.written ?? []) touch(v, -1);
  steps.forEach((s, i) => s.tensors.forEach((t) => isValue(t) && touch(t, i)));
  for (const v of options.read ?? []) touch(v, steps.length);
  const planned = new Map<Value, number>();
  const allocations = [...first.keys()].map((v, id) => {
    planned.set(v, id);
    return { id, bytes: v.size * DTYPE_BYTES[v.dtype], start: first.get(v)!, end: last.get(v)!, name: v.name };
  });
  const memory = planMemory(allocations, { alignment: options.alignment, maxPageBytes: options.maxPageBytes });
  return { label, steps, memory, planned, pinned: options.pinned, consts: [...consts] };
}

/**
 * Activation pages shared by the executables of one model: they never run concurrently (one
 * queue), so each page is as large as the largest plan needs and every plan reuses it.
 */
export class Workspace {
  private constructor(readonly pages: readonly GPUBuffer[]) {}

  static allocate(gpu: Gpu, label: string, plans: readonly ExecutablePlan[]): Workspace {
    const sizes: number[] = [];
    for (const p of plans) p.memory.pageBytes.forEach((b, i) => (sizes[i] = Math.max(sizes[i] ?? 0, b)));
    return new Workspace(sizes.map((b, i) => gpu.pages.allocate(`${label}.workspace${i}`, b)));
  }

  get bytes(): number {
    return this.pages.reduce((s, p) => s + p.size, 0);
  }
}

/** A recorded step: running it writes the per-step uniform, encodes every dispatch, submits once. */
export class Executable {
  /** Reused for every step's uniform (writeBuffer copies it at once). */
  private readonly stepBytes = new ArrayBuffer(STEP_BYTES);

  private constructor(
    private readonly gpu: Gpu,
    readonly label: string,
    readonly dispatches: readonly RecordedDispatch[],
    private readonly stepBuffer: GPUBuffer,
    private readonly ranges: ReadonlyMap<Value, BufferRange>,
    private readonly owned: readonly GPUBuffer[],
  ) {}

  /** Compiles every pipeline (in parallel, deduplicated) and records every dispatch. */
  static async build(gpu: Gpu, plan: ExecutablePlan, workspace: Workspace): Promise<Executable> {
    const { device, caps } = gpu;
    const ranges = new Map<Value, BufferRange>(plan.pinned);
    for (const [root, id] of plan.planned) {
      const place = plan.memory.placements.get(id)!;
      ranges.set(root, { buffer: workspace.pages[place.page], offset: place.offset, size: alignUp(root.size * DTYPE_BYTES[root.dtype], 4) });
    }
    const owned: GPUBuffer[] = [];
    if (plan.consts.length > 0) {
      const align = caps.limits.minStorageBufferOffsetAlignment;
      let bytes = 0;
      const offsets = plan.consts.map((c) => { const o = bytes; bytes = alignUp(o + c.size * 4, align); return o; });
      const page = device.createBuffer({ label: `${plan.label}.consts`, size: Math.max(bytes, 16), usage: USAGE.STORAGE | USAGE.COPY_DST });
      plan.consts.forEach((c, i) => {
        device.queue.writeBuffer(page, offsets[i], c.data!.buffer, c.data!.byteOffset, c.data!.byteLength);
        ranges.set(c, { buffer: page, offset: offsets[i], size: c.size * 4 });
      });
      owned.push(page);
    }
    const resolve = (b: Binding): BufferRange => {
      if (!isValue(b)) return b;
      const r = ranges.get(aliasRoot(b));
      if (!r) throw new Error(`${plan.label}: value ${b.name} has no storage`);
      return { buffer: r.buffer, offset: r.offset, size: alignUp(b.size * DTYPE_BYTES[b.dtype], 4) };
    };

    const uniformAlign = caps.limits.minUniformBufferOffsetAlignment;
    let uniformBytes = 0;
    const uniformOffsets = plan.steps.map((s) => { const o = uniformBytes; uniformBytes = alignUp(o + uniformLayout(s.kernel.params).size, uniformAlign); return o; });
    const uniformData = new ArrayBuffer(Math.max(uniformBytes, 16));
    plan.steps.forEach((s, i) => packUniform(s.kernel.params, s.plan.params, uniformData, uniformOffsets[i]));
    const uniform = device.createBuffer({ label: `${plan.label}.params`, size: uniformData.byteLength, usage: USAGE.UNIFORM | USAGE.COPY_DST });
    device.queue.writeBuffer(uniform, 0, uniformData);
    const stepBuffer = device.createBuffer({ label: `${plan.label}.step`, size: STEP_BYTES, usage: USAGE.UNIFORM | USAGE.COPY_DST });
    owned.push(uniform, stepBuffer);

    const pipelines = await Promise.all(plan.steps.map((s) => kernelPipeline(gpu, s.kernel, s.plan.constants)));
    const dispatches = plan.steps.map((s, i) =>
      recordDispatch(gpu, s.kernel, pipelines[i], s.tensors.map(resolve),
        { buffer: uniform, offset: uniformOffsets[i], size: uniformLayout(s.kernel.params).size },
        { buffer: stepBuffer, offset: 0, size: STEP_BYTES }, s.plan.workgroups, `${plan.label}:${s.label}`));
    return new Executable(gpu, plan.label, dispatches, stepBuffer, ranges, owned);
  }

  /** The buffer range holding `v` (to write inputs or copy outputs). */
  rangeOf(v: Value): BufferRange {
    const r = this.ranges.get(aliasRoot(v));
    if (!r) throw new Error(`${this.label}: value ${v.name} is not part of this executable`);
    return { buffer: r.buffer, offset: r.offset, size: alignUp(v.size * DTYPE_BYTES[v.dtype], 4) };
  }

  /**
   * Runs one step: writes the per-step uniform, encodes all dispatches into one compute pass, and
   * submits one command buffer. `before`/`after` add copies around the pass (inputs, readbacks).
   */
  run(step: StepValues, hooks: { before?: (e: GPUCommandEncoder) => void; after?: (e: GPUCommandEncoder) => void } = {}): void {
    this.gpu.health.check();
    const { device } = this.gpu;
    device.queue.writeBuffer(this.stepBuffer, 0, packStep(step, this.stepBytes));
    const encoder = device.createCommandEncoder({ label: this.label });
    hooks.before?.(encoder);
    const pass = encoder.beginComputePass({ label: this.label });
    encodeDispatches(pass, this.dispatches);
    pass.end();
    hooks.after?.(encoder);
    device.queue.submit([encoder.finish()]);
  }

  destroy(): void {
    for (const b of this.owned) b.destroy();
  }
}
