import type { Gpu } from '../gpu/gpu.js';
import { alignUp } from '../gpu/buffer-pages.js';
import type { BufferRange } from '../kernels/launch.js';
import { sizeOf, type Shape } from '../kernels/shape.js';
import { LimitError, ShapeError } from '../errors.js';

/** A parameter as a layer declares it: name, shape, initial values, whether it trains. */
export interface ParamSpec {
  readonly name: string;
  readonly shape: Shape;
  /** Computes the initial values (called once, after the size has been checked against the limits). */
  readonly initialize: () => Float32Array;
  readonly trainable: boolean;
}

/** A page of parameters updated by one optimizer dispatch, with its gradient and state pages. */
export interface ParamPage {
  readonly params: GPUBuffer;
  readonly grads: GPUBuffer | null;
  readonly state: GPUBuffer | null;
  /** Elements covered by the page (including alignment padding, whose gradient stays zero). */
  readonly count: number;
  readonly trainable: boolean;
  /** The parameter group (its own optimizer settings); frozen pages are in group ''. */
  readonly group: string;
}

interface Slot { page: number; offset: number; spec: ParamSpec }

/**
 * Persistent parameter storage. Trainable parameters are packed contiguously (offsets aligned to
 * the device's storage alignment) into as few pages as fit the binding limit, so one optimizer
 * dispatch and one norm reduction cover each page; gradients and optimizer state mirror that
 * layout in their own pages. Frozen parameters get a page with no gradient or state.
 */
export class ParamStore {
  private constructor(
    private readonly gpu: Gpu,
    readonly pages: readonly ParamPage[],
    private readonly slots: ReadonlyMap<string, Slot>,
    /** f32 optimizer-state values per trainable parameter element (see optimizerStateSlots). */
    readonly stateSlots = 0,
  ) {}

  /**
   * Allocates and uploads every parameter. `groupOf` names each trainable parameter's group
   * (groups get separate pages, so each is updated by its own optimizer dispatch and settings).
   */
  static create(gpu: Gpu, label: string, specs: readonly ParamSpec[], stateSlots: number, groupOf: (spec: ParamSpec) => string = () => 'default'): ParamStore {
    const align = gpu.caps.limits.minStorageBufferOffsetAlignment;
    const maxBinding = gpu.caps.limits.maxStorageBufferBindingSize;
    const capacity = Math.floor(maxBinding / Math.max(1, stateSlots) / align) * align;
    const layouts: { trainable: boolean; group: string; bytes: number; items: Slot[] }[] = [];
    const slots = new Map<string, Slot>();
    const groups = [...new Set(specs.filter((s) => s.trainable).map(groupOf))];
    for (const [trainable, group] of [...groups.map((g) => [true, g] as const), [false, ''] as const]) {
      let current: (typeof layouts)[number] | null = null;
      for (const spec of specs.filter((s) => s.trainable === trainable && (!trainable || groupOf(s) === group))) {
        const bytes = alignUp(sizeOf(spec.shape) * 4, align);
        if (bytes > capacity) {
          throw new LimitError(spec.name, `parameter [${spec.shape}] needs ${bytes} bytes; with ${stateSlots} optimizer state slot(s) a page holds at most ${capacity} (maxStorageBufferBindingSize ${maxBinding})`,
            'make the layer smaller');
        }
        if (!current || current.bytes + bytes > capacity) layouts.push((current = { trainable, group, bytes: 0, items: [] }));
        const slot = { page: layouts.length - 1, offset: current.bytes, spec };
        current.items.push(slot);
        current.bytes += bytes;
        if (slots.has(spec.name)) throw new ShapeError(spec.name, 'two parameters have the same name');
        slots.set(spec.name, slot);
      }
    }
    const pages = layouts.map((l, i): ParamPage => {
      const data = new Float32Array(l.bytes / 4);
      for (const it of l.items) {
        const init = it.spec.initialize();
        if (init.length !== sizeOf(it.spec.shape)) throw new ShapeError(it.spec.name, `initial values have ${init.length} elements for shape [${it.spec.shape}]`);
        data.set(init, it.offset / 4);
      }
      const params = gpu.pages.allocate(`${label}.params${i}`, l.bytes);
      gpu.write(params, 0, data);
      const train = l.trainable;
      return {
        params,
        grads: train ? gpu.pages.allocate(`${label}.grads${i}`, l.bytes) : null,
        state: train && stateSlots > 0 ? gpu.pages.allocate(`${label}.state${i}`, l.bytes * stateSlots) : null,
        count: l.bytes / 4,
        trainable: train,
        group: l.group,
      };
    });
    return new ParamStore(gpu, pages, slots, stateSlots);
  }

  get names(): string[] {
    return [...this.slots.keys()];
  }

  has(name: string): boolean {
    return this.slots.has(name);
  }

  spec(name: string): ParamSpec {
    return this.slot(name).spec;
  }

  private slot(name: string): Slot {
    const s = this.slots.get(name);
    if (!s) throw new Error(`no parameter named ${name}`);
    return s;
  }

  /** The range holding parameter `name`. */
  range(name: string): BufferRange {
    const s = this.slot(name);
    return { buffer: this.pages[s.page].params, offset: s.offset, size: sizeOf(s.spec.shape) * 4 };
  }

  /** The range holding the gradient of `name` (same offset, in the gradient page). */
  gradRange(name: string): BufferRange {
    const s = this.slot(name);
    const grads = this.pages[s.page].grads;
    if (!grads) throw new Error(`parameter ${name} is frozen and has no gradient`);
    return { buffer: grads, offset: s.offset, size: sizeOf(s.spec.shape) * 4 };
  }

  /** Reads a parameter's current values. */
  async read(name: string): Promise<Float32Array> {
    const r = this.range(name);
    return new Float32Array(await this.gpu.read(r.buffer, r.offset, r.size));
  }

  /** Overwrites a parameter's values. */
  write(name: string, values: Float32Array): void {
    const s = this.slot(name);
    if (values.length !== sizeOf(s.spec.shape)) throw new ShapeError(name, `expected ${sizeOf(s.spec.shape)} values, got ${values.length}`);
    this.gpu.write(this.pages[s.page].params, s.offset, values);
  }

  /** The state range of `name`: `stateSlots` values per element, interleaved as the optimizer kernel keeps them. */
  private stateRange(name: string): BufferRange {
    const s = this.slot(name);
    const state = this.pages[s.page].state;
    if (!state) throw new Error(`parameter ${name} has no optimizer state`);
    return { buffer: state, offset: s.offset * this.stateSlots, size: sizeOf(s.spec.shape) * 4 * this.stateSlots };
  }

  /** Whether `name` has optimizer state (trainable, with an optimizer that keeps some). */
  hasState(name: string): boolean {
    return this.pages[this.slot(name).page].state !== null;
  }

  /** Reads a parameter's optimizer state in its slot layout (`stateSlots` values per element, interleaved). */
  async readState(name: string): Promise<Float32Array> {
    const r = this.stateRange(name);
    return new Float32Array(await this.gpu.read(r.buffer, r.offset, r.size));
  }

  /** Overwrites a parameter's optimizer state (same layout as {@link readState}). */
  writeState(name: string, values: Float32Array): void {
    const r = this.stateRange(name);
    if (values.length * 4 !== r.size) throw new ShapeError(name, `expected ${r.size / 4} optimizer state values, got ${values.length}`);
    this.gpu.write(r.buffer, r.offset, values);
  }

  /** Bytes held by parameter, gradient and state pages. */
  get bytes(): number {
    return this.pages.reduce((sum, p) => sum + p.params.size + (p.grads?.size ?? 0) + (p.state?.size ?? 0), 0);
  }
}
