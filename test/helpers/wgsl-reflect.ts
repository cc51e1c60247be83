import { expect } from 'vitest';

/** The fields of `struct <name>` in WGSL source, as [name, type] in order (declared exactly once). */
export function reflectStruct(source: string, name: string): [string, string][] {
  const bodies = [...source.matchAll(new RegExp(`struct ${name}\\s*\\{([^}]*)\\}`, 'g'))];
  expect(bodies.length, `struct ${name} is declared once`).toBe(1);
  return bodies[0][1].split('\n').map((l) => l.replace(/\/\/.*/, '').trim()).filter(Boolean)
    .map((l) => /^(\w+)\s*:\s*(.+?),?$/.exec(l)!).map((m) => [m[1], m[2].trim()]);
}
