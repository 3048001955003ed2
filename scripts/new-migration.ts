// npm run db:migration:new -- <name>
// Generates prisma/migrations/<yyyymmddhhmmss>_<name>/migration.sql offline: replays the existing
// migrations into a scratch database, then lets Prisma's (wasm) schema engine diff that database
// against prisma/schema.prisma. Writes nothing when they already agree.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  MIGRATION_LOCK_CONTENT,
  MIGRATION_LOCK_FILE,
  MIGRATION_SCRIPT_FILE,
  MIGRATIONS_DIR,
  REPO_ROOT,
  SCHEMA_PATH,
  applyMigrations,
} from '../packages/db/src/migrate.ts';
import { databaseTarget, openSchemaEngine, readSchemaFiles, schemaTarget } from '../packages/db/src/schema-engine.ts';
import { createTestDatabase, stopScratchServer } from '../packages/db/src/testing.ts';

function migrationName(raw: string | undefined): string {
  const name = (raw ?? '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!name) {
    console.error('usage: npm run db:migration:new -- <name>   (e.g. add_run_priority)');
    process.exit(2);
  }
  return name;
}

/** UTC timestamp as Prisma names migrations: yyyymmddhhmmss. */
function timestamp(date = new Date()): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

async function ensureLockFile(): Promise<void> {
  const lockPath = path.join(MIGRATIONS_DIR, MIGRATION_LOCK_FILE);
  const current = existsSync(lockPath) ? await readFile(lockPath, 'utf8') : undefined;
  if (current !== MIGRATION_LOCK_CONTENT) {
    await mkdir(MIGRATIONS_DIR, { recursive: true });
    await writeFile(lockPath, MIGRATION_LOCK_CONTENT);
  }
}

async function main(): Promise<void> {
  const name = migrationName(process.argv.slice(2).find((arg) => arg !== '--'));
  await ensureLockFile();

  const db = await createTestDatabase(); // scratch server, existing migrations applied
  const engine = await openSchemaEngine(db.url);
  try {
    const schema = await readSchemaFiles(SCHEMA_PATH);
    const fromDb = databaseTarget(schema, REPO_ROOT);
    const { changed, script } = await engine.diff(fromDb, schemaTarget(schema));
    if (!changed) {
      console.log('No changes: prisma/schema.prisma already matches the migrations. Nothing written.');
      return;
    }

    const dirName = `${timestamp()}_${name}`;
    const dir = path.join(MIGRATIONS_DIR, dirName);
    if (existsSync(dir)) throw new Error(`${path.relative(REPO_ROOT, dir)} already exists`);

    // Check the script before keeping it: it must apply cleanly and leave nothing left to diff.
    const summary = await engine.summary(fromDb, schemaTarget(schema));
    await mkdir(dir);
    const file = path.join(dir, MIGRATION_SCRIPT_FILE);
    await writeFile(file, script);
    try {
      await applyMigrations(db.url);
      const after = await engine.diff(fromDb, schemaTarget(schema));
      if (after.changed) throw new Error(`generated migration leaves a difference:\n${after.script}`);
    } catch (error) {
      console.error(`The generated migration is in ${path.relative(REPO_ROOT, file)} for inspection.`);
      throw error;
    }
    console.log(summary.trim());
    console.log(`\nWrote ${path.relative(REPO_ROOT, file)}`);
  } finally {
    await engine.close();
    await db.drop().catch(() => undefined);
    await stopScratchServer();
  }
}

main().then(
  () => process.exit(0), // pg pools may keep the event loop alive for a while
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
