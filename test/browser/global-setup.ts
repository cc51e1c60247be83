// Builds the package (`npm run build`) before the browser project runs, when dist/ is missing or
// older than any of its inputs, so the tests always exercise the bundle of the current sources.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const outputs = ['dist/shadernet.js', 'dist/types/index.d.ts'];
const inputs = ['src', 'shaders', 'tools', 'rollup.config.mjs', 'tsconfig.build.json', 'tsconfig.json', 'package.json', 'package-lock.json'];

function newest(path: string): number {
  const full = join(repo, path);
  if (!existsSync(full)) return 0;
  const st = statSync(full);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const entry of readdirSync(full)) t = Math.max(t, newest(join(path, entry)));
  return t;
}

export function distIsStale(): string | null {
  const missing = outputs.find((o) => !existsSync(join(repo, o)));
  if (missing) return `${missing} is missing`;
  const built = Math.min(...outputs.map((o) => statSync(join(repo, o)).mtimeMs));
  const changed = inputs.find((i) => newest(i) > built);
  return changed ? `${changed} changed since the last build` : null;
}

export default function setup(): void {
  const why = distIsStale();
  if (!why) return;
  console.log(`[browser] ${why}: running npm run build`);
  const started = Date.now();
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: repo, stdio: 'inherit' });
  console.log(`[browser] build took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
