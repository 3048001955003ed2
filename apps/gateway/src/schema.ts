import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './config.ts';

export const SCHEMA_DIR = path.join(REPO_ROOT, 'schema');

/** The SDL from schema/*.graphql, the API's source of truth, in a stable order. */
export function loadTypeDefs(dir = SCHEMA_DIR): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort((a, b) => (a === 'common.graphql' ? -1 : b === 'common.graphql' ? 1 : a.localeCompare(b)))
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}
