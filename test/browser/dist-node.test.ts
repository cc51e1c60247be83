// The built package works in Node: node-smoke.mjs runs in its own process (plain `node`, one Dawn
// instance per process) from a consumer directory that imports 'shadernet' by name.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { makeConsumer, repo } from './consumer.js';

it('dist/shadernet.js trains in plain Node through Dawn', async () => {
  const consumer = makeConsumer();
  try {
    const script = consumer.write('smoke.mjs', readFileSync(join(repo, 'test', 'browser', 'node-smoke.mjs'), 'utf8'));
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [script], { cwd: consumer.dir, timeout: 90_000, env: process.env });
    const line = stdout.trim().split('\n').pop() ?? '';
    let result: { backend: string; steps: number; before: { loss: number }; after: { loss: number }; losses: number[]; errors: string[] };
    try {
      result = JSON.parse(line);
    } catch {
      throw new Error(`node-smoke.mjs printed no result\nstdout:\n${stdout}\nstderr:\n${stderr}`);
    }
    expect(result.errors, stderr).toEqual([]);
    expect(result.steps).toBe(12);
    for (const l of result.losses) expect(Number.isFinite(l)).toBe(true);
    expect(result.after.loss).toBeLessThan(result.before.loss);
    console.log(`[node dist] ${result.backend}: loss ${result.before.loss.toFixed(3)} → ${result.after.loss.toFixed(3)} in ${result.steps} steps`);
  } finally {
    consumer.remove();
  }
}, 120_000);
