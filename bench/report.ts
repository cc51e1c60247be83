// Pure formatting of benchmark results: the console table, the markdown summary and the SVG bar
// chart (hand-written SVG, no chart library). No I/O here; bench/run.ts writes the files.
import type { DeviceRecord } from './device.js';
import { GROUPS, groupGeomeans, ratioOf, SIDES, type CaseResult, type Group, type Side, type SideResult } from './harness.js';

/** Everything recorded about one run, written as bench/results/<adapter>-<date>.json. */
export interface RunRecord {
  /** ISO time the run started. */
  readonly date: string;
  readonly mode: 'quick' | 'full';
  readonly adapter: DeviceRecord;
  readonly versions: Readonly<Record<string, string>>;
  readonly git: { readonly commit: string; readonly dirty: boolean };
  readonly host: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly loadAverageBefore: readonly number[];
    readonly loadAverageAfter: readonly number[];
    readonly note: string;
  };
  readonly settings: { readonly warmup: number; readonly reps: number; readonly wasm: boolean; readonly filter: string };
  readonly seconds: number;
  readonly results: readonly CaseResult[];
  readonly geomeans: Partial<Record<Group, { geomean: number; cases: number }>>;
}

export const SIDE_LABELS: Record<Side, string> = { ours: 'shadernet', tfjsWebgpu: 'TF.js WebGPU', tfjsWasm: 'TF.js WASM' };

/** A number with about three significant digits, no exponent for everyday magnitudes. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toString();
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  if (a >= 0.01) return v.toFixed(3);
  return v === 0 ? '0' : v.toExponential(1);
}

/** `12.3 (4.56 ms)`: throughput in the case's unit, then the median time per repetition. */
export function formatSide(side: SideResult | undefined, error?: string): string {
  if (!side) return error ? 'error' : '–';
  return `${formatNumber(side.throughput)} (${formatNumber(side.ms)} ms)`;
}

export function formatRatio(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : '–';
}

/** Results sorted by group (in GROUPS order), stable within a group. */
export function byGroup(results: readonly CaseResult[]): CaseResult[] {
  return GROUPS.flatMap((g) => results.filter((r) => r.group === g));
}

/** Rows of the results table: case, unit, ours, TF.js WebGPU, ratio, TF.js WASM. */
export function tableRows(results: readonly CaseResult[]): string[][] {
  return byGroup(results).map((r) => [
    r.name, r.unit, formatSide(r.ours, r.errors?.ours), formatSide(r.tfjsWebgpu, r.errors?.tfjsWebgpu),
    formatRatio(ratioOf(r)), formatSide(r.tfjsWasm, r.errors?.tfjsWasm),
  ]);
}

export const TABLE_HEADER = ['case', 'unit', 'shadernet', 'TF.js WebGPU', 'ratio', 'TF.js WASM'];

/** A plain-text table with padded columns (the console summary). */
export function formatTable(results: readonly CaseResult[]): string {
  const rows = [TABLE_HEADER, ...tableRows(results)];
  const widths = TABLE_HEADER.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => (c >= 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** `kernels forward: 1.23× over 5 cases` per group. */
export function formatGeomeans(geomeans: RunRecord['geomeans']): string[] {
  return GROUPS.filter((g) => geomeans[g]).map((g) => `${g}: ${formatRatio(geomeans[g]!.geomean)} geometric mean over ${geomeans[g]!.cases} case${geomeans[g]!.cases > 1 ? 's' : ''}`);
}

function mdRow(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

function extra(side: SideResult | undefined, key: string): string {
  const v = side?.extra?.[key];
  return typeof v === 'number' ? formatNumber(v) : '–';
}

const KIB = 1024;
function kib(side: SideResult | undefined, key: string): string {
  const v = side?.extra?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? `${formatNumber(v / KIB)} KiB` : '–';
}

/** The markdown summary written next to the JSON. */
export function markdownReport(run: RunRecord): string {
  const a = run.adapter;
  const out: string[] = [];
  out.push(`# Benchmarks: ${a.description || a.architecture || a.vendor} (${a.kind}), ${run.date.slice(0, 10)}`, '');
  out.push(`- Mode: \`${run.mode}\`${run.settings.filter ? ` (filter \`${run.settings.filter}\`)` : ''}, ${run.settings.warmup} warm-up + ${run.settings.reps} timed repetitions per kernel case, ${formatNumber(run.seconds)} s in all.`);
  out.push(`- Adapter: vendor \`${a.vendor}\`, architecture \`${a.architecture}\`, description \`${a.description}\`, backend ${a.backend}${a.software ? ', software (CPU) adapter' : ''}.`);
  out.push(`- Features: ${a.features.map((f) => `\`${f}\``).join(', ') || 'none'}.`);
  out.push(`- Limits: ${['maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupStorageSize', 'maxStorageBufferBindingSize', 'maxStorageBuffersPerShaderStage'].map((k) => `${k} ${a.limits[k]}`).join(', ')}.`);
  out.push(`- Versions: ${Object.entries(run.versions).map(([k, v]) => `${k} ${v}`).join(', ')}; git \`${run.git.commit.slice(0, 10)}\`${run.git.dirty ? ' (working tree modified)' : ''}.`);
  out.push(`- Host: ${run.host.cpus} × ${run.host.cpuModel}; load average ${run.host.loadAverageBefore.map((l) => l.toFixed(2)).join('/')} before, ${run.host.loadAverageAfter.map((l) => l.toFixed(2)).join('/')} after.${run.host.note ? ` ${run.host.note}` : ''}`);
  out.push('- Kernel times are GPU time from timestamp queries around each repetition\'s compute pass where the device has `timestamp-query` (TF.js: `tf.time().kernelMs`, its own timestamps), else wall time over `queue.onSubmittedWorkDone()` for both. Model times are wall time ended by one small readback for both. Ratio = shadernet throughput ÷ TF.js WebGPU throughput (above 1: shadernet faster).', '');
  out.push(mdRow(TABLE_HEADER), mdRow(TABLE_HEADER.map((_, i) => (i >= 2 ? '---:' : '---'))));
  for (const row of tableRows(run.results)) out.push(mdRow(row));
  out.push('', '## Geometric means of the ratios', '');
  for (const line of formatGeomeans(run.geomeans)) out.push(`- ${line}`);
  const models = run.results.filter((r) => r.group === 'models' && r.name.includes('/train-'));
  if (models.length) {
    out.push('', '## Training: cold start and memory', '');
    out.push(mdRow(['case', 'side', 'step ms', 'cold start ms (first step incl. compile)', 'GPU memory']), mdRow(['---', '---', '---:', '---:', '---']));
    for (const r of models) {
      for (const side of SIDES) {
        const s = r[side];
        if (!s) continue;
        const memory = side === 'ours'
          ? `params+grads+Adam ${kib(s, 'parameterBytes')}, activations ${kib(s, 'workspaceBytes')} (Trainer.memory()); all pages incl. data ${kib(s, 'gpuPagesBytes')}`
          : side === 'tfjsWebgpu'
            ? `numBytesInGPU ${kib(s, 'numBytesInGPU')}, allocated ${kib(s, 'numBytesAllocatedInGPU')}; tensors ${kib(s, 'tensorBytes')}, peak in a step ${kib(s, 'peakStepBytes')} (tf.memory(), tf.profile())`
            : `tensors ${kib(s, 'tensorBytes')}, peak in a step ${kib(s, 'peakStepBytes')}`;
        out.push(mdRow([r.name, SIDE_LABELS[side], formatNumber(s.ms), extra(s, 'coldStartMs'), memory]));
      }
    }
  }
  const problems = run.results.filter((r) => r.errors && Object.keys(r.errors).length);
  if (problems.length) {
    out.push('', '## Errors', '');
    for (const r of problems) for (const [side, e] of Object.entries(r.errors!)) out.push(`- \`${r.name}\` ${SIDE_LABELS[side as Side]}: ${e}`);
  }
  const noted = run.results.filter((r) => r.notes?.length);
  if (noted.length) {
    out.push('', '## Case notes', '');
    for (const r of byGroup(noted)) out.push(`- \`${r.name}\`: ${r.notes!.join('; ')}`);
  }
  out.push('', `Chart: [${chartFileName(run)}](${chartFileName(run)}).`, '');
  return out.join('\n');
}

/** `mesa-llvmpipe-core`: vendor, first word of the description, adapter kind. */
export function adapterSlug(a: Pick<DeviceRecord, 'vendor' | 'architecture' | 'description' | 'kind'>): string {
  const word = a.description.split(/[\s:(]/)[0] || a.architecture;
  return [a.vendor, word, a.kind].filter(Boolean).join('-').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** The base name of a run's files: `<adapter>-<YYYY-MM-DD>`. */
export function resultBaseName(run: Pick<RunRecord, 'adapter' | 'date'>): string {
  return `${adapterSlug(run.adapter)}-${run.date.slice(0, 10)}`;
}

export function chartFileName(run: Pick<RunRecord, 'adapter' | 'date'>): string {
  return `${resultBaseName(run)}.svg`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const COLORS: Record<Side, string> = { ours: '#2563eb', tfjsWebgpu: '#f59e0b', tfjsWasm: '#9ca3af' };

/**
 * A horizontal bar chart: one block per case, one bar per library, each bar's length its
 * throughput relative to the fastest library on that case (units differ between cases), labelled
 * with the value and unit; the ratio to TF.js WebGPU at the right.
 */
export function svgChart(results: readonly CaseResult[], title: string): string {
  const rows = byGroup(results).filter((r) => SIDES.some((s) => r[s]));
  const labelW = 300;
  const barW = 360;
  const valueW = 150;
  const bar = 12;
  const gap = 10;
  const width = labelW + barW + valueW + 70;
  const blocks = rows.map((r) => SIDES.filter((s) => r[s]));
  const height = 60 + blocks.reduce((h, b) => h + b.length * (bar + 2) + gap, 0) + 30;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  SIDES.forEach((s, i) => {
    const x = 10 + i * 140;
    parts.push(`<rect x="${x}" y="32" width="12" height="12" fill="${COLORS[s]}"/>`, `<text x="${x + 16}" y="42">${SIDE_LABELS[s]}</text>`);
  });
  parts.push(`<text x="${labelW + barW + valueW + 10}" y="42" font-weight="bold">ratio</text>`);
  let y = 60;
  rows.forEach((r, i) => {
    const sides = blocks[i];
    const max = Math.max(...sides.map((s) => r[s]!.throughput));
    const blockH = sides.length * (bar + 2);
    parts.push(`<text x="10" y="${y + blockH / 2 + 4}">${escapeXml(r.name)}</text>`);
    sides.forEach((s, j) => {
      const v = r[s]!.throughput;
      const w = max > 0 ? Math.max(1, (v / max) * barW) : 1;
      const by = y + j * (bar + 2);
      parts.push(`<rect x="${labelW}" y="${by}" width="${w.toFixed(1)}" height="${bar}" fill="${COLORS[s]}"/>`);
      parts.push(`<text x="${labelW + w + 4}" y="${by + bar - 2}">${escapeXml(`${formatNumber(v)} ${r.unit}`)}</text>`);
    });
    parts.push(`<text x="${labelW + barW + valueW + 10}" y="${y + blockH / 2 + 4}">${escapeXml(formatRatio(ratioOf(r)))}</text>`);
    y += blockH + gap;
  });
  parts.push(`<text x="10" y="${height - 10}" fill="#555">Bars: throughput relative to the fastest library per case. Ratio: shadernet ÷ TF.js WebGPU throughput.</text>`);
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

export { groupGeomeans };
