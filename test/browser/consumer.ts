// A throwaway "app" outside the repo that depends on shadernet the way a user's project does:
// <tmp>/node_modules/shadernet → this repo (so package.json "exports"/"types" are what resolve
// `import … from 'shadernet'`), plus links to the few packages the consumer itself needs.
import { mkdtempSync, mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = realpathSync(resolve(fileURLToPath(new URL('../..', import.meta.url))));

export interface Consumer {
  dir: string;
  write(name: string, text: string): string;
  remove(): void;
}

export function makeConsumer(links: string[] = []): Consumer {
  const dir = mkdtempSync(join(tmpdir(), 'shadernet-consumer-'));
  const link = (name: string, target: string) => {
    const at = join(dir, 'node_modules', name);
    mkdirSync(dirname(at), { recursive: true });
    symlinkSync(target, at, 'dir');
  };
  link('shadernet', repo);
  for (const name of links) link(name, join(repo, 'node_modules', name));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  return {
    dir,
    write(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
