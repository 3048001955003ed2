// Embedded Postgres keeps its data in dataDir across stop/start, and startDatabase copes with a
// taken port.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyMigrations, checkDatabase, createPrismaClient, pingDatabase, startDatabase, type DatabaseHandle } from './index.ts';

describe('startDatabase (embedded)', () => {
  let tmp: string;
  let dataDir: string;
  const handles: DatabaseHandle[] = [];
  const logs: string[] = [];
  const log = (msg: string) => logs.push(msg);

  beforeAll(async () => {
    vi.stubEnv('DATABASE_URL', ''); // force the embedded path even where CI sets DATABASE_URL
    tmp = await mkdtemp(path.join(os.tmpdir(), 'mg-embedded-'));
    await chmod(tmp, 0o755); // as root, postgres runs as the `postgres` user and must reach it
    dataDir = path.join(tmp, 'pg');
  });

  afterAll(async () => {
    await Promise.all(handles.map((h) => h.stop()));
    vi.unstubAllEnvs();
    await rm(tmp, { recursive: true, force: true });
  });

  it('uses DATABASE_URL as is when given', async () => {
    const handle = await startDatabase({ databaseUrl: 'postgresql://u:p@db.invalid:5432/x' });
    expect(handle).toMatchObject({ url: 'postgresql://u:p@db.invalid:5432/x', embedded: false });
    await handle.stop();
  });

  it('keeps data across stop and start with the same dataDir', async () => {
    const first = await startDatabase({ dataDir, log });
    handles.push(first);
    expect(first.embedded).toBe(true);
    expect(new URL(first.url).pathname).toBe('/modelgraph');
    await applyMigrations(first.url);

    const prisma = createPrismaClient(first.url);
    const tenant = await prisma.tenant.create({ data: { name: 'survivor' } });
    expect(await pingDatabase(prisma)).toBe(true);
    await prisma.$disconnect();

    await first.stop();
    await first.stop(); // second stop is a no-op
    expect((await checkDatabase(first.url, 1000)).ok).toBe(false);

    // Occupy the old port so the restart also exercises the "port taken" fallback.
    const oldPort = Number(new URL(first.url).port);
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(oldPort, '127.0.0.1', resolve));
    try {
      const second = await startDatabase({ dataDir, port: oldPort, log });
      handles.push(second);
      expect(Number(new URL(second.url).port)).not.toBe(oldPort);
      expect(await applyMigrations(second.url)).toEqual({ applied: [] });

      const again = createPrismaClient(second.url);
      try {
        const found = await again.tenant.findUnique({ where: { id: tenant.id } });
        expect(found?.name).toBe('survivor');
      } finally {
        await again.$disconnect();
      }
      await second.stop();
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }

    expect(logs.filter((l) => l.startsWith('initialising'))).toHaveLength(1);
  });
});
