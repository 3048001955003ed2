// Serving: resolves which model version a predict call means, validates inputs against its
// signature, and feeds them through a per-version dynamic batcher into a cached ONNX session.
// Caches here are per gateway instance and always keyed by tenant.
import type { ArtifactStore } from '@modelgraph/artifact-store';
import { readAll } from '@modelgraph/artifact-store';
import type { ModelDefinition, ModelVersion, PrismaClient } from '@modelgraph/db';
import {
  DynamicBatcher,
  PredictInputError,
  SessionPool,
  decodePredictions,
  recordsToFeeds,
  tensorsToFeeds,
  type FeedBatch,
  type ModelSignature,
  type OutputBatch,
} from '@modelgraph/inference-core';
import { z } from 'zod';
import { AppError, badInput, notFound } from '../errors.ts';
import type { GatewayMetrics } from '../http/metrics.ts';
import type { Logger } from '../logger.ts';
import { parseInput } from './api-keys.ts';
import { isUuid, requireScope, type ServiceContext } from './context.ts';
import { batchingOf, type Batching } from './registry.ts';

export const MAX_ROWS_PER_PREDICT = 1024;
// Alias moves are seen by every gateway within this time (and at once by the one that made them).
const RESOLUTION_TTL_MS = 500;
// How long an expired entry may still serve while its refresh is in flight.
const RESOLUTION_STALE_MS = 250;
const USAGE_FLUSH_MS = 1_000;

const PredictInputSchema = z
  .object({
    modelId: z.string(),
    alias: z.string().min(1).max(63).nullish(),
    version: z.number().int().min(1).nullish(),
    tensors: z.array(z.array(z.number())).nullish(),
    records: z.array(z.unknown()).nullish(),
  })
  .superRefine((input, ctx) => {
    if (input.alias && input.version) ctx.addIssue({ code: 'custom', message: 'give either alias or version, not both', path: ['alias'] });
    const given = [input.tensors, input.records].filter((v) => v != null);
    if (given.length !== 1) ctx.addIssue({ code: 'custom', message: 'give exactly one of tensors or records', path: ['tensors'] });
    const rows = (input.tensors ?? input.records ?? []).length;
    if (given.length === 1 && rows === 0) ctx.addIssue({ code: 'custom', message: 'give at least one row', path: [input.tensors ? 'tensors' : 'records'] });
    if (rows > MAX_ROWS_PER_PREDICT) ctx.addIssue({ code: 'custom', message: `at most ${MAX_ROWS_PER_PREDICT} rows per call`, path: [input.tensors ? 'tensors' : 'records'] });
  });
export type PredictInput = z.input<typeof PredictInputSchema>;

const INPUT_KEYS = new Set(['modelId', 'alias', 'version', 'tensors', 'records']);
const INT_MAX = 2 ** 31 - 1;

/**
 * True for a PredictInput variable that GraphQL coercion would accept unchanged: only known keys,
 * string ID, optional string alias and 32-bit version, tensors as lists of finite numbers, records
 * as a list of non-null JSON values. Anything else goes through graphql-js coercion.
 */
export function isPlainPredictInput(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const input = value as Record<string, unknown>;
  for (const key in input) if (!INPUT_KEYS.has(key)) return false;
  if (typeof input.modelId !== 'string') return false;
  if (input.alias !== undefined && input.alias !== null && typeof input.alias !== 'string') return false;
  const version = input.version;
  if (version !== undefined && version !== null && !(Number.isInteger(version) && Math.abs(version as number) <= INT_MAX)) return false;
  const { tensors, records } = input;
  if (tensors !== undefined && tensors !== null) {
    if (!Array.isArray(tensors)) return false;
    for (const row of tensors) {
      if (!Array.isArray(row)) return false;
      for (const v of row) if (typeof v !== 'number' || !Number.isFinite(v)) return false;
    }
  }
  if (records !== undefined && records !== null) {
    if (!Array.isArray(records)) return false;
    for (const record of records) if (record === null || record === undefined) return false;
  }
  return true;
}

/**
 * Validates predict input. The common, well-formed shape is checked by hand (it is on every
 * request's path); anything unusual or wrong goes through the zod schema, which words the error.
 */
function parsePredictInput(raw: unknown): z.output<typeof PredictInputSchema> {
  if (isPlainPredictInput(raw)) {
    const input = raw as z.output<typeof PredictInputSchema>;
    const rows = input.tensors ?? input.records;
    const oneForm = (input.tensors == null) !== (input.records == null);
    const aliasOk = input.alias == null || (input.alias.length >= 1 && input.alias.length <= 63);
    const versionOk = input.version == null || input.version >= 1;
    if (oneForm && aliasOk && versionOk && !(input.alias && input.version) && rows && rows.length >= 1 && rows.length <= MAX_ROWS_PER_PREDICT) {
      return input;
    }
  }
  return parseInput(PredictInputSchema, raw);
}

const SignatureSchema = z
  .object({
    task: z.enum(['REGRESSION', 'BINARY', 'MULTICLASS']),
    inputs: z.array(z.object({ name: z.string(), type: z.enum(['float32', 'int64', 'string']), shape: z.array(z.number().nullable()) })),
    outputs: z.array(z.object({ name: z.string(), type: z.enum(['float32', 'int64', 'string']), shape: z.array(z.number().nullable()) })),
    featureShape: z.array(z.number().int()).optional(),
    featureNames: z.array(z.string()).optional(),
    recordFields: z
      .array(z.object({ name: z.string(), kind: z.enum(['numeric', 'boolean', 'datetime', 'categorical']), input: z.string(), categories: z.array(z.string()).optional() }))
      .optional(),
    labels: z.array(z.string()).optional(),
  })
  .passthrough();

/** The signature as stored with a version: inference-core's, plus what the console shows. */
export type StoredSignature = Omit<ModelSignature, 'recordFields'> & {
  featureNames?: string[];
  recordFields?: (NonNullable<ModelSignature['recordFields']>[number] & { categories?: string[] })[];
};

export function parseSignature(json: unknown): StoredSignature | null {
  if (json === null || json === undefined) return null;
  return SignatureSchema.parse(json) as unknown as StoredSignature;
}

interface Resolved {
  model: ModelDefinition;
  version: ModelVersion;
  signature: ModelSignature;
  batching: Batching;
  expires: number;
  /** The version's batcher, remembered here so the hot path does no key building or map lookups. */
  batcher?: DynamicBatcher;
}

/** Token bucket per API key. */
class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}
  /** Milliseconds to wait, or 0 when allowed. */
  take(key: string, now = Date.now()): number {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / this.perSecond) * 1000);
  }
}

export interface InferenceOptions {
  db: PrismaClient;
  store: ArtifactStore;
  logger: Logger;
  metrics: GatewayMetrics;
  /** Predict requests per second per API key (token bucket with `burst`). */
  ratePerSecond?: number;
  burst?: number;
  maxSessions?: number;
  maxSessionBytes?: number;
  /** Models at least this large run in worker threads. */
  offThreadBytes?: number;
}

export type InferenceService = ReturnType<typeof createInferenceService>;

export function createInferenceService(opts: InferenceOptions) {
  const { db, logger, metrics } = opts;
  const resolutions = new Map<string, Resolved>();
  const batchers = new Map<string, { batching: Batching; batcher: DynamicBatcher }>();
  const limiter = new RateLimiter(opts.ratePerSecond ?? 1000, opts.burst ?? Math.max(1, (opts.ratePerSecond ?? 1000) * 2));
  const usage = new Map<string, { tenantId: string; apiKeyId: string; modelId: string; units: number }>();
  const storageKeys = new Map<string, string>();

  const pool = new SessionPool({
    load: async (key: string) => {
      const storageKey = storageKeys.get(key);
      if (!storageKey) throw new Error(`no storage key registered for session ${key}`);
      return new Uint8Array(await readAll(await opts.store.get(storageKey)));
    },
    maxSessions: opts.maxSessions ?? 64,
    maxBytes: opts.maxSessionBytes ?? 1024 * 1024 * 1024,
    ...(opts.offThreadBytes !== undefined ? { offThreadBytes: opts.offThreadBytes } : {}),
  });

  const flushUsage = async () => {
    if (usage.size === 0) return;
    const rows = [...usage.values()];
    usage.clear();
    try {
      await db.usageRecord.createMany({
        data: rows.map((r) => ({ tenantId: r.tenantId, apiKeyId: r.apiKeyId, modelDefinitionId: r.modelId, kind: 'PREDICTION' as const, units: r.units })),
      });
    } catch (error) {
      // Keep the counts for the next flush (e.g. while Postgres restarts): usage is never dropped.
      for (const row of rows) {
        const key = `${row.tenantId}|${row.apiKeyId}|${row.modelId}`;
        const entry = usage.get(key);
        if (entry) entry.units += row.units;
        else usage.set(key, row);
      }
      logger.warn({ err: error }, 'could not record prediction usage; will retry');
    }
  };
  const usageTimer = setInterval(() => void flushUsage(), USAGE_FLUSH_MS);
  usageTimer.unref();

  const refreshing = new Map<string, Promise<Resolved>>();
  // Lookups in flight when an alias moved: their (stale) result must not be cached.
  const invalidatedDuring = new Set<string>();

  /**
   * The version a call means, cached per tenant/model/alias for RESOLUTION_TTL_MS. One lookup per
   * key runs at a time, and a recently expired entry keeps serving while it refreshes, so a busy
   * model never sends a burst of identical queries to the database when its entry expires.
   */
  async function resolve(tenantId: string, input: z.output<typeof PredictInputSchema>): Promise<Resolved> {
    const cacheKey = `${tenantId}:${input.modelId}:${input.alias ?? ''}:${input.version ?? ''}`;
    const now = Date.now();
    const cached = resolutions.get(cacheKey);
    if (cached && cached.expires > now) return cached;
    let pending = refreshing.get(cacheKey);
    if (!pending) {
      pending = lookup(tenantId, input).then(
        (resolved) => {
          refreshing.delete(cacheKey);
          // Skip the write if an alias move dropped the key while this lookup ran.
          if (!invalidatedDuring.has(cacheKey)) resolutions.set(cacheKey, resolved);
          invalidatedDuring.delete(cacheKey);
          return resolved;
        },
        (error: unknown) => {
          refreshing.delete(cacheKey);
          invalidatedDuring.delete(cacheKey);
          resolutions.delete(cacheKey);
          throw error;
        },
      );
      refreshing.set(cacheKey, pending);
      pending.catch(() => undefined);
    }
    if (cached && cached.expires + RESOLUTION_STALE_MS > now) return cached;
    return pending;
  }

  async function lookup(tenantId: string, input: z.output<typeof PredictInputSchema>): Promise<Resolved> {
    const model = isUuid(input.modelId) ? await db.modelDefinition.findFirst({ where: { id: input.modelId, tenantId } }) : null;
    if (!model) throw notFound('Model', input.modelId);
    let version: ModelVersion | null;
    if (input.version) {
      version = await db.modelVersion.findFirst({ where: { tenantId, modelDefinitionId: model.id, version: input.version } });
      if (!version) throw notFound('ModelVersion', `${model.name}@${input.version}`);
    } else if (input.alias) {
      const alias = await db.modelAlias.findFirst({ where: { tenantId, modelDefinitionId: model.id, name: input.alias }, include: { modelVersion: true } });
      if (!alias) throw notFound('ModelAlias', input.alias);
      version = alias.modelVersion;
    } else {
      const production = await db.modelAlias.findFirst({ where: { tenantId, modelDefinitionId: model.id, name: 'production' }, include: { modelVersion: true } });
      version =
        production?.modelVersion ??
        (await db.modelVersion.findFirst({ where: { tenantId, modelDefinitionId: model.id, onnxStorageKey: { not: null } }, orderBy: { version: 'desc' } }));
      if (!version) throw badInput(`model ${JSON.stringify(model.name)} has no servable version yet; train it first`, { field: 'modelId' });
    }
    const signature = parseSignature(version.signature);
    if (!version.onnxStorageKey || !version.onnxSha256 || !signature) {
      throw badInput(`version ${version.version} of ${JSON.stringify(model.name)} has no ONNX artifact to serve`, { field: 'version' });
    }
    return { model, version, signature, batching: batchingOf(model), expires: Date.now() + RESOLUTION_TTL_MS };
  }

  function batcherFor(tenantId: string, resolved: Resolved): DynamicBatcher {
    const sessionKey = `${tenantId}:${resolved.version.id}:${resolved.version.onnxSha256}`;
    storageKeys.set(sessionKey, resolved.version.onnxStorageKey!);
    const existing = batchers.get(sessionKey);
    if (existing && existing.batching.maxBatchSize === resolved.batching.maxBatchSize && existing.batching.maxQueueDelayMs === resolved.batching.maxQueueDelayMs) {
      return existing.batcher;
    }
    const batcher = new DynamicBatcher({
      maxBatchSize: resolved.batching.maxBatchSize,
      maxQueueDelayMs: resolved.batching.maxQueueDelayMs,
      run: (feeds: FeedBatch): Promise<OutputBatch> => pool.run(sessionKey, feeds),
      onBatch: (stats: { rows: number; requests: number; queueMs: number; runMs: number }) => {
        metrics.predictBatchRows.observe(stats.rows);
        metrics.predictBatchRequests.observe(stats.requests);
        metrics.predictQueueSeconds.observe(stats.queueMs / 1000);
        metrics.predictRunSeconds.observe(stats.runMs / 1000);
      },
    });
    batchers.set(sessionKey, { batching: resolved.batching, batcher });
    return batcher;
  }

  return {
    async predict(ctx: ServiceContext, raw: PredictInput) {
      const actor = requireScope(ctx, 'PREDICT');
      const input = parsePredictInput(raw);
      const waitMs = limiter.take(actor.apiKeyId);
      if (waitMs > 0) {
        throw new AppError('RATE_LIMITED', `this API key is over its prediction rate limit; retry in ${waitMs} ms`, {
          retryAfterMs: waitMs,
        });
      }
      const resolved = await resolve(actor.tenantId, input);
      let feeds: FeedBatch;
      try {
        feeds = input.tensors ? tensorsToFeeds(resolved.signature, input.tensors) : recordsToFeeds(resolved.signature, input.records ?? []);
      } catch (error) {
        if (error instanceof PredictInputError) throw badInput(error.message, error.path ? { field: error.path } : {});
        throw error;
      }
      const batcher = (resolved.batcher ??= batcherFor(actor.tenantId, resolved));
      const outputs = await batcher.submit(feeds);
      const predictions = decodePredictions(resolved.signature, outputs, feeds.rows);
      const usageKey = `${actor.tenantId}|${actor.apiKeyId}|${resolved.model.id}`;
      const entry = usage.get(usageKey) ?? { tenantId: actor.tenantId, apiKeyId: actor.apiKeyId, modelId: resolved.model.id, units: 0 };
      entry.units += feeds.rows;
      usage.set(usageKey, entry);
      metrics.predictions.inc(feeds.rows);
      return { modelVersion: resolved.version, predictions };
    },
    /** Forget cached resolutions of a model so the next predict reads its aliases and settings again. */
    aliasMoved(tenantId: string, modelId: string) {
      const prefix = `${tenantId}:${modelId}:`;
      for (const key of resolutions.keys()) if (key.startsWith(prefix)) resolutions.delete(key);
      for (const key of refreshing.keys()) if (key.startsWith(prefix)) invalidatedDuring.add(key);
    },
    async close() {
      clearInterval(usageTimer);
      await flushUsage();
      await pool.close();
    },
  };
}
