// @vitest-environment node
// The production build: deterministic, offline (everything bundled, no CDN), served by serve.ts with
// the right content types, caching, SPA fallback and security headers.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, consoleBuildIsCurrent, createConsoleHandler } from '../serve.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'mg-console-build-'));
const distA = path.join(root, 'a');
const distB = path.join(root, 'b');
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
let server: http.Server;
let base = '';

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

function digest(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex')]));
}

beforeAll(async () => {
  await buildConsole({ distDir: distA, logger: quiet });
  await buildConsole({ distDir: distB, logger: quiet });
  const handler = createConsoleHandler({ distDir: distA, build: 'never', logger: quiet });
  await handler.ready;
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!handler(req, res, url.pathname)) {
      res.writeHead(418);
      res.end('not the console');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 300_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

describe('console build', () => {
  it('is deterministic: two builds give byte-identical files', () => {
    const a = digest(distA);
    expect(Object.keys(a).length).toBeGreaterThan(5);
    expect(digest(distB)).toEqual(a);
    expect(consoleBuildIsCurrent(distA)).toBe(true);
  });

  it('bundles GraphiQL, Monaco workers, CSS and fonts under /console/assets', () => {
    const files = listFiles(distA);
    const html = readFileSync(path.join(distA, 'index.html'), 'utf8');
    expect(html).toMatch(/<script type="module" crossorigin src="\/console\/assets\/index-[\w-]+\.js"><\/script>/);
    expect(html).toMatch(/href="\/console\/assets\/index-[\w-]+\.css"/);
    for (const worker of ['editor.worker', 'json.worker', 'graphql.worker']) {
      expect(files.some((f) => f.startsWith(`assets${path.sep}${worker}`) && f.endsWith('.js'))).toBe(true);
    }
    expect(files.some((f) => f.startsWith(`assets${path.sep}ExplorerPage`) && f.endsWith('.css'))).toBe(true);
    expect(files.some((f) => f.endsWith('.ttf'))).toBe(true); // Monaco's codicon font
  });

  it('loads nothing from the network: no https:// asset URL, no CDN host', () => {
    const offenders: string[] = [];
    const assetUrl = [
      /\b(?:src|href)\s*=\s*["']?https?:\/\//i, // HTML attributes
      /url\(\s*["']?https?:\/\//i, // CSS url()
      /@import\s+(?:url\()?\s*["']https?:\/\//i, // CSS @import
      /\bimport\s*\(\s*["'`]https?:\/\//, // dynamic import()
      /\bfrom\s*["']https?:\/\//, // static import
      /importScripts\(\s*["'`]https?:\/\//, // worker scripts
      /new\s+(?:Shared)?Worker\(\s*["'`]https?:\/\//,
      /(?:esm\.sh|unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|fonts\.googleapis\.com|fonts\.gstatic\.com|cdn\.skypack\.dev)/,
    ];
    for (const file of listFiles(distA)) {
      if (!/\.(html|js|css|json|svg)$/.test(file)) continue;
      const text = readFileSync(path.join(distA, file), 'utf8');
      for (const pattern of assetUrl) {
        const match = pattern.exec(text);
        if (match) offenders.push(`${file}: ${text.slice(Math.max(0, match.index - 40), match.index + 80)}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('serve.ts', () => {
  const get = (p: string, init: RequestInit = {}) => fetch(`${base}${p}`, { redirect: 'manual', ...init });

  it('redirects /console to /console/ and answers only under /console', async () => {
    const res = await get('/console?x=1');
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe('/console/?x=1');
    expect((await get('/graphql')).status).toBe(418);
    expect((await get('/consoles')).status).toBe(418);
  });

  it('serves index.html for client routes, not cached, with a strict CSP', async () => {
    for (const route of ['/console/', '/console/datasets/abc', '/console/runs/1?x=2']) {
      const res = await get(route);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toContain('<div id="root"></div>');
    }
  });

  it('serves hashed assets with their content type, a year of caching, gzip and ETags', async () => {
    const files = listFiles(path.join(distA, 'assets'));
    const types: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.ttf': 'font/ttf' };
    for (const [ext, type] of Object.entries(types)) {
      const file = files.find((f) => f.endsWith(ext))!;
      const res = await get(`/console/assets/${file}`, { headers: { 'accept-encoding': 'identity' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(path.join(distA, 'assets', file)))).toBe(true);
    }
    const js = files.find((f) => f.startsWith('index-') && f.endsWith('.js'))!;
    const raw = await new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http
        .get(`${base}/console/assets/${js}`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(raw.body).equals(readFileSync(path.join(distA, 'assets', js)))).toBe(true);
    const etag = raw.headers.etag!;
    expect((await get(`/console/assets/${js}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const head = await get(`/console/assets/${js}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('answers 404 for missing assets, never leaks files outside dist, and refuses writes', async () => {
    expect((await get('/console/assets/nope.js')).status).toBe(404);
    for (const sneaky of ['/console/..%2f..%2fpackage.json', '/console/..%2f..%2f..%2fpackage.json', '/console/%2e%2e/%2e%2e/serve.ts', '/console/.build-stamp.json']) {
      const text = await (await get(sneaky)).text();
      expect(text).not.toMatch(/"workspaces"|"name"|createConsoleHandler|sourceHash/);
    }
    const post = await get('/console/', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers 503 with a reason when there is no build and building is disabled', async () => {
    const empty = mkdtempSync(path.join(root, 'empty-'));
    const handler = createConsoleHandler({ distDir: empty, build: 'never', logger: quiet });
    await expect(handler.ready).rejects.toThrow(/no index.html/);
    const res = await new Promise<{ status: number; body: string }>((resolve) => {
      const s = http.createServer((req, r) => handler(req, r, '/console/'));
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as AddressInfo).port;
        fetch(`http://127.0.0.1:${port}/console/`).then(async (r) => {
          resolve({ status: r.status, body: await r.text() });
          s.close();
        });
      });
    });
    expect(res.status).toBe(503);
    expect(res.body).toMatch(/not available/);
    expect(statSync(empty).isDirectory()).toBe(true);
  });
});
