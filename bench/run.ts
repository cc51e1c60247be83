// Runs the benchmarks and writes bench/results/<adapter>-<date>.{json,md,svg}.
//   npm run bench                         every case
//   npm run bench:quick                   the representative subset (a few minutes on a CPU adapter)
//   vite-node bench/run.ts -- --filter matmul --reps 20 --adapter compat --no-wasm --note "…"
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDevices, packageVersion, type AdapterKind } from './device.js';
import { errorText, groupGeomeans, setBenchWaitSleep, type BenchContext, type CaseResult } from './harness.js';
import { allCases } from './index.js';
import { chartFileName, formatGeomeans, formatSide, formatTable, markdownReport, resultBaseName, svgChart, type RunRecord } from './report.js';

interface Args {
  quick: boolean;
  filter: string;
  adapter: AdapterKind;
  reps: number | null;
  warmup: number | null;
  wasm: boolean;
  note: string;
  out: string;
  write: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { quick: false, filter: '', adapter: 'core', reps: null, warmup: null, wasm: true, note: '', out: join(dirname(fileURLToPath(import.meta.url)), 'results'), write: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--') continue;
    else if (a === '--quick') args.quick = true;
    else if (a === '--filter') args.filter = value();
    else if (a === '--adapter') args.adapter = value() === 'compat' ? 'compat' : 'core';
    else if (a === '--reps') args.reps = Number(value());
    else if (a === '--warmup') args.warmup = Number(value());
    else if (a === '--no-wasm') args.wasm = false;
    else if (a === '--note') args.note = value();
    else if (a === '--out') args.out = value();
    else if (a === '--no-write') args.write = false;
    else throw new Error(`unknown argument ${a} (see the header of bench/run.ts)`);
  }
  return args;
}

function git(): { commit: string; dirty: boolean } {
  try {
    const commit = execSync('git rev-parse HEAD', { encoding: 'utf8' }).trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', { encoding: 'utf8' }).trim().length > 0;
    return { commit, dirty };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

const args = parseArgs(process.argv.slice(2));
const started = performance.now();
const loadBefore = loadavg();
const date = new Date().toISOString();
const devices = await openDevices(args.adapter);
setBenchWaitSleep(devices.gpu.pollSleepMs);
const a = devices.record;
console.log(`adapter: ${a.vendor} ${a.architecture} ${a.description} (${a.kind}, ${a.backend}); timestamp-query ${devices.gpu.caps.timestampQuery ? 'yes' : 'no'}`);
console.log(`TF.js backends: webgpu ${devices.tfjs.webgpu ? 'ok' : 'unavailable'}, wasm ${devices.tfjs.wasm ? 'ok' : 'unavailable'}${devices.tfjs.errors.length ? ` (${devices.tfjs.errors.join('; ')})` : ''}`);

const ctx: BenchContext = {
  devices,
  quick: args.quick,
  warmup: args.warmup ?? (args.quick ? 2 : 3),
  reps: args.reps ?? (args.quick ? 5 : 15),
  wasm: args.wasm,
  log: (m) => console.log(m),
};
const selected = allCases().filter((c) => (!args.quick || c.quick) && (!args.filter || c.name.includes(args.filter)));
console.log(`${selected.length} case${selected.length === 1 ? '' : 's'} (${args.quick ? 'quick' : 'full'}), ${ctx.warmup} warm-up + ${ctx.reps} timed repetitions\n`);

const results: CaseResult[] = [];
for (const c of selected) {
  const t0 = performance.now();
  let result: CaseResult;
  try {
    result = await c.run(ctx);
  } catch (e) {
    result = { name: c.name, group: c.group, unit: 'GFLOP/s', work: 0, errors: { ours: errorText(e) } };
  }
  results.push(result);
  const errors = result.errors ? `  errors: ${Object.entries(result.errors).map(([k, v]) => `${k}: ${v}`).join('; ')}` : '';
  console.log(`${c.name.padEnd(44)} ours ${formatSide(result.ours).padEnd(22)} tfjs ${formatSide(result.tfjsWebgpu).padEnd(22)} ${((performance.now() - t0) / 1000).toFixed(1)} s${errors}`);
}

const record: RunRecord = {
  date,
  mode: args.quick ? 'quick' : 'full',
  adapter: a,
  versions: {
    shadernet: (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version,
    '@tensorflow/tfjs-core': packageVersion('@tensorflow/tfjs-core'),
    '@tensorflow/tfjs-backend-webgpu': packageVersion('@tensorflow/tfjs-backend-webgpu'),
    '@tensorflow/tfjs-backend-wasm': packageVersion('@tensorflow/tfjs-backend-wasm'),
    '@tensorflow/tfjs-layers': packageVersion('@tensorflow/tfjs-layers'),
    webgpu: packageVersion('webgpu'),
    node: process.version,
  },
  git: git(),
  host: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', loadAverageBefore: loadBefore, loadAverageAfter: loadavg(), note: args.note },
  settings: { warmup: ctx.warmup, reps: ctx.reps, wasm: args.wasm, filter: args.filter },
  seconds: (performance.now() - started) / 1000,
  results,
  geomeans: groupGeomeans(results),
};

console.log(`\n${formatTable(results)}\n`);
for (const line of formatGeomeans(record.geomeans)) console.log(line);
if (args.write) {
  mkdirSync(args.out, { recursive: true });
  const base = join(args.out, resultBaseName(record));
  writeFileSync(`${base}.json`, `${JSON.stringify(record, null, 2)}\n`);
  writeFileSync(`${base}.md`, markdownReport(record));
  writeFileSync(join(args.out, chartFileName(record)), svgChart(results, `shadernet vs TF.js ${record.versions['@tensorflow/tfjs-core']}: ${a.description} (${a.kind}), ${date.slice(0, 10)}`));
  console.log(`\nwrote ${base}.json, .md and .svg`);
}
console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
devices.gpu.destroy();
process.exit(0);
