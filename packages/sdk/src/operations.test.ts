// Every SDK operation must pass the gateway's own validation, including its query limits (depth
// counts fragment spreads), or the SDK method would fail at run time with QUERY_TOO_DEEP & co.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY_LIMITS } from '../../../apps/gateway/src/config.ts';
import { limitValidationRules, tokenLimitExceeded } from '../../../apps/gateway/src/http/limits.ts';
import * as generated from './generated/graphql.ts';

const schemaDir = path.resolve(import.meta.dirname, '../../../schema');
const schema = buildSchema(
  readdirSync(schemaDir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(path.join(schemaDir, f), 'utf8'))
    .join('\n'),
);

const documents = Object.entries(generated).filter(([name, value]) => name.endsWith('Document') && value instanceof generated.TypedDocumentString);

describe('SDK operations', () => {
  it('exist', () => {
    expect(documents.length).toBeGreaterThan(30);
  });

  it.each(documents.map(([name, doc]) => [name, String(doc)]))('%s is valid within the gateway query limits', (_name, query) => {
    expect(tokenLimitExceeded(query, DEFAULT_QUERY_LIMITS.maxTokens)).toBeNull();
    const errors = validate(schema, parse(query), [...specifiedRules, ...limitValidationRules(DEFAULT_QUERY_LIMITS)]);
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
