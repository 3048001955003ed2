// @vitest-environment node
// Every GraphQL document the console sends is valid against the SDL in schema/*.graphql and within
// the gateway's query limits (depth, aliases, cost, tokens): a query the server would refuse with
// 400 would show up as a console error in the browser.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildASTSchema, parse, specifiedRules, validate, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY_LIMITS } from '../../gateway/src/config.ts';
import { limitValidationRules, tokenLimitExceeded } from '../../gateway/src/http/limits.ts';

const SCHEMA_DIR = path.resolve(import.meta.dirname, '../../../schema');

function loadSchema() {
  const sdl = readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(path.join(SCHEMA_DIR, f), 'utf8'))
    .join('\n');
  return buildASTSchema(parse(sdl));
}

const modules = import.meta.glob(['../src/**/*.tsx', '../src/**/*.ts', '!../src/**/*.test.*', '!../src/test/**', '!../src/pages/ExplorerPage.tsx', '!../src/main.tsx', '!../src/lib/monaco-workers.ts'], {
  eager: true,
});

function documents(): [string, string][] {
  const found: [string, string][] = [];
  for (const [file, exports] of Object.entries(modules)) {
    for (const [name, value] of Object.entries(exports as Record<string, unknown>)) {
      if (typeof value === 'string' && /^\s*(query|mutation|subscription)\s+Console\w+/.test(value)) found.push([`${path.basename(file)}.${name}`, value]);
    }
  }
  return found;
}

describe('GraphQL documents of the console', () => {
  const schema = loadSchema();
  const rules = [...specifiedRules, ...limitValidationRules(DEFAULT_QUERY_LIMITS)];
  const docs = documents();

  it('finds every operation (one name each)', () => {
    expect(docs.length).toBeGreaterThan(30);
    const names = docs.map(([, text]) => /(?:query|mutation|subscription)\s+(\w+)/.exec(text)![1]);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(docs)('%s is valid and within the query limits', (_name, text) => {
    expect(tokenLimitExceeded(text, DEFAULT_QUERY_LIMITS.maxTokens)).toBeNull();
    const document: DocumentNode = parse(text);
    const errors = validate(schema, document, rules).map((e) => e.message);
    expect(errors).toEqual([]);
  });
});
