// A small static server for the built site (build/), for the browser test and `npm run serve`:
// each file as it is, a folder as its index.html (Docusaurus writes /docs/setup as
// docs/setup/index.html), and a missing file as its locale's 404.html with status 404, as a
// static host would serve them (`docusaurus serve` answers every missing URL in English).
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export interface StaticSite {
  /** http://127.0.0.1:<port>, without a trailing slash. */
  origin: string;
  close(): Promise<void>;
}

function fileAt(path: string): string | undefined {
  try {
    const stat = statSync(path);
    if (stat.isFile()) return path;
    if (stat.isDirectory()) return fileAt(join(path, 'index.html'));
  } catch {
    // missing
  }
  return undefined;
}

/**
 * Serves `root` on loopback (a free port unless one is given). `locales` are the non-default
 * locales' URL prefixes (`zh-Hans`): a missing file under /zh-Hans/ gets build/zh-Hans/404.html,
 * any other build/404.html.
 */
export async function serveStatic(root: string, locales: readonly string[] = [], port = 0): Promise<StaticSite> {
  const base = normalize(root + sep);
  const server: Server = createServer((req, res) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const target = normalize(join(base, pathname));
    let file = target.startsWith(base) ? fileAt(target) : undefined;
    let status = 200;
    if (!file) {
      status = 404;
      const locale = locales.find((l) => pathname === `/${l}` || pathname.startsWith(`/${l}/`));
      file = fileAt(join(base, locale ?? '', '404.html'));
    }
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const type = extname(file);
    // Pages are read afresh; everything else (hashed assets, the search index) may be cached,
    // so that a browser loading many pages fetches the bundles once.
    const cache = type === '.html' ? 'no-cache' : 'max-age=3600';
    res.writeHead(status, { 'content-type': TYPES[type] ?? 'application/octet-stream', 'cache-control': cache });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
