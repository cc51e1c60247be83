// Pure parts of the benchmark harness (bench/): work and throughput arithmetic, geometric means,
// names, and the table/markdown/SVG formatting. No GPU, no timing assertions.
import { describe, expect, it } from 'vitest';
import {
  elementwiseBytes, geomean, groupGeomeans, matmulFlops, median, ratioOf, shapeTag, sideResult, throughput, type CaseResult,
} from '../../bench/harness.js';
import { adapterSlug, formatNumber, formatTable, markdownReport, resultBaseName, svgChart, type RunRecord } from '../../bench/report.js';
import { matmulCaseName } from '../../bench/matmul.bench.js';

const side = (ms: number, work: number, unit: CaseResult['unit']) => sideResult([ms], 'gpu-timestamp', work, unit);

const RESULTS: CaseResult[] = [
  { name: 'matmul/m256k784n512/f32', group: 'kernels forward', unit: 'GFLOP/s', work: matmulFlops(256, 512, 784),
    ours: side(2, matmulFlops(256, 512, 784), 'GFLOP/s'), tfjsWebgpu: side(4, matmulFlops(256, 512, 784), 'GFLOP/s') },
  { name: 'relu/n64h28w28c32/f32', group: 'kernels forward', unit: 'GB/s', work: 1e8,
    ours: side(10, 1e8, 'GB/s'), tfjsWebgpu: side(5, 1e8, 'GB/s'), tfjsWasm: side(20, 1e8, 'GB/s') },
  { name: 'matmul/m64k256n784-tb/f32', group: 'kernels backward', unit: 'GFLOP/s', work: 1e6,
    ours: side(1, 1e6, 'GFLOP/s'), errors: { tfjsWebgpu: 'boom <&>' } },
];

describe('bench harness arithmetic', () => {
  it('counts matmul FLOPs and elementwise bytes', () => {
    expect(matmulFlops(1024, 1024, 1024)).toBe(2 * 1024 ** 3);
    expect(matmulFlops(2, 3, 4, 5)).toBe(240);
    expect(elementwiseBytes(10, 10)).toBe(80);
  });

  it('turns work and milliseconds into throughput', () => {
    expect(throughput(2e9, 1000, 'GFLOP/s')).toBeCloseTo(2);
    expect(throughput(64, 10, 'images/s')).toBeCloseTo(6400);
    expect(throughput(1, 0, 'GB/s')).toBe(0);
  });

  it('takes medians and geometric means', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(geomean([2, 8])).toBeCloseTo(4);
    expect(geomean([1, NaN, 0, 4])).toBeCloseTo(2);
    expect(geomean([])).toBeNaN();
  });

  it('compares throughput (ratio above 1: shadernet faster) and summarises per group', () => {
    expect(ratioOf(RESULTS[0])).toBeCloseTo(2);
    expect(ratioOf(RESULTS[1])).toBeCloseTo(0.5);
    expect(ratioOf(RESULTS[2])).toBeNaN();
    const g = groupGeomeans(RESULTS);
    expect(g['kernels forward']).toEqual({ geomean: expect.closeTo(1, 6), cases: 2 });
    expect(g['kernels backward']).toBeUndefined();
  });

  it('names cases by shape', () => {
    expect(shapeTag([64, 28, 28, 32])).toBe('n64h28w28c32');
    expect(shapeTag([64, 256])).toBe('m64n256');
    expect(matmulCaseName({ m: 256, k: 784, n: 512 })).toBe('matmul/m256k784n512/f32');
    expect(matmulCaseName({ m: 784, k: 64, n: 256, transA: true })).toBe('matmul/m784k64n256-ta/f32');
  });
});

describe('bench report formatting', () => {
  const adapter = { kind: 'core' as const, vendor: 'mesa', architecture: 'software', description: 'llvmpipe: Mesa 25.0.7', backend: 'dawn', features: ['timestamp-query'], limits: {}, software: true };
  const run: RunRecord = {
    date: '2025-11-30T06:00:00.000Z', mode: 'quick', adapter, versions: { '@tensorflow/tfjs-core': '4.22.0' }, git: { commit: 'abcdef0123456', dirty: true },
    host: { cpus: 2, cpuModel: 'cpu', loadAverageBefore: [1, 1, 1], loadAverageAfter: [2, 2, 2], note: 'shared' },
    settings: { warmup: 2, reps: 5, wasm: true, filter: '' }, seconds: 12, results: RESULTS, geomeans: groupGeomeans(RESULTS),
  };

  it('formats numbers to about three significant digits', () => {
    expect(formatNumber(1234.5)).toBe('1235');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(0.1234)).toBe('0.123');
    expect(formatNumber(NaN)).toBe('–');
  });

  it('prints an aligned table with every case, sorted by group', () => {
    const lines = formatTable(RESULTS).split('\n');
    expect(lines[0]).toMatch(/^case\s+unit\s+shadernet\s+TF\.js WebGPU\s+ratio\s+TF\.js WASM$/);
    expect(lines).toHaveLength(2 + RESULTS.length);
    expect(lines[2]).toContain('2.00×');
    expect(lines[3]).toContain('0.50×');
    expect(lines[4]).toContain('error');
  });

  it('writes markdown with the adapter, the table and the geometric means', () => {
    const md = markdownReport(run);
    expect(md).toContain('llvmpipe');
    expect(md).toContain('| matmul/m256k784n512/f32 | GFLOP/s |');
    expect(md).toContain('kernels forward: 1.00× geometric mean over 2 cases');
    expect(md).toContain('boom <&>');
  });

  it('draws a well-formed SVG with escaped text and one bar per measured side', () => {
    const svg = svgChart(RESULTS, 'a < b');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('a &lt; b');
    const bars = svg.match(/<rect x="300"/g) ?? [];
    expect(bars).toHaveLength(2 + 3 + 1);
  });

  it('names result files by adapter and date', () => {
    expect(adapterSlug(adapter)).toBe('mesa-llvmpipe-core');
    expect(resultBaseName(run)).toBe('mesa-llvmpipe-core-2025-11-30');
  });
});
