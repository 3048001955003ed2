// SDK logic that needs no server: URLs, errors, the browser upload path, training-handle resumption,
// and that the package bundles for browsers.
import path from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ModelGraphError, isModelGraphError } from './errors.ts';
import { TrainingRun, type Sink, type TrainingDeps } from './training.ts';
import { endpoints, responseError } from './transport.ts';
import { formatFromName, uploadDatasetVersion, uploadQuery } from './upload.ts';
import type { RunFieldsFragment, RunProgressSubscription } from './generated/graphql.ts';

describe('endpoints', () => {
  it('accept the base URL or the /graphql URL, with or without a path prefix', () => {
    expect(endpoints('http://localhost:4000')).toEqual({ base: 'http://localhost:4000', graphql: 'http://localhost:4000/graphql', ws: 'ws://localhost:4000/graphql' });
    expect(endpoints('http://localhost:4000/graphql/')).toEqual(endpoints('http://localhost:4000'));
    expect(endpoints('https://example.com/mg/graphql')).toEqual({ base: 'https://example.com/mg', graphql: 'https://example.com/mg/graphql', ws: 'wss://example.com/mg/graphql' });
    expect(() => endpoints('localhost:4000')).toThrow(ModelGraphError);
    expect(() => endpoints('nope')).toThrow(/not a URL/);
  });
});

describe('errors', () => {
  it('map HTTP answers without a GraphQL body to codes', () => {
    expect(responseError(401, '').code).toBe('UNAUTHENTICATED');
    expect(responseError(502, '<html>bad gateway</html>')).toMatchObject({ code: 'HTTP_ERROR', status: 502, extensions: { status: 502 } });
    const graphql = responseError(400, JSON.stringify({ errors: [{ message: 'bad', extensions: { code: 'BAD_USER_INPUT', line: 3 } }, { message: 'worse' }] }));
    expect(graphql).toMatchObject({ code: 'BAD_USER_INPUT', status: 400, message: 'bad (and 1 more error)', extensions: { line: 3 } });
    expect(graphql.errors).toHaveLength(2);
    expect(isModelGraphError(graphql, 'NOT_FOUND')).toBe(false);
    expect(graphql.is('BAD_USER_INPUT')).toBe(true);
  });
});

describe('uploads', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('infer the format from the file name and put options in the query', () => {
    expect(formatFromName('a/b/cars.CSV')).toBe('CSV');
    expect(formatFromName('x.ndjson')).toBe('JSONL');
    expect(formatFromName('x.json')).toBe('JSON');
    expect(formatFromName('x.parquet')).toBeUndefined();
    const query = new URLSearchParams(uploadQuery({ labelColumn: 'y', split: { train: 0.8, validation: 0.1, test: 0.1 }, columnTypes: { a: 'TEXT' } }, 'CSV'));
    expect(query.get('format')).toBe('CSV');
    expect(query.get('labelColumn')).toBe('y');
    expect(JSON.parse(query.get('options')!)).toEqual({ split: { train: 0.8, validation: 0.1, test: 0.1 }, columnTypes: [{ column: 'a', type: 'TEXT' }] });
  });

  it('use XMLHttpRequest upload events in a browser', async () => {
    const sent: { method?: string; url?: string; headers: Record<string, string>; body?: unknown } = { headers: {} };
    class FakeXhr {
      status = 0;
      responseText = '';
      upload: { onprogress: ((e: { loaded: number; total: number }) => void) | null } = { onprogress: null };
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      onabort: (() => void) | null = null;
      open(method: string, url: string) {
        sent.method = method;
        sent.url = url;
      }
      setRequestHeader(key: string, value: string) {
        sent.headers[key] = value;
      }
      abort() {}
      send(body: Blob) {
        sent.body = body;
        queueMicrotask(() => {
          this.upload.onprogress?.({ loaded: 4, total: body.size });
          this.upload.onprogress?.({ loaded: body.size, total: body.size });
          this.status = 201;
          this.responseText = JSON.stringify({ data: { datasetVersion: { id: 'v1', version: 1 } } });
          this.onload?.();
        });
      }
    }
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const progress: unknown[] = [];
    const file = new File(['a,b\n1,2\n'], 'tiny.csv');
    const fetchSpy = vi.fn();
    const version = await uploadDatasetVersion(
      { baseUrl: 'https://mg.example', apiKey: 'mg_live_x', headers: undefined, customFetch: undefined, fetch: fetchSpy },
      'ds 1',
      file,
      { labelColumn: 'b', onProgress: (p) => progress.push(p) },
    );
    expect(version).toMatchObject({ id: 'v1', version: 1 });
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('https://mg.example/upload/datasets/ds%201/versions?format=CSV&labelColumn=b');
    expect(sent.headers.authorization).toBe('Bearer mg_live_x');
    expect(sent.body).toBe(file);
    expect(progress).toEqual([{ loaded: 8, total: 8 }]);
  });

  it('report a refused upload as a ModelGraphError', async () => {
    const fetch = vi.fn(async (_url: string, init?: RequestInit) => {
      // Read the streamed body, as a server would.
      await new Response(init!.body).arrayBuffer();
      return new Response(JSON.stringify({ errors: [{ message: 'bad quote', extensions: { code: 'BAD_USER_INPUT', reason: 'PARSE_ERROR', line: 2 } }] }), { status: 400 });
    });
    const error = await uploadDatasetVersion({ baseUrl: 'http://x', apiKey: 'k', headers: undefined, customFetch: fetch, fetch }, 'd', new Uint8Array([97, 10]), { format: 'CSV' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', status: 400, extensions: { reason: 'PARSE_ERROR', line: 2 } });
    expect(fetch.mock.calls[0]![1]).toMatchObject({ method: 'POST', duplex: 'half' });
  });
});

type Event = RunProgressSubscription['runProgress'];

function event(epoch: number | null, status: Event['run']['status'] = 'RUNNING'): Event {
  return {
    kind: epoch === null ? 'STATUS' : 'EPOCH',
    run: { id: 'r1', status, attempt: 1, backend: 'cpu', error: null, cancelRequested: false, plannedEpochs: 5, startedAt: null, finishedAt: null },
    epoch: epoch === null ? null : { epoch, loss: 1 / epoch, valLoss: null, metrics: {}, durationMs: 1, createdAt: '' },
  };
}

/** A fake subscription transport: each `listen` call runs the next script. */
function fakeDeps(scripts: Array<(sink: Sink<{ runProgress: Event }>) => void>) {
  const calls: Array<{ afterEpoch: number | null }> = [];
  let unsubscribed = 0;
  const deps: TrainingDeps = {
    async listen(_doc, variables, sink) {
      calls.push(variables as { afterEpoch: number | null });
      const script = scripts[calls.length - 1];
      if (!script) throw new Error('no more scripts');
      setTimeout(() => script(sink as Sink<{ runProgress: Event }>), 0);
      return () => {
        unsubscribed += 1;
      };
    },
    fetchRun: async () => ({ id: 'r1', status: 'SUCCEEDED' }) as RunFieldsFragment,
    cancelRun: async () => ({ id: 'r1', status: 'RUNNING' }) as RunFieldsFragment,
  };
  return { deps, calls, unsubscribed: () => unsubscribed };
}

describe('TrainingRun', () => {
  it('resumes after a dropped connection from the last epoch, skipping repeats', async () => {
    const { deps, calls } = fakeDeps([
      (sink) => {
        sink.next({ runProgress: event(null) });
        sink.next({ runProgress: event(1) });
        sink.next({ runProgress: event(2) });
        sink.error({ code: 1006, reason: '' });
      },
      (sink) => {
        sink.next({ runProgress: event(null) }); // the same status again: dropped
        sink.next({ runProgress: event(2) }); // a repeat: dropped
        sink.next({ runProgress: event(3) });
        sink.next({ runProgress: event(null, 'SUCCEEDED') });
        sink.complete();
      },
    ]);
    const run = new TrainingRun(deps, 'r1');
    const epochs: number[] = [];
    for await (const e of run) epochs.push(e.epoch);
    expect(epochs).toEqual([1, 2, 3]);
    const kinds: string[] = [];
    for await (const e of run.events()) kinds.push(e.epoch ? `epoch ${e.epoch.epoch}` : e.run.status);
    expect(kinds).toEqual(['RUNNING', 'epoch 1', 'epoch 2', 'epoch 3', 'SUCCEEDED']);
    expect(calls).toEqual([
      { runId: 'r1', afterEpoch: null },
      { runId: 'r1', afterEpoch: 2 },
    ]);
    expect(run.status).toBe('SUCCEEDED');
    expect((await run.done()).status).toBe('SUCCEEDED');
  });

  it('fails on a refused key instead of retrying', async () => {
    const { deps, calls } = fakeDeps([(sink) => sink.error({ code: 4401, reason: 'Invalid API key' })]);
    const error = await new TrainingRun(deps, 'r1').done().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Invalid API key' });
    expect(calls).toHaveLength(1);
  });

  it('unsubscribes when the last consumer stops early', async () => {
    const { deps, unsubscribed } = fakeDeps([
      (sink) => {
        sink.next({ runProgress: event(1) });
        sink.next({ runProgress: event(2) });
      },
    ]);
    const run = new TrainingRun(deps, 'r1', { afterEpoch: 0 });
    for await (const e of run) if (e.epoch === 1) break;
    await new Promise((r) => setTimeout(r, 10));
    expect(unsubscribed()).toBe(1);
  });
});

describe('the package', () => {
  it('bundles for browsers: no Node-only module in the main entry', async () => {
    const result = await build({
      entryPoints: [path.join(import.meta.dirname, 'index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/from\s*["']node:/);
    expect(code).not.toMatch(/require\(["'](fs|path|ws|node:)/);
  });
});
