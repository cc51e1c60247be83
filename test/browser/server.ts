// A tiny static server for the browser tests: `/dist/…` is the repo's built dist/, `/page/…` is
// test/browser/page/. Nothing else is served (no directory listings, no paths outside the roots).
// Listens on 127.0.0.1 on a free port; pages are opened as http://localhost:PORT/… (a secure
// context, which WebGPU requires).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const roots: Record<string, string> = {
  dist: join(repo, 'dist'),
  page: join(repo, 'test', 'browser', 'page'),
};
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

export interface StaticServer {
  /** `http://localhost:PORT` */
  origin: string;
  /** Every request path served, with its status (for assertions and debugging). */
  requests: string[];
  close(): Promise<void>;
}

export async function startServer(): Promise<StaticServer> {
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const [, top, ...rest] = path.split('/');
    const root = roots[top ?? ''];
    const file = root ? normalize(join(root, ...rest)) : '';
    let status = 404;
    try {
      if (root && (file === root || file.startsWith(root + sep)) && (await stat(file)).isFile()) {
        status = 200;
        res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        createReadStream(file).pipe(res);
        return;
      }
    } catch {
      // fall through to 404
    } finally {
      requests.push(`${status} ${path}`);
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}\n`);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    requests,
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}
