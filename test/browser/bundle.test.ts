// Checks on the built package itself (no GPU): dist/shadernet.js is one self-contained ES module
// with the shaders inlined and no static import of Dawn's Node binding or Node builtins, and
// dist/types gives a consumer's TypeScript the public API through package.json's "exports".
import { readFileSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { parseAst } from 'rollup/parseAst';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { makeConsumer, repo } from './consumer.js';

const bundlePath = join(repo, 'dist', 'shadernet.js');

interface Node { type: string; start: number; end: number; [key: string]: unknown }

function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) { for (const n of node) walk(n, visit); return; }
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  if (typeof n.type === 'string') visit(n);
  for (const key of Object.keys(n)) if (key !== 'type') walk(n[key], visit);
}

describe('dist/shadernet.js', () => {
  const code = readFileSync(bundlePath, 'utf8');
  const ast = parseAst(code) as unknown as { body: Node[] };

  it('has no static imports: webgpu and node:* stay behind dynamic import()', () => {
    const staticImports = ast.body
      .filter((n) => (n.type === 'ImportDeclaration' || n.type === 'ExportAllDeclaration' || n.type === 'ExportNamedDeclaration') && n.source)
      .map((n) => (n.source as { value: string }).value);
    // A web app bundling shadernet must not pull in the Node binding (or any other module).
    expect(staticImports).toEqual([]);
  });

  it("never names 'webgpu' as a literal import() (bundlers would try to resolve it for the web)", () => {
    const literal: string[] = [];
    const dynamicSpecifiers: string[] = [];
    walk(ast.body, (n) => {
      if (n.type !== 'ImportExpression') return;
      const source = n.source as Node & { value?: unknown };
      if (source.type === 'Literal') literal.push(String(source.value));
      else dynamicSpecifiers.push(code.slice(source.start, source.end));
    });
    expect(literal.filter((s) => !s.startsWith('node:'))).toEqual([]);
    // request.ts's variable specifier survived bundling (it is how Node finds Dawn).
    expect(dynamicSpecifiers.length).toBeGreaterThan(0);
  });

  it('inlines the WGSL shaders as strings', () => {
    // No module specifier ending in .wgsl is left (shader comments may mention file names).
    expect(code).not.toMatch(/(from\s*|import\s*\(?\s*)['"][^'"]*\.wgsl['"]/);
    expect(code).toMatch(/@compute/);
  });

  it('exports the public API', async () => {
    const mod = await import(/* @vite-ignore */ bundlePath);
    for (const name of ['requestGpu', 'Trainer', 'nn', 'optim', 'datasets', 'ShapeError', 'LimitError']) expect(mod, name).toHaveProperty(name);
  });
});

describe('dist/types', () => {
  it("type-checks a consumer's `import … from 'shadernet'` (package.json exports/types resolve)", () => {
    const consumer = makeConsumer(['@webgpu', '@types']);
    try {
      const file = consumer.write('app.ts', `
import { requestGpu, nn, optim, datasets, Trainer, ShapeError, type CompileOptions } from 'shadernet';
const gpu = await requestGpu({ featureLevel: 'compatibility' });
const model = nn.sequential([nn.flatten(), nn.dense({ units: 32, activation: 'relu' }), nn.dense({ units: 10 })]);
const options: CompileOptions = { inputShape: [8, 8, 1], batchSize: 16, optimizer: optim.adam({ lr: 0.01 }) };
const trainer: Trainer = await Trainer.compile(gpu, model, options);
const data = datasets.fromArrays(new Float32Array(16 * 64), new Uint32Array(16), [8, 8, 1], 10);
const logs = await trainer.fit(data, { epochs: 1 });
const loss: number = logs[0].loss;
const device: GPUDevice = gpu.device;
export { loss, device, ShapeError };
`);
      const program = ts.createProgram([file], {
        target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: ['@webgpu/types'], strict: true, noEmit: true, skipLibCheck: false,
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) =>
        `${d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1} ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      expect(diagnostics).toEqual([]);
      // It resolved to the declarations in dist/types (through the symlink), not to src/.
      const ours = program.getSourceFiles().map((f) => realpathSync(f.fileName)).filter((f) => f.startsWith(repo + sep) && !f.includes(`${sep}node_modules${sep}`));
      expect(ours).toContain(join(repo, 'dist', 'types', 'index.d.ts'));
      expect(ours.filter((f) => !f.startsWith(join(repo, 'dist', 'types') + sep))).toEqual([]);
    } finally {
      consumer.remove();
    }
  });
});
