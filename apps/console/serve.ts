// Serves the built console (apps/console/dist) under /console, for the gateway's router:
//
//   const consoleHandler = createConsoleHandler({ logger });
//   ...in the request handler: if (consoleHandler(req, res, url.pathname)) return;
//
// /console redirects to /console/; /console/assets/* are content-hashed files (cached for a year);
// any other /console/* path gets index.html (client-side routing). When dist is missing or was built
// from other sources, the handler builds it once, at creation, with Vite's JavaScript API in a child
// process (the gateway keeps serving the API meanwhile; console requests wait for the build).
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const APP_DIR = path.dirname(fileURLToPath(import.meta.url));
const STAMP_FILE = '.build-stamp.json';

export interface ConsoleLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ConsoleHandlerOptions {
  /** Where the built app lives; default apps/console/dist. */
  distDir?: string;
  /**
   * 'stale' (default): build when dist is missing or was built from different sources;
   * 'missing': only when dist is missing; 'never': serve whatever is there (503 if nothing).
   * Default from MODELGRAPH_CONSOLE_BUILD when set.
   */
  build?: BuildMode;
  /** The gateway's pino logger (anything with info/warn/error(obj, msg)). */
  logger?: ConsoleLogger;
  /** URL prefix; must match `base` in vite.config.ts. Default /console. */
  mountPath?: string;
}

export type BuildMode = 'stale' | 'missing' | 'never';
const BUILD_MODES: BuildMode[] = ['stale', 'missing', 'never'];

export type ConsoleHandler = ((req: IncomingMessage, res: ServerResponse, pathname: string) => boolean) & {
  /** Settles when dist is ready to serve (rejects if the build failed). */
  ready: Promise<void>;
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt', '.ttf']);

/** Same-origin only: scripts, workers, API calls (HTTP and WebSocket) all go to this server. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': CONTENT_SECURITY_POLICY,
};

function defaultLogger(): ConsoleLogger {
  const line = (level: number) => (obj: object, msg: string) =>
    process.stdout.write(`${JSON.stringify({ level, time: new Date().toISOString(), service: 'modelgraph-console', ...obj, msg })}\n`);
  return { info: line(30), warn: line(40), error: line(50) };
}

/** Hash of everything the build reads from this app (sources, HTML, configs, package.json). */
export function sourceHash(appDir = APP_DIR): string {
  const hash = createHash('sha256');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'test') walk(full);
      } else if (!/\.test\.tsx?$/.test(entry.name)) files.push(full);
    }
  };
  walk(path.join(appDir, 'src'));
  for (const name of ['index.html', 'vite.config.ts', 'package.json', 'scripts/build.mjs']) {
    const full = path.join(appDir, name);
    if (existsSync(full)) files.push(full);
  }
  for (const file of files.sort()) {
    hash.update(path.relative(appDir, file).split(path.sep).join('/'));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function readStamp(distDir: string): string | null {
  try {
    return (JSON.parse(readFileSync(path.join(distDir, STAMP_FILE), 'utf8')) as { sourceHash?: string }).sourceHash ?? null;
  } catch {
    return null;
  }
}

/** Runs scripts/build.mjs (Vite's build()) into a temporary folder, then swaps it in as distDir. */
export async function buildConsole(options: { distDir?: string; logger?: ConsoleLogger } = {}): Promise<{ ms: number }> {
  const distDir = options.distDir ?? path.join(APP_DIR, 'dist');
  const logger = options.logger ?? defaultLogger();
  const started = Date.now();
  const hash = sourceHash();
  const tmpDir = `${distDir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  logger.info({ distDir }, 'building the admin console');
  let output = '';
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(APP_DIR, 'scripts', 'build.mjs'), tmpDir], {
      cwd: APP_DIR,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) {
    await fs.rm(tmpDir, { recursive: true, force: true });
    throw new Error(`vite build exited with ${code}:\n${output.slice(-4000)}`);
  }
  await fs.writeFile(path.join(tmpDir, STAMP_FILE), `${JSON.stringify({ sourceHash: hash })}\n`);
  // Swap in the new build. Another process may have built the same sources meanwhile: keep theirs.
  if (existsSync(distDir)) {
    if (readStamp(distDir) === hash) {
      await fs.rm(tmpDir, { recursive: true, force: true });
    } else {
      const old = `${distDir}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
      await fs.rename(distDir, old).catch(() => undefined);
      await fs.rename(tmpDir, distDir).catch(async () => fs.rm(tmpDir, { recursive: true, force: true }));
      await fs.rm(old, { recursive: true, force: true });
    }
  } else {
    await fs.rename(tmpDir, distDir).catch(async () => fs.rm(tmpDir, { recursive: true, force: true }));
  }
  const ms = Date.now() - started;
  logger.info({ ms, distDir, warnings: output.trim() ? output.trim().slice(0, 2000) : undefined }, `admin console built in ${(ms / 1000).toFixed(1)} s`);
  return { ms };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Builds when needed, one process at a time: several gateways starting together (a test cluster)
 * wait for the first one's build instead of each running their own.
 */
async function ensureBuilt(distDir: string, needsBuild: () => boolean, logger: ConsoleLogger): Promise<void> {
  const lock = `${distDir}.build-lock`;
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    if (!needsBuild()) return;
    let handle: fs.FileHandle | null = null;
    try {
      handle = await fs.open(lock, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await fs.readFile(lock, 'utf8').catch(() => ''));
      const stat = await fs.stat(lock).catch(() => null);
      if ((holder && !isAlive(holder)) || (stat && Date.now() - stat.mtimeMs > 10 * 60_000)) {
        await fs.rm(lock, { force: true });
      } else if (Date.now() > deadline) {
        throw new Error(`timed out waiting for another process (${holder}) to build the console`);
      } else {
        await sleep(250);
      }
      continue;
    }
    try {
      await handle.writeFile(String(process.pid));
      await handle.close();
      if (needsBuild()) await buildConsole({ distDir, logger });
      return;
    } finally {
      await fs.rm(lock, { force: true });
    }
  }
}

interface CachedFile {
  mtimeMs: number;
  size: number;
  body: Buffer;
  gzip: Buffer | null;
  etag: string;
}

export function createConsoleHandler(options: ConsoleHandlerOptions = {}): ConsoleHandler {
  const distDir = path.resolve(options.distDir ?? path.join(APP_DIR, 'dist'));
  const logger = options.logger ?? defaultLogger();
  const mount = (options.mountPath ?? '/console').replace(/\/$/, '');
  const fromEnv = process.env.MODELGRAPH_CONSOLE_BUILD as BuildMode | undefined;
  const mode: BuildMode = options.build ?? (fromEnv && BUILD_MODES.includes(fromEnv) ? fromEnv : 'stale');
  const cache = new Map<string, CachedFile>();

  const needsBuild = (): boolean => {
    if (mode === 'never') return false;
    if (!existsSync(path.join(distDir, 'index.html'))) return true;
    return mode === 'stale' && readStamp(distDir) !== sourceHash();
  };

  let ready: Promise<void>;
  try {
    ready = needsBuild()
      ? ensureBuilt(distDir, needsBuild, logger)
      : existsSync(path.join(distDir, 'index.html'))
        ? Promise.resolve()
        : Promise.reject(new Error(`${distDir} has no index.html and building is disabled`));
  } catch (error) {
    ready = Promise.reject(error as Error);
  }
  let failure: Error | null = null;
  ready.catch((error: unknown) => {
    failure = error as Error;
    logger.error({ err: { message: (error as Error).message } }, 'the admin console could not be built; /console answers 503');
  });

  async function load(file: string): Promise<CachedFile | null> {
    let stat;
    try {
      stat = await fs.stat(file);
    } catch {
      return null;
    }
    if (!stat.isFile()) return null;
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
    const body = await fs.readFile(file);
    const ext = path.extname(file).toLowerCase();
    const entry: CachedFile = {
      mtimeMs: stat.mtimeMs,
      size: stat.size,
      body,
      gzip: COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body, { level: 6 }) : null,
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
    };
    cache.set(file, entry);
    return entry;
  }

  function send(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: string) {
    res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    try {
      await ready;
    } catch {
      send(req, res, 503, { 'retry-after': '30' }, `The admin console is not available: ${failure?.message.split('\n')[0] ?? 'build failed'}. See the gateway log.\n`);
      return;
    }
    let relative: string;
    try {
      relative = decodeURIComponent(pathname.slice(mount.length + 1));
    } catch {
      send(req, res, 400, {}, 'Bad path\n');
      return;
    }
    const target = path.resolve(distDir, relative);
    const inside = target === distDir || target.startsWith(distDir + path.sep);
    let file = inside && relative !== '' && !relative.includes('\0') && path.basename(target) !== STAMP_FILE ? await load(target) : null;
    let filePath = target;
    if (!file) {
      // Hashed assets that do not exist are real 404s; anything else is a client-side route.
      if (relative.startsWith('assets/')) {
        send(req, res, 404, {}, 'Not found\n');
        return;
      }
      filePath = path.join(distDir, 'index.html');
      file = await load(filePath);
      if (!file) {
        send(req, res, 503, { 'retry-after': '30' }, 'The admin console has not been built.\n');
        return;
      }
    }
    const ext = path.extname(filePath).toLowerCase();
    const immutable = path.relative(distDir, filePath).startsWith(`assets${path.sep}`);
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag: file.etag,
      vary: 'accept-encoding',
    };
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const gzip = file.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) ? file.gzip : null;
    if (gzip) headers['content-encoding'] = 'gzip';
    const body = gzip ?? file.body;
    headers['content-length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const handler = ((req: IncomingMessage, res: ServerResponse, pathname: string): boolean => {
    if (pathname !== mount && !pathname.startsWith(`${mount}/`)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(req, res, 405, { allow: 'GET, HEAD' }, 'The console is static: use GET\n');
      return true;
    }
    if (pathname === mount) {
      const query = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?')) : '';
      res.writeHead(308, { location: `${mount}/${query}`, 'cache-control': 'no-cache' });
      res.end();
      return true;
    }
    serve(req, res, pathname).catch((error: unknown) => {
      logger.error({ err: { message: (error as Error).message } }, 'serving the console failed');
      if (!res.headersSent) send(req, res, 500, {}, 'Internal error\n');
      else res.destroy();
    });
    return true;
  }) as ConsoleHandler;
  handler.ready = ready;
  return handler;
}

/** For tests and tooling: whether dist exists and matches the sources. */
export function consoleBuildIsCurrent(distDir = path.join(APP_DIR, 'dist')): boolean {
  try {
    return statSync(path.join(distDir, 'index.html')).isFile() && readStamp(distDir) === sourceHash();
  } catch {
    return false;
  }
}
