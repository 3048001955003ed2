import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  MODELGRAPH_DATA_DIR: z.string().default(path.join(REPO_ROOT, '.data')),
  MODELGRAPH_OPERATOR_KEY: z.string().min(32, 'MODELGRAPH_OPERATOR_KEY must be at least 32 characters').optional(),
  MODELGRAPH_MASTER_KEY: z.string().optional(),
  /** Training worker processes started by `npm start` (0 = none: run apps/worker elsewhere). */
  MODELGRAPH_WORKERS: z.coerce.number().int().min(0).max(64).default(1),
  MODELGRAPH_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(1024 * 1024 * 1024),
  MODELGRAPH_PREDICT_RATE: z.coerce.number().positive().default(1000),
  MODELGRAPH_MAX_BODY_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type EnvConfig = z.infer<typeof EnvSchema>;

/** Reads and validates the environment once at start; a bad value stops the process with a clear message. */
export function loadEnvConfig(env: NodeJS.ProcessEnv = process.env): EnvConfig {
  // An empty variable means "unset", as in most deployment tools.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/** Limits applied to every GraphQL document before it executes. */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  maxDirectives: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 10,
  maxAliases: 30,
  maxTokens: 2000,
  // Cost multiplies by list sizes (`first`), so a full page of 100 rich nodes stays well inside.
  maxCost: 20000,
  maxDirectives: 20,
};
