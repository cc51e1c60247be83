/**
 * Waiting for the GPU without spinning a CPU core.
 *
 * Dawn's Node binding resolves `mapAsync` and `onSubmittedWorkDone` by polling: while any such
 * promise is pending it re-queues a `setImmediate` tick that calls `ProcessEvents`, so the main
 * thread runs at 100% for the whole wait. On a CPU adapter (lavapipe) that core is taken from the
 * threads running the shaders: on 2 cores a training step of the demo CNN took 1.3–1.7× longer.
 * {@link gpuWait} runs one extra `setImmediate` loop beside Dawn's while a wait is pending, which
 * sleeps a little per event-loop turn (`Atomics.wait`), so Dawn still polls every turn but the
 * turns no longer come back to back. Measured on the demo CNN (2 cores): 0.5 ms sleeps saved
 * about half of the loss, 1 ms all of it (longer sleeps: no further gain). A map completes only
 * after several polls, so a fixed sleep would add milliseconds to every short wait (a batch-64
 * MLP inference went from 2 to 49 ms): the sleep grows with the time already waited, 5% of it,
 * up to `sleepMs`, so a short wait still spins and a long one (a window of training steps)
 * costs at most about 5% extra latency.
 *
 * Only in Node (`Atomics.wait` may not block a browser's main thread; browsers resolve these
 * promises from the GPU process without polling). One sleeper serves any number of waits.
 */

/** The sleep per event-loop turn for a device: CPU adapters 1 ms, GPUs 0 (latency first). */
export function pollSleepMs(software: boolean): number {
  return software ? 1 : 0;
}

const nodeSleep: ((ms: number) => void) | null = (() => {
  const g = globalThis as { process?: { versions?: { node?: string } }; setImmediate?: unknown; SharedArrayBuffer?: unknown };
  if (!g.process?.versions?.node || typeof g.setImmediate !== 'function' || typeof g.SharedArrayBuffer !== 'function') return null;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  return (ms: number) => { Atomics.wait(cell, 0, 0, ms); };
})();

/** The sleep per turn as a fraction of the time already waited. */
const BACKOFF = 0.05;

const sleeps: number[] = [];
let since = 0;
/** Whether a sleeper turn is queued (a new wait must not start a second chain beside it). */
let queued = false;

function sleeper(): void {
  queued = false;
  if (sleeps.length === 0 || !nodeSleep) return;
  const ms = Math.min(Math.min(...sleeps), BACKOFF * (performance.now() - since));
  if (ms >= 0.02) nodeSleep(ms);
  queued = true;
  setImmediate(sleeper);
}

/**
 * Awaits a promise the GPU resolves (a map, a queue-done, a readback), sleeping up to `sleepMs`
 * per event-loop turn while it is pending (Node only; 0 or elsewhere: the promise itself).
 */
export async function gpuWait<T>(promise: Promise<T>, sleepMs: number): Promise<T> {
  if (!nodeSleep || !(sleepMs > 0)) return promise;
  sleeps.push(sleepMs);
  if (sleeps.length === 1) since = performance.now();
  if (!queued) {
    queued = true;
    setImmediate(sleeper);
  }
  try {
    return await promise;
  } finally {
    sleeps.splice(sleeps.indexOf(sleepMs), 1);
  }
}
