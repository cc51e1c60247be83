// The one `.wgsl` import plugin, shared by rollup (the bundle), vitest (the tests) and vite-node
// (benchmarks and demos): `import src from '../../shaders/x.wgsl'` yields the file's text.
export function wgsl() {
  return {
    name: 'shadernet-wgsl',
    transform(code, id) {
      if (!id.endsWith('.wgsl')) return null;
      return { code: `export default ${JSON.stringify(code)};`, map: { mappings: '' } };
    },
  };
}
