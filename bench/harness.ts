// The benchmark harness: case and result types, the timing loops for shadernet (recorded
// dispatches, GPU timestamps) and TF.js (the same device, the same waiting method), and the pure
// arithmetic (work → throughput, medians, geometric means) that test/unit/bench-harness.test.ts checks.
import * as tf from '@tensorflow/tfjs-core';
import { USAGE } from '../src/gpu/buffer-pages.js';
import type { Gpu } from '../src/gpu/gpu.js';
import { gpuWait } from '../src/gpu/wait.js';
import type { BenchDevices } from './device.js';

/**
 * How every wait of the harness yields the CPU in Node, for both libraries (src/gpu/wait.ts):
 * Dawn's node binding polls while a map or queue-done is pending, and on a CPU adapter a spinning
 * main thread slows the shaders it waits for. run.ts sets it from the device (1 ms on CPU
 * adapters); shadernet's Trainer waits the same way on its own.
 */
let waitSleepMs = 0;
export function setBenchWaitSleep(ms: number): void {
  waitSleepMs = ms;
}
/** Awaits a GPU promise of either library the way the harness does (see {@link setBenchWaitSleep}). */
export function benchWait<T>(promise: Promise<T>): Promise<T> {
  return gpuWait(promise, waitSleepMs);
}

/** Groups whose ratios are summarised by a geometric mean each. */
export type Group = 'baseline' | 'kernels forward' | 'kernels backward' | 'models';
export const GROUPS: readonly Group[] = ['baseline', 'kernels forward', 'kernels backward', 'models'];

/** What a case's work is counted in; throughput is work per second in this unit. */
export type Unit = 'GFLOP/s' | 'GB/s' | 'images/s' | 'dispatches/s' | 'round trips/s';

/**
 * How a time was taken. `gpu-timestamp`: timestamp queries around the compute pass(es) of one
 * repetition. `wall-queue-done`: all repetitions submitted, then `queue.onSubmittedWorkDone()`
 * awaited once. `wall-readback`: all repetitions (steps) submitted, then one small result read
 * back. `wall-cpu`: a CPU backend (TF.js WASM), synchronous.
 */
export type Method = 'gpu-timestamp' | 'wall-queue-done' | 'wall-readback' | 'wall-cpu';

/** One library's measurement of one case. */
export interface SideResult {
  /** Median milliseconds per repetition by `method`. */
  readonly ms: number;
  readonly minMs: number;
  readonly reps: number;
  readonly method: Method;
  /** Work per second, in the case's unit. */
  readonly throughput: number;
  /** Wall milliseconds per repetition (all submitted, waited for once), when `method` is GPU time. */
  readonly wallMs?: number;
  /** Every repetition's time by `method` (one value for wall time over a whole batch of them). */
  readonly times?: readonly number[];
  /** Case-specific numbers: cold start, memory, compile time. */
  readonly extra?: Readonly<Record<string, number | string>>;
}

export type Side = 'ours' | 'tfjsWebgpu' | 'tfjsWasm';
export const SIDES: readonly Side[] = ['ours', 'tfjsWebgpu', 'tfjsWasm'];

export interface CaseResult {
  readonly name: string;
  readonly group: Group;
  readonly unit: Unit;
  /** Work of one repetition in the unit's base (FLOP, bytes, images, dispatches). */
  readonly work: number;
  readonly ours?: SideResult;
  readonly tfjsWebgpu?: SideResult;
  readonly tfjsWasm?: SideResult;
  /** Failures per side (a TF.js op missing on WASM, a limit): recorded, never fatal. */
  readonly errors?: Readonly<Partial<Record<Side, string>>>;
  readonly notes?: readonly string[];
}

/** Settings of one run. */
export interface BenchContext {
  readonly devices: BenchDevices;
  readonly quick: boolean;
  readonly warmup: number;
  readonly reps: number;
  /** Also time TF.js's WASM backend (kernels: where `wasm` is set on the case). */
  readonly wasm: boolean;
  readonly log: (message: string) => void;
}

/** A benchmark case: named by shape (`matmul/m256k784n512/f32`), run once per process. */
export interface BenchCase {
  readonly name: string;
  readonly group: Group;
  /** Part of `npm run bench:quick`. */
  readonly quick?: boolean;
  run(ctx: BenchContext): Promise<CaseResult>;
}

// ---- pure arithmetic ------------------------------------------------------------------------

/** A shape in a case name: `n64h28w28c32` (NHWC), `m64n256` (matrix), `c32` (vector). */
export function shapeTag(shape: readonly number[]): string {
  const letters = shape.length === 4 ? 'nhwc' : shape.length === 2 ? 'mn' : shape.length === 1 ? 'c' : 'abcdef'.slice(0, shape.length);
  return shape.map((d, i) => `${letters[i]}${d}`).join('');
}

/** FLOPs of a (batched) matmul: one multiply and one add per term. */
export function matmulFlops(m: number, n: number, k: number, batch = 1): number {
  return 2 * m * n * k * batch;
}

/** Bytes an f32 memory-bound op moves: every element read plus every element written. */
export function elementwiseBytes(readElements: number, writtenElements: number, bytesPerElement = 4): number {
  return (readElements + writtenElements) * bytesPerElement;
}

const UNIT_SCALE: Record<Unit, number> = { 'GFLOP/s': 1e9, 'GB/s': 1e9, 'images/s': 1, 'dispatches/s': 1, 'round trips/s': 1 };

/** Work per second in `unit` for `work` base units done in `ms` milliseconds. */
export function throughput(work: number, ms: number, unit: Unit): number {
  return ms > 0 ? work / (ms / 1000) / UNIT_SCALE[unit] : 0;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The geometric mean of the positive finite values (NaN when there are none). */
export function geomean(values: readonly number[]): number {
  const ok = values.filter((v) => Number.isFinite(v) && v > 0);
  if (ok.length === 0) return NaN;
  return Math.exp(ok.reduce((s, v) => s + Math.log(v), 0) / ok.length);
}

/** TF.js WebGPU time over ours (our throughput over theirs): above 1 means shadernet is faster. */
export function ratioOf(result: CaseResult): number {
  const ours = result.ours?.throughput;
  const theirs = result.tfjsWebgpu?.throughput;
  return ours && theirs ? ours / theirs : NaN;
}

/** The geometric mean of the ratios of each group that has any. */
export function groupGeomeans(results: readonly CaseResult[]): Partial<Record<Group, { geomean: number; cases: number }>> {
  const out: Partial<Record<Group, { geomean: number; cases: number }>> = {};
  for (const group of GROUPS) {
    const ratios = results.filter((r) => r.group === group).map(ratioOf).filter((r) => Number.isFinite(r) && r > 0);
    if (ratios.length) out[group] = { geomean: geomean(ratios), cases: ratios.length };
  }
  return out;
}

/** A side's result from per-repetition times. */
export function sideResult(times: readonly number[], method: Method, work: number, unit: Unit, more: { wallMs?: number; extra?: Record<string, number | string> } = {}): SideResult {
  const ms = median(times);
  return { ms, minMs: Math.min(...times), reps: times.length, method, throughput: throughput(work, ms, unit), ...more, times: times.map((t) => Number(t.toPrecision(4))) };
}

/** One result from several rounds of the same measurement (interleaved with the other library's). */
export function mergeRounds(parts: readonly SideResult[], work: number, unit: Unit): SideResult {
  const times = parts.flatMap((p) => p.times ?? [p.ms]);
  const walls = parts.filter((p) => p.wallMs !== undefined);
  const wallMs = walls.length ? walls.reduce((s, p) => s + p.wallMs!, 0) / walls.length : undefined;
  return sideResult(times, parts[0].method, work, unit, wallMs === undefined ? {} : { wallMs });
}

// ---- shadernet timing -----------------------------------------------------------------------

/** Encodes one repetition of a case into a compute pass. */
export type EncodePass = (pass: GPUComputePassEncoder) => void;

/**
 * Times `encode` on shadernet's device: `warmup` repetitions, waited for, then `reps`
 * repetitions each in its own compute pass, all in one command buffer, submitted once and waited
 * for once. With `timestamp-query` every pass carries `timestampWrites` (beginning and end), and
 * the result is the median pass time; without it, wall time over `onSubmittedWorkDone`.
 */
export async function timePasses(gpu: Gpu, encode: EncodePass, work: number, unit: Unit, opts: { warmup: number; reps: number; label: string }): Promise<SideResult> {
  const { device } = gpu;
  const submitPasses = (count: number, querySet: GPUQuerySet | null): GPUCommandEncoder => {
    const encoder = device.createCommandEncoder({ label: `bench.${opts.label}` });
    for (let i = 0; i < count; i++) {
      const timestampWrites = querySet ? { querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 } : undefined;
      const pass = encoder.beginComputePass({ label: `bench.${opts.label}`, timestampWrites });
      encode(pass);
      pass.end();
    }
    return encoder;
  };
  device.pushErrorScope('validation');
  device.queue.submit([submitPasses(opts.warmup, null).finish()]);
  await benchWait(device.queue.onSubmittedWorkDone());

  const reps = Math.max(1, opts.reps);
  if (!gpu.caps.timestampQuery) {
    const started = performance.now();
    device.queue.submit([submitPasses(reps, null).finish()]);
    await benchWait(device.queue.onSubmittedWorkDone());
    await throwValidation(device, opts.label);
    const ms = (performance.now() - started) / reps;
    return sideResult([ms], 'wall-queue-done', work, unit, { wallMs: ms });
  }
  const querySet = device.createQuerySet({ label: `bench.${opts.label}.timestamps`, type: 'timestamp', count: 2 * reps });
  const resolve = device.createBuffer({ label: 'bench.timestamps.resolve', size: 16 * reps, usage: USAGE.QUERY_RESOLVE | USAGE.COPY_SRC });
  const staging = device.createBuffer({ label: 'bench.timestamps.staging', size: 16 * reps, usage: USAGE.MAP_READ | USAGE.COPY_DST });
  try {
    const started = performance.now();
    const encoder = submitPasses(reps, querySet);
    encoder.resolveQuerySet(querySet, 0, 2 * reps, resolve, 0);
    encoder.copyBufferToBuffer(resolve, 0, staging, 0, 16 * reps);
    device.queue.submit([encoder.finish()]);
    await benchWait(staging.mapAsync(GPUMapMode.READ));
    const wallMs = (performance.now() - started) / reps;
    const stamps = new BigUint64Array(staging.getMappedRange().slice(0));
    staging.unmap();
    await throwValidation(device, opts.label);
    const times = Array.from({ length: reps }, (_, i) => Number(stamps[2 * i + 1] - stamps[2 * i]) / 1e6);
    return sideResult(times, 'gpu-timestamp', work, unit, { wallMs });
  } finally {
    querySet.destroy();
    resolve.destroy();
    staging.destroy();
  }
}

async function throwValidation(device: GPUDevice, label: string): Promise<void> {
  const error = await device.popErrorScope();
  if (error) throw new Error(`${label}: ${error.message}`);
}

// ---- TF.js timing ---------------------------------------------------------------------------

interface WebGpuBackendLike {
  device: GPUDevice;
  commandEncoder: GPUCommandEncoder | null;
  endComputePassEncoder(): void;
  submitQueue(): void;
}

/**
 * Submits what TF.js's WebGPU backend has batched (it encodes up to
 * WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE dispatches per pass before submitting) and waits for the
 * queue: the same wait as ours.
 */
async function flushTfjs(): Promise<void> {
  const backend = tf.backend() as unknown as WebGpuBackendLike;
  if (backend.commandEncoder) {
    backend.endComputePassEncoder();
    backend.submitQueue();
  }
  await benchWait(backend.device.queue.onSubmittedWorkDone());
}

/**
 * Times a TF.js computation on its WebGPU backend the way {@link timePasses} times ours: GPU
 * time from TF.js's own timestamp queries (`tf.time().kernelMs`, the sum over the programs the
 * op dispatches) when the device has them, and wall time with every repetition submitted and
 * `queue.onSubmittedWorkDone()` awaited once on the same device.
 */
export async function timeTfjsWebgpu(fn: () => tf.Tensor | tf.Tensor[], work: number, unit: Unit, opts: { warmup: number; reps: number; timestamps: boolean }): Promise<SideResult> {
  const once = () => tf.tidy(() => { fn(); });
  for (let i = 0; i < opts.warmup; i++) once();
  await flushTfjs();
  const reps = Math.max(1, opts.reps);
  const started = performance.now();
  for (let i = 0; i < reps; i++) once();
  await flushTfjs();
  const wallMs = (performance.now() - started) / reps;
  if (!opts.timestamps) return sideResult([wallMs], 'wall-queue-done', work, unit, { wallMs });
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const info = await benchWait(tf.time(once));
    if (typeof info.kernelMs !== 'number') throw new Error(`tf.time gave no kernel time: ${JSON.stringify(info.kernelMs)}`);
    times.push(info.kernelMs);
  }
  return sideResult(times, 'gpu-timestamp', work, unit, { wallMs });
}

/** Times a TF.js computation on a CPU backend (WASM): synchronous, wall time. */
export async function timeTfjsCpu(fn: () => tf.Tensor | tf.Tensor[], work: number, unit: Unit, opts: { warmup: number; reps: number }): Promise<SideResult> {
  const once = () => tf.tidy(() => {
    const y = fn();
    (Array.isArray(y) ? y : [y]).forEach((t) => t.dataSync());
  });
  for (let i = 0; i < opts.warmup; i++) once();
  const times: number[] = [];
  for (let i = 0; i < Math.max(1, opts.reps); i++) {
    const started = performance.now();
    once();
    times.push(performance.now() - started);
  }
  return sideResult(times, 'wall-cpu', work, unit);
}

/** Runs `body` with TF.js switched to `backend`, switching back to WebGPU afterwards. */
export async function withTfBackend<T>(backend: 'webgpu' | 'wasm', body: () => Promise<T>): Promise<T> {
  const previous = tf.getBackend();
  if (previous !== backend) await tf.setBackend(backend);
  try {
    return await body();
  } finally {
    if (previous && previous !== backend) await tf.setBackend(previous);
  }
}

/** The message of an error on one line, shortened. */
export function errorText(e: unknown): string {
  const text = (e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e));
  return text.split('\n').map((l) => l.trim()).filter(Boolean).join(' / ').slice(0, 600);
}
