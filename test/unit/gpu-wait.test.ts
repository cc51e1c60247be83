import { describe, expect, it } from 'vitest';
import { gpuWait, pollSleepMs } from '../../src/gpu/wait.js';

describe('gpuWait', () => {
  it('resolves and rejects with the promise it waits for, whatever the sleep', async () => {
    await expect(gpuWait(Promise.resolve(7), 1)).resolves.toBe(7);
    await expect(gpuWait(Promise.resolve('x'), 0)).resolves.toBe('x');
    await expect(gpuWait(Promise.reject(new Error('lost')), 1)).rejects.toThrow('lost');
  });
  it('yields the CPU while a long wait is pending, and keeps short waits short', async () => {
    const later = (ms: number) => new Promise<number>((r) => setTimeout(() => r(ms), ms));
    // Overlapping waits share one sleeper; each still resolves with its own value.
    const both = await Promise.all([gpuWait(later(30), 1), gpuWait(later(10), 1)]);
    expect(both).toEqual([30, 10]);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    // A pending setImmediate chain stands in for Dawn's polling loop.
    let spinning = true;
    const spin = () => { if (spinning) setImmediate(spin); };
    setImmediate(spin);
    await gpuWait(later(200), 1);
    spinning = false;
    const cpu = (process.cpuUsage(c0).user + process.cpuUsage(c0).system) / 1000;
    const wall = performance.now() - t0;
    expect(wall).toBeLessThan(400);
    // A bare setImmediate spin would burn the whole 200 ms; the sleeper leaves most of it idle.
    expect(cpu).toBeLessThan(0.6 * wall);
    const s0 = performance.now();
    for (let i = 0; i < 50; i++) await gpuWait(Promise.resolve(i), 1);
    expect(performance.now() - s0).toBeLessThan(50);
  });
  it('sleeps only for CPU adapters', () => {
    expect(pollSleepMs(true)).toBeGreaterThan(0);
    expect(pollSleepMs(false)).toBe(0);
  });
});
