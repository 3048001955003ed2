// Test helpers: a fetch mock that answers GraphQL operations by name, and <App> rendered signed in.
import { render } from '@testing-library/react';
import { vi } from 'vitest';
import { App } from '../App.tsx';
import { STORAGE_KEY, type Viewer } from '../session.tsx';

export type Handler = (variables: Record<string, any>) => unknown;

export interface ApiMock {
  calls: { operation: string; variables: Record<string, any>; headers: Record<string, string> }[];
  fetch: ReturnType<typeof vi.fn>;
}

export const VIEWER: Viewer = {
  tenant: { id: 't1', name: 'acme', createdAt: '2026-01-01T00:00:00Z' },
  apiKey: { id: 'k1', name: 'admin', prefix: 'mg_live_abcdef123456', scopes: ['ADMIN'], expiresAt: null },
  scopes: ['ADMIN'],
  isOperator: false,
};

/** Fields the introspection-based capability check reports. */
export const ALL_FIELDS = {
  query: ['ping', 'me', 'apiKeys', 'datasets', 'dataset', 'datasetVersion', 'models', 'model', 'run', 'runs', 'compareRuns', 'validateModel', 'predict', 'usage'],
  mutation: ['createApiKey', 'revokeApiKey', 'createDataset', 'createModel', 'startRun', 'cancelRun', 'setAlias', 'deleteAlias'],
  model: ['id', 'name', 'aliases'],
  modelVersion: ['id', 'version', 'signature', 'aliases', 'onnx'],
};

export function capabilities(fields: Partial<typeof ALL_FIELDS> = ALL_FIELDS) {
  const out: Record<string, { fields: { name: string }[] }> = {};
  for (const [alias, names] of Object.entries({ query: [], mutation: [], model: [], modelVersion: [], ...fields })) {
    out[alias] = { fields: (names as string[]).map((name) => ({ name })) };
  }
  return out;
}

/** `{ data }` for a plain value; return `{ errors: [...] }` from a handler to answer with errors. */
export function mockApi(handlers: Record<string, Handler>, options: { fields?: Partial<typeof ALL_FIELDS>; viewer?: Viewer } = {}): ApiMock {
  const calls: ApiMock['calls'] = [];
  const all: Record<string, Handler> = {
    ConsoleMe: () => ({ me: options.viewer ?? VIEWER }),
    ConsoleCapabilities: () => capabilities(options.fields ?? ALL_FIELDS),
    ConsoleRecentRuns: () => ({ runs: { edges: [] } }),
    ConsoleUsage: () => ({ usage: [] }),
    ...handlers,
  };
  const fetchMock = vi.fn(async (_url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as { query: string; variables?: Record<string, any> };
    const operation = /(?:query|mutation|subscription)\s+(\w+)/.exec(body.query)?.[1] ?? 'anonymous';
    const headers = init.headers as Record<string, string>;
    calls.push({ operation, variables: body.variables ?? {}, headers });
    const handler = all[operation];
    if (!handler) {
      return new Response(JSON.stringify({ errors: [{ message: `no mock for ${operation}`, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }), { status: 200 });
    }
    try {
      const result = await handler(body.variables ?? {});
      if (result && typeof result === 'object' && 'errors' in result) {
        const status = (result as { status?: number }).status ?? 200;
        return new Response(JSON.stringify({ data: null, errors: (result as { errors: unknown }).errors }), { status });
      }
      return new Response(JSON.stringify({ data: result }), { status: 200, headers: { 'content-type': 'application/json' } });
    } catch (error) {
      return new Response(JSON.stringify({ errors: [{ message: (error as Error).message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }), { status: 200 });
    }
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetch: fetchMock };
}

export function gqlError(code: string, message = code, extensions: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { code, ...extensions } }] };
}

/** Renders the whole app at `path`, already signed in with a (mocked) valid key. */
export function renderSignedIn(path = '/', key = 'mg_live_testkey') {
  window.sessionStorage.setItem(STORAGE_KEY, key);
  window.history.replaceState(null, '', path);
  return render(<App />);
}
