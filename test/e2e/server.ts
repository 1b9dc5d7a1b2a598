// A tiny static server on 127.0.0.1 (ephemeral port) for the end-to-end test: files from a few directories,
// plus in-memory documents (the fake's state). Nothing else is reachable; close() ends open connections too.
import { readFile } from 'fs/promises';
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** Replaces (or adds) an in-memory document. */
  put(urlPath: string, body: string, type?: string): void;
  close(): Promise<void>;
}

/**
 * mounts: URL prefix ('/' or '/harness/') → directory. The longest matching prefix wins; paths may not leave
 * their directory. docs: URL path → body served from memory.
 */
export async function serveStatic(mounts: Record<string, string>, docs: Record<string, string> = {}): Promise<StaticServer> {
  const memory = new Map<string, { body: string; type: string }>();
  const put = (urlPath: string, body: string, type = TYPES[path.extname(urlPath)] ?? 'text/plain; charset=utf-8') =>
    void memory.set(urlPath, { body, type });
  for (const [p, body] of Object.entries(docs)) put(p, body);
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);

  const server: Server = createServer((req, res) => {
    void (async () => {
      const send = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
        res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
        res.end(body);
      };
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
      let urlPath: string;
      try {
        urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      } catch {
        return send(400, 'bad request');
      }
      const doc = memory.get(urlPath);
      if (doc) return send(200, doc.body, doc.type);
      const prefix = prefixes.find((p) => urlPath.startsWith(p));
      if (!prefix) return send(404, 'not found');
      const root = path.resolve(mounts[prefix]);
      const file = path.resolve(root, `.${path.posix.normalize(`/${urlPath.slice(prefix.length)}`)}`);
      if (file !== root && !file.startsWith(root + path.sep)) return send(403, 'forbidden');
      try {
        send(200, await readFile(file), TYPES[path.extname(file)] ?? 'application/octet-stream');
      } catch {
        send(404, 'not found');
      }
    })();
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    put,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
