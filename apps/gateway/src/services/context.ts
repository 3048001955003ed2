import type { ArtifactStore } from '@modelgraph/artifact-store';
import type { PrismaClient } from '@modelgraph/db';
import type { JobQueue, RunEventListener } from '@modelgraph/jobs';
import type { Logger } from '../logger.ts';
import type { InferenceService } from './inference.ts';
import { forbidden } from '../errors.ts';

export type Scope = 'READ' | 'WRITE' | 'TRAIN' | 'PREDICT' | 'ADMIN';
export const ALL_SCOPES: readonly Scope[] = ['READ', 'WRITE', 'TRAIN', 'PREDICT', 'ADMIN'];

export interface TenantActor {
  kind: 'tenant';
  tenantId: string;
  apiKeyId: string;
  scopes: ReadonlySet<Scope>;
}
export interface OperatorActor {
  kind: 'operator';
}
/** Who is calling, established from a verified key; services never trust anything else. */
export type Actor = TenantActor | OperatorActor;

/** Process-wide dependencies, built once at start and shared by every request. */
export interface Platform {
  store: ArtifactStore;
  /** Master key for encryption at rest; per-tenant keys are derived from it. */
  masterKey: Buffer;
  /** Largest dataset file accepted by the streaming upload endpoint. */
  maxUploadBytes: number;
  /** The training queue. */
  jobs: Pick<JobQueue, 'enqueueTraining'>;
  /** Run progress published by workers through Postgres. */
  runEvents: Pick<RunEventListener, 'subscribe'>;
  /** Set by the gateway at start: serving (predict) for this process. */
  inference?: InferenceService;
  /** Set by the gateway: drops a revoked key from its authentication cache. */
  keyRevoked?: (keyId: string) => void;
}

/** What every service function receives explicitly. */
export interface ServiceContext {
  db: PrismaClient;
  actor: Actor;
  logger: Logger;
  platform: Platform;
}

export function hasScope(actor: TenantActor, scope: Scope): boolean {
  return actor.scopes.has('ADMIN') || actor.scopes.has(scope);
}

/** The first line of every tenant service: a tenant key holding `scope`, or FORBIDDEN. */
export function requireScope(ctx: ServiceContext, scope: Scope): TenantActor {
  const { actor } = ctx;
  if (actor.kind !== 'tenant') {
    throw forbidden('The operator key manages tenants only; use a tenant API key for this operation');
  }
  if (!hasScope(actor, scope)) {
    throw forbidden(`This API key lacks the ${scope} scope`);
  }
  return actor;
}

export function requireOperator(ctx: ServiceContext): OperatorActor {
  if (ctx.actor.kind !== 'operator') throw forbidden('Only the platform operator key can do this');
  return ctx.actor;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** IDs are UUIDs; anything else cannot exist, and is reported exactly like a missing row. */
export function isUuid(id: string): boolean {
  return UUID_PATTERN.test(id);
}
