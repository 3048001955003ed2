// Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm), driven through the
// pg driver adapter. The Prisma CLI can't run `migrate` offline (it downloads a native engine), so
// the migration generator and the schema/migrations agreement test use this instead.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { DiffTarget, MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import pg from 'pg';
import { MIGRATION_LOCK_FILE, MIGRATION_SCRIPT_FILE, listMigrationDirs } from './migrate.ts';

export type { DiffTarget, MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';

type SchemaEngineClass = typeof SchemaEngine;

// wasm-bindgen glue keeps one module-level instance; instantiating twice in a process breaks it
// ("unwrap_throw failed"). Module registries can be re-evaluated (vitest isolates test files), so the
// cache lives on globalThis rather than in this module.
const CACHE_KEY = Symbol.for('modelgraph.db.schemaEngineWasm');
type GlobalWithCache = typeof globalThis & { [CACHE_KEY]?: Promise<SchemaEngineClass> };

// The wasm panic hook stores the Rust panic message here before the call fails with an opaque
// "unreachable" error (Prisma's CLI installs the same global).
interface PanicRegistry {
  message: string | undefined;
  set_message(message: string): void;
}
type GlobalWithPanicRegistry = typeof globalThis & { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry };

function panicRegistry(): PanicRegistry {
  const g = globalThis as GlobalWithPanicRegistry;
  g.PRISMA_WASM_PANIC_REGISTRY ??= {
    message: undefined,
    set_message(message: string) {
      this.message = message;
    },
  };
  return g.PRISMA_WASM_PANIC_REGISTRY;
}

function loadSchemaEngineClass(): Promise<SchemaEngineClass> {
  const g = globalThis as GlobalWithCache;
  panicRegistry();
  g[CACHE_KEY] ??= (async () => {
    // The package's main entry imports the .wasm as an ES module (bundler target), which Node
    // can't do; instantiate it ourselves against the JS glue, as Prisma's CLI does.
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as unknown as {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
      SchemaEngine: SchemaEngineClass;
    };
    const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
    const module = await WebAssembly.compile(bytes);
    const instance = await WebAssembly.instantiate(module, {
      './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue.SchemaEngine;
  })();
  return g[CACHE_KEY];
}

/** Returns `url` pointing at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

// adapter-pg maps result columns to Prisma column types and throws on Postgres' internal
// single-byte `"char"` type (OID 18), which the engine's introspection selects from pg_catalog
// (pg_class.relkind, pg_constraint.contype, ...) and expects as a Character column. So: relabel
// such columns as text (OID 25) before adapter-pg maps them, then report them as Character.
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type Fields = { fields: Array<{ dataTypeID: number }> };
type ResultSet = { columnTypes: number[] };
interface PgQueryableInternals {
  performIO(query: object): Promise<Fields>;
  queryRaw(query: object): Promise<ResultSet>;
  startTransaction?: (...args: unknown[]) => Promise<object>;
}

function patchCharColumns<T extends object>(queryable: T): T {
  const target = queryable as T & PgQueryableInternals;
  const performIO = target.performIO;
  const queryRaw = target.queryRaw;
  if (typeof performIO !== 'function' || typeof queryRaw !== 'function') {
    throw new Error('@prisma/adapter-pg internals changed (performIO/queryRaw); revisit the "char" workaround in schema-engine.ts');
  }
  // queryRaw passes its query object on to performIO, so it keys the side channel.
  const charColumns = new WeakMap<object, number[]>();
  target.performIO = async function (this: unknown, query: object) {
    const result = await performIO.call(this, query);
    const indices: number[] = [];
    result.fields.forEach((field, i) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        field.dataTypeID = PG_TEXT_OID;
        indices.push(i);
      }
    });
    if (indices.length > 0) charColumns.set(query, indices);
    return result;
  };
  target.queryRaw = async function (this: unknown, query: object) {
    const result = await queryRaw.call(this, query);
    for (const i of charColumns.get(query) ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
    charColumns.delete(query);
    return result;
  };
  const startTransaction = target.startTransaction;
  if (typeof startTransaction === 'function') {
    // Transactions are separate queryables on their own pooled connection.
    target.startTransaction = async function (this: unknown, ...args: unknown[]) {
      return patchCharColumns(await startTransaction.apply(this, args));
    };
  }
  return queryable;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Migration-aware adapter factory for the wasm engine: connects to `url`, and for a shadow
 * database creates a scratch database on the same server and drops it when the engine is done.
 * (adapter-pg's own connectToShadowDb passes the database name next to a connection string,
 * which pg ignores, so its "shadow" database would be the main one.)
 */
class PgMigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName = '@prisma/adapter-pg';

  constructor(private readonly url: string) {}

  async connect(): Promise<SqlDriverAdapter> {
    return patchCharColumns(await new PrismaPg({ connectionString: this.url }).connect());
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const name = `mg_shadow_${randomUUID().replaceAll('-', '')}`;
    await adminQuery(this.url, `CREATE DATABASE "${name}"`);
    const adapter = patchCharColumns(await new PrismaPg({ connectionString: withDatabase(this.url, name) }).connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await adminQuery(this.url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    };
    return adapter;
  }
}

export interface SchemaFiles {
  files: Array<{ path: string; content: string }>;
}

export async function readSchemaFiles(schemaPath: string): Promise<SchemaFiles> {
  return { files: [{ path: schemaPath, content: await readFile(schemaPath, 'utf8') }] };
}

/** The migrations directory as the engine expects it (Prisma's CLI builds the same structure). */
export async function readMigrationList(migrationsDir: string): Promise<MigrationList> {
  const lockPath = path.join(migrationsDir, MIGRATION_LOCK_FILE);
  const dirs = existsSync(migrationsDir) ? await listMigrationDirs(migrationsDir) : [];
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: MIGRATION_LOCK_FILE,
      content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      dirs.map(async (name) => ({
        path: name,
        migrationFile: {
          path: MIGRATION_SCRIPT_FILE,
          content: { tag: 'ok' as const, value: await readFile(path.join(migrationsDir, name, MIGRATION_SCRIPT_FILE), 'utf8') },
        },
      })),
    ),
  };
}

export interface SchemaEngineHandle {
  engine: SchemaEngine;
  /** Schema-engine diff; `script` is SQL (empty string when the two sides already agree). */
  diff(from: DiffTarget, to: DiffTarget): Promise<{ changed: boolean; script: string }>;
  /** Human-readable summary of the same diff (for messages). */
  summary(from: DiffTarget, to: DiffTarget): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts a wasm schema engine connected to `url` (the "live database" for `schemaDatasource`
 * diff targets; its server also hosts any shadow database the engine asks for).
 */
export async function openSchemaEngine(url: string, opts: { log?: (line: string) => void } = {}): Promise<SchemaEngineHandle> {
  const SchemaEngineWasm = await loadSchemaEngineClass();
  const factory = bindMigrationAwareSqlAdapterFactory(new PgMigrationAdapterFactory(url));
  const log = opts.log ?? (() => undefined);
  let engine: SchemaEngine;
  try {
    engine = await SchemaEngineWasm.new({ datamodels: undefined }, log, factory);
  } catch (error) {
    throw engineError(error, factory);
  }

  const run = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw engineError(error, factory);
    }
  };
  const filters = { externalTables: [], externalEnums: [] };
  let closed = false;

  return {
    engine,
    async diff(from, to) {
      // Keep the method call on `engine`: detaching it loses the wasm-bindgen `this`.
      const result = await run(() => engine.diff({ from, to, script: true, exitCode: true, filters }));
      const changed = result.exitCode === 2;
      return { changed, script: changed ? (result.stdout ?? '') : '' };
    },
    async summary(from, to) {
      const result = await run(() => engine.diff({ from, to, script: false, exitCode: true, filters }));
      return result.stdout ?? '';
    },
    async close() {
      if (closed) return;
      closed = true;
      engine.free();
    },
  };
}

/** Driver errors surface from the engine as an id into the adapter's error registry. */
function engineError(error: unknown, factory: { errorRegistry: { consumeError(id: number): { error: unknown } | undefined } }): Error {
  const registry = panicRegistry();
  if (registry.message !== undefined) {
    const message = registry.message;
    registry.message = undefined;
    return new Error(`schema engine panicked: ${message}`, { cause: error });
  }
  const e = error as { id?: unknown; message?: string; cause?: unknown };
  if (typeof e?.id === 'number') {
    const registered = factory.errorRegistry.consumeError(e.id);
    if (registered) return new Error(`schema engine: driver error: ${JSON.stringify(registered.error)}`);
  }
  if (error instanceof Error) return error;
  return new Error(`schema engine: ${JSON.stringify(error)}`);
}

/** Diff target: the live database the engine is connected to (as `migrate diff --from-config-datasource`). */
export function databaseTarget(schema: SchemaFiles, configDir: string): DiffTarget {
  return { tag: 'schemaDatasource', files: schema.files, configDir };
}

/** Diff target: the data model in the given schema files. */
export function schemaTarget(schema: SchemaFiles): DiffTarget {
  return { tag: 'schemaDatamodel', files: schema.files };
}

/** Diff target: the state reached by replaying the migrations (on a shadow database). */
export function migrationsTarget(list: MigrationList): DiffTarget {
  return { tag: 'migrations', ...list };
}
