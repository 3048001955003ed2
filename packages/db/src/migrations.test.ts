// prisma/schema.prisma and prisma/migrations must describe the same database, and our migration
// runner must behave like `prisma migrate deploy` (same bookkeeping, safe under concurrency).
import { cp, mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyMigrations,
  checksum,
  MIGRATION_SCRIPT_FILE,
  MIGRATIONS_DIR,
  MigrationError,
  readMigrations,
  REPO_ROOT,
  SCHEMA_PATH,
} from './migrate.ts';
import {
  databaseTarget,
  migrationsTarget,
  openSchemaEngine,
  readMigrationList,
  readSchemaFiles,
  schemaTarget,
  type SchemaFiles,
} from './schema-engine.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

const FIX_HINT = 'schema.prisma and prisma/migrations disagree: run `npm run db:migration:new -- <name>`';

const databases: TestDatabase[] = [];
async function freshDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrate: false });
  databases.push(db);
  return db;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

describe('schema.prisma and prisma/migrations', () => {
  let schema: SchemaFiles;
  let db: TestDatabase;
  let applied: string[];

  beforeAll(async () => {
    schema = await readSchemaFiles(SCHEMA_PATH);
    db = await freshDatabase();
    ({ applied } = await applyMigrations(db.url));
  });

  it('has at least the initial migration, applied in order', async () => {
    const local = (await readMigrations()).map((m) => m.name);
    expect(local.length).toBeGreaterThan(0);
    expect(local[0]).toMatch(/^\d{14}_init$/);
    expect(applied).toEqual(local);
  });

  it('migrated database matches the schema (schema engine diff is empty)', async () => {
    const engine = await openSchemaEngine(db.url);
    try {
      const fromDb = await engine.diff(databaseTarget(schema, REPO_ROOT), schemaTarget(schema));
      expect(fromDb.script, FIX_HINT).toBe('');
      expect(fromDb.changed).toBe(false);

      // Same question answered by the engine itself replaying the migrations on a shadow database.
      const fromMigrations = await engine.diff(migrationsTarget(await readMigrationList(MIGRATIONS_DIR)), schemaTarget(schema));
      expect(fromMigrations.script, FIX_HINT).toBe('');
    } finally {
      await engine.close();
    }
  });

  it('the check can fail: a schema with an extra column differs (negative control)', async () => {
    const modified: SchemaFiles = {
      files: schema.files.map((f) => ({
        ...f,
        content: f.content.replace(/model Tenant \{\n/, 'model Tenant {\n  extraColumn String?\n'),
      })),
    };
    expect(modified.files[0]?.content).toContain('extraColumn');
    const engine = await openSchemaEngine(db.url);
    try {
      const fromDb = await engine.diff(databaseTarget(schema, REPO_ROOT), schemaTarget(modified));
      expect(fromDb.changed).toBe(true);
      expect(fromDb.script).toMatch(/ADD COLUMN\s+"extraColumn" TEXT/);

      const fromMigrations = await engine.diff(migrationsTarget(await readMigrationList(MIGRATIONS_DIR)), schemaTarget(modified));
      expect(fromMigrations.changed).toBe(true);
      expect(fromMigrations.script).toContain('"extraColumn"');
    } finally {
      await engine.close();
    }
  });

  it("Prisma's own engine reads our _prisma_migrations bookkeeping as a clean history", async () => {
    const engine = await openSchemaEngine(db.url);
    try {
      const diagnosis = await engine.engine.diagnoseMigrationHistory({
        migrationsList: await readMigrationList(MIGRATIONS_DIR),
        optInToShadowDatabase: false,
        filters: { externalTables: [], externalEnums: [] },
      });
      expect(diagnosis).toMatchObject({
        hasMigrationsTable: true,
        editedMigrationNames: [],
        failedMigrationNames: [],
        history: null,
      });
    } finally {
      await engine.close();
    }
  });
});

describe('applyMigrations', () => {
  let tmp: string;
  let migrationsDir: string;

  // A migrations directory of our own: the real ones plus a few synthetic later migrations.
  async function addMigration(name: string, sql: string) {
    await mkdir(path.join(migrationsDir, name), { recursive: true });
    await writeFile(path.join(migrationsDir, name, MIGRATION_SCRIPT_FILE), sql);
  }

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'mg-migrations-'));
    migrationsDir = path.join(tmp, 'migrations');
    await cp(MIGRATIONS_DIR, migrationsDir, { recursive: true });
    // pg_sleep widens the window in which concurrent runners could overlap.
    await addMigration('29990101000000_widgets', 'SELECT pg_sleep(0.2);\nCREATE TABLE "Widget" ("id" SERIAL PRIMARY KEY);\n');
    await addMigration('29990102000000_widget_name', 'ALTER TABLE "Widget" ADD COLUMN "name" TEXT;\n');
  });

  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('applies everything once, records rows like Prisma, and is idempotent', async () => {
    const db = await freshDatabase();
    const local = await readMigrations(migrationsDir);
    const first = await applyMigrations(db.url, { migrationsDir });
    expect(first.applied).toEqual(local.map((m) => m.name));

    const second = await applyMigrations(db.url, { migrationsDir });
    expect(second.applied).toEqual([]);

    const rows = await query<{
      id: string;
      checksum: string;
      migration_name: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      started_at: Date;
      applied_steps_count: number;
      logs: string | null;
    }>(db.url, 'SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
    expect(rows.map((r) => r.migration_name)).toEqual(local.map((m) => m.name));
    for (const row of rows) {
      const file = await readFile(path.join(migrationsDir, row.migration_name, MIGRATION_SCRIPT_FILE));
      expect(row.checksum).toBe(checksum(file));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }

    // Table shape identical to the one Prisma's schema engine creates.
    const columns = await query(
      db.url,
      `SELECT column_name, data_type, character_maximum_length AS len, is_nullable, column_default
         FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'character varying', len: 36, is_nullable: 'NO', column_default: null },
      { column_name: 'checksum', data_type: 'character varying', len: 64, is_nullable: 'NO', column_default: null },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'YES', column_default: null },
      { column_name: 'migration_name', data_type: 'character varying', len: 255, is_nullable: 'NO', column_default: null },
      { column_name: 'logs', data_type: 'text', len: null, is_nullable: 'YES', column_default: null },
      { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'YES', column_default: null },
      { column_name: 'started_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'NO', column_default: 'now()' },
      { column_name: 'applied_steps_count', data_type: 'integer', len: null, is_nullable: 'NO', column_default: '0' },
    ]);
  });

  it('concurrent runners apply each migration exactly once', async () => {
    const db = await freshDatabase();
    const local = (await readMigrations(migrationsDir)).map((m) => m.name);
    const results = await Promise.all([1, 2, 3].map(() => applyMigrations(db.url, { migrationsDir })));
    const all = results.flatMap((r) => r.applied);
    expect([...all].sort()).toEqual(local);
    const rows = await query<{ migration_name: string }>(db.url, 'SELECT migration_name FROM "_prisma_migrations"');
    expect(rows.map((r) => r.migration_name).sort()).toEqual(local);
  });

  it('refuses to run when an applied migration was modified, and applies nothing', async () => {
    const db = await freshDatabase();
    await applyMigrations(db.url, { migrationsDir });

    const dir = await mkdtemp(path.join(tmp, 'tampered-'));
    await cp(migrationsDir, dir, { recursive: true });
    await writeFile(path.join(dir, '29990102000000_widget_name', MIGRATION_SCRIPT_FILE), 'ALTER TABLE "Widget" ADD COLUMN "label" TEXT;\n');
    await mkdir(path.join(dir, '29990103000000_later'));
    await writeFile(path.join(dir, '29990103000000_later', MIGRATION_SCRIPT_FILE), 'CREATE TABLE "Later" ("id" INT);\n');

    const error = await applyMigrations(db.url, { migrationsDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).code).toBe('CHECKSUM_MISMATCH');
    expect((error as MigrationError).migrationName).toBe('29990102000000_widget_name');
    expect((error as Error).message).toMatch(/was modified after it was applied/);
    const later = await query(db.url, `SELECT to_regclass('"Later"') AS t`);
    expect(later).toEqual([{ t: null }]);

    // A checksum tampered in the database is refused just the same.
    const db2 = await freshDatabase();
    await applyMigrations(db2.url, { migrationsDir });
    await query(db2.url, `UPDATE "_prisma_migrations" SET checksum = repeat('0', 64) WHERE migration_name LIKE '%_init'`);
    await expect(applyMigrations(db2.url, { migrationsDir })).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
  });

  it('accepts a migration whose line endings were converted (as Prisma does)', async () => {
    const db = await freshDatabase();
    await applyMigrations(db.url, { migrationsDir });
    const dir = await mkdtemp(path.join(tmp, 'crlf-'));
    await cp(migrationsDir, dir, { recursive: true });
    const file = path.join(dir, '29990102000000_widget_name', MIGRATION_SCRIPT_FILE);
    await writeFile(file, (await readFile(file, 'utf8')).replaceAll('\n', '\r\n'));
    await expect(applyMigrations(db.url, { migrationsDir: dir })).resolves.toEqual({ applied: [] });
  });

  it('rolls a failing migration back, keeps an audit row, and retries it once fixed', async () => {
    const db = await freshDatabase();
    const dir = await mkdtemp(path.join(tmp, 'failing-'));
    await cp(migrationsDir, dir, { recursive: true });
    const name = '29990104000000_broken';
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, MIGRATION_SCRIPT_FILE), 'CREATE TABLE "Half" ("id" INT);\nSELECT no_such_function();\n');

    await expect(applyMigrations(db.url, { migrationsDir: dir })).rejects.toMatchObject({ code: 'MIGRATION_FAILED', migrationName: name });
    expect(await query(db.url, `SELECT to_regclass('"Half"') AS t`)).toEqual([{ t: null }]);
    const audit = await query<{ logs: string; rolled_back_at: Date | null; finished_at: Date | null }>(
      db.url,
      'SELECT logs, rolled_back_at, finished_at FROM "_prisma_migrations" WHERE migration_name = $1',
      [name],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.logs).toMatch(/no_such_function/);
    expect(audit[0]?.rolled_back_at).toBeInstanceOf(Date);
    expect(audit[0]?.finished_at).toBeNull();

    await writeFile(path.join(dir, name, MIGRATION_SCRIPT_FILE), 'CREATE TABLE "Half" ("id" INT);\n');
    await expect(applyMigrations(db.url, { migrationsDir: dir })).resolves.toEqual({ applied: [name] });
  });

  it('refuses to continue past a migration another tool left unfinished', async () => {
    const db = await freshDatabase();
    await applyMigrations(db.url, { migrationsDir });
    await query(db.url, `UPDATE "_prisma_migrations" SET finished_at = NULL WHERE migration_name = '29990102000000_widget_name'`);
    await expect(applyMigrations(db.url, { migrationsDir })).rejects.toMatchObject({ code: 'FAILED_MIGRATION' });
  });
});
