import { afterEach, describe, expect, it } from 'vitest';
import type { OutputBatch } from './feeds.ts';
import { SessionPool, SessionPoolError, type PoolEvent, type SessionPoolOptions } from './session-pool.ts';
import { heavyFeeds, heavyModel, oddReshapeModel, tinyFeeds, tinyModel } from './test-models.ts';

const HEAVY_ROWS = 1024;
const heavy = heavyModel(1024, 24); // 4 MiB: above the default offThreadBytes

const pools: SessionPool[] = [];
function pool(models: Record<string, Uint8Array>, opts: Partial<SessionPoolOptions> = {}) {
  const loads: string[] = [];
  const events: PoolEvent[] = [];
  const p = new SessionPool({
    load: async (key) => {
      loads.push(key);
      const bytes = models[key];
      if (!bytes) throw new Error(`no model ${key}`);
      return bytes;
    },
    sessionOptions: { intraOpNumThreads: 1 },
    onEvent: (e) => events.push(e),
    ...opts,
  });
  pools.push(p);
  return { pool: p, loads, events };
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

function plain(out: OutputBatch) {
  return Object.fromEntries(
    Object.entries(out.tensors).map(([k, t]) => [k, { type: t.type, rowShape: t.rowShape, data: Array.from(t.data as ArrayLike<unknown>) }]),
  );
}

describe('SessionPool', () => {
  it('gives identical outputs inline and in a worker thread, for every batch type', async () => {
    const models = { tiny: tinyModel(), heavy: heavyModel(256, 4) };
    const inline = pool(models, { mode: 'inline' }).pool;
    const thread = pool(models, { mode: 'thread' }).pool;
    const a = await inline.run('tiny', tinyFeeds(5));
    const b = await thread.run('tiny', tinyFeeds(5));
    expect(plain(b)).toEqual(plain(a));
    expect(a.rows).toBe(5);
    expect(a.tensors.y!.rowShape).toEqual([2]);
    expect(a.tensors.k).toMatchObject({ type: 'int64', rowShape: [] });
    expect(a.tensors.s_out!.data).toEqual(['row-0', 'row-1', 'row-2', 'row-3', 'row-4']);
    const h1 = await inline.run('heavy', heavyFeeds(3, 256));
    const h2 = await thread.run('heavy', heavyFeeds(3, 256));
    expect(plain(h2)).toEqual(plain(h1));
    expect(inline.peek('tiny')?.thread).toBe(false);
    expect(thread.peek('tiny')).toMatchObject({
      thread: true,
      inputs: [{ name: 'x', type: 'float32', shape: [null, 4] }, { name: 's', type: 'string', shape: [null, 1] }],
      outputs: [{ name: 'y', type: 'float32', shape: [null, 2] }, { name: 'k', type: 'int64', shape: [null] }, { name: 's_out', type: 'string', shape: [null, 1] }],
    });
    expect(thread.peek('tiny')!.warmupMs).not.toBeNull();
  });

  it("'auto' runs models above offThreadBytes in a thread", async () => {
    const { pool: p } = pool({ small: tinyModel(), big: tinyModel(1, 5000) }, { offThreadBytes: 4096 });
    expect((await p.info('small')).thread).toBe(false);
    expect((await p.info('big')).thread).toBe(true);
  });

  it('spreads thread-mode models over the worker threads', async () => {
    const { pool: p } = pool({ a: heavyModel(256, 2), b: heavyModel(256, 3), c: tinyModel() }, { mode: 'thread', threads: 2 });
    const outs = await Promise.all(['a', 'b', 'c', 'a', 'b'].map((k) => p.run(k, k === 'c' ? tinyFeeds(2) : heavyFeeds(2, 256))));
    expect(outs.map((o) => o.rows)).toEqual([2, 2, 2, 2, 2]);
    const slots = (p as unknown as { slots: ({ sids: Set<number> } | null)[] }).slots;
    expect(slots.map((s) => s?.sids.size)).toEqual([2, 1]); // by hosted bytes: a, b apart; c joins the lighter one
  });

  it('keeps the event loop responsive while a heavy model runs in thread mode', async () => {
    const { pool: p } = pool({ heavy });
    expect((await p.info('heavy')).thread).toBe(true);
    let ticks = 0;
    let last = performance.now();
    let maxGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks++;
    }, 5);
    const started = performance.now();
    const out = await p.run('heavy', heavyFeeds(HEAVY_ROWS));
    const runMs = performance.now() - started;
    clearInterval(timer);
    expect(out.tensors.y!.data.length).toBe(HEAVY_ROWS * 1024);
    expect(runMs).toBeGreaterThan(100); // really heavy, or the check below means nothing
    expect(ticks).toBeGreaterThanOrEqual(5);
    expect(maxGap).toBeLessThan(runMs / 2);
  });

  it('blocks the event loop for the whole run in inline mode (why thread mode exists)', async () => {
    const { pool: p } = pool({ heavy }, { mode: 'inline' });
    await p.info('heavy');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    const pending = p.run('heavy', heavyFeeds(HEAVY_ROWS));
    await pending;
    const runMs = performance.now() - started;
    clearInterval(timer);
    expect(ticks).toBeLessThan(Math.max(3, runMs / 5 / 4));
  });

  it('de-duplicates concurrent loads and does not cache failed loads', async () => {
    const { pool: p, loads } = pool({ tiny: tinyModel() });
    const outs = await Promise.all(Array.from({ length: 6 }, () => p.run('tiny', tinyFeeds(2))));
    expect(outs).toHaveLength(6);
    expect(loads).toEqual(['tiny']);
    await expect(p.run('missing', tinyFeeds(1))).rejects.toThrow('no model missing');
    await expect(p.run('missing', tinyFeeds(1))).rejects.toThrow('no model missing');
    expect(loads).toEqual(['tiny', 'missing', 'missing']);
  });

  it('evicts the least recently used session when over maxSessions', async () => {
    const models = { a: tinyModel(1), b: tinyModel(2), c: tinyModel(3) };
    const { pool: p, loads, events } = pool(models, { maxSessions: 2 });
    await p.info('a');
    await p.info('b');
    await p.run('a', tinyFeeds(1)); // a is now the most recent
    await p.info('c');
    expect(p.keys()).toEqual(['a', 'c']);
    expect(events.filter((e) => e.type === 'evict')).toEqual([{ type: 'evict', key: 'b', reason: 'lru' }]);
    await p.info('b');
    expect(loads).toEqual(['a', 'b', 'c', 'b']);
    expect(p.keys()).toEqual(['c', 'b']);
  });

  it('evicts by total model bytes and refuses a model above maxBytes', async () => {
    const models = { a: tinyModel(1, 4000), b: tinyModel(2, 4000), c: tinyModel(3, 4000), huge: tinyModel(1, 20_000) };
    const size = models.a.length;
    const { pool: p } = pool(models, { maxBytes: size * 2 + 10 });
    await p.info('a');
    await p.info('b');
    expect(p.bytes).toBe(size * 2);
    await p.info('c');
    expect(p.keys()).toEqual(['b', 'c']);
    expect(p.bytes).toBe(size * 2);
    const err = await p.info('huge').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionPoolError);
    expect((err as SessionPoolError).code).toBe('TOO_LARGE');
    expect(p.keys()).toEqual(['b', 'c']);
  });

  for (const mode of ['inline', 'thread'] as const) {
    it(`releases an evicted session only after its in-flight runs (${mode})`, async () => {
      const { pool: p, events } = pool({ heavy }, { mode });
      await p.info('heavy');
      const running = p.run('heavy', heavyFeeds(64));
      await new Promise((r) => setImmediate(r)); // the run is in flight
      expect(p.evict('heavy')).toBe(true);
      expect(p.has('heavy')).toBe(false);
      expect(events.some((e) => e.type === 'release')).toBe(false);
      const out = await running;
      expect(out.tensors.y!.data.length).toBe(64 * 1024);
      await expect.poll(() => events.filter((e) => e.type === 'release')).toEqual([{ type: 'release', key: 'heavy' }]);
      // A new run loads a fresh session.
      expect((await p.run('heavy', heavyFeeds(1))).rows).toBe(1);
    });
  }

  it('reports run failures as RUN_FAILED and stays usable', async () => {
    for (const mode of ['inline', 'thread'] as const) {
      const { pool: p } = pool({ tiny: tinyModel() }, { mode });
      const { s: _s, ...noString } = tinyFeeds(1).tensors;
      const err = await p.run('tiny', { rows: 1, tensors: noString }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SessionPoolError);
      expect((err as SessionPoolError).code).toBe('RUN_FAILED');
      expect((await p.run('tiny', tinyFeeds(1))).rows).toBe(1);
    }
  });

  it('keeps serving a model whose warm-up failed, and reports why', async () => {
    const { pool: p, events } = pool({ r: oddReshapeModel() });
    const info = await p.info('r');
    expect(info.warmupMs).toBeNull();
    expect(info.warmupError).toMatch(/reshape/i);
    expect(events[0]).toMatchObject({ type: 'load', key: 'r', warmupMs: null });
    const out = await p.run('r', { rows: 2, tensors: { x: { type: 'float32', rowShape: [3], data: new Float32Array([1, 2, 3, 4, 5, 6]) } } });
    expect(Array.from(out.tensors.y!.data as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('recovers when a worker thread dies', async () => {
    const { pool: p, loads, events } = pool({ tiny: tinyModel() }, { mode: 'thread' });
    await p.run('tiny', tinyFeeds(1));
    // Simulate a crash of the worker hosting the session.
    const slot = (p as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots[0]!;
    await slot.worker.terminate();
    await expect.poll(() => events.some((e) => e.type === 'evict' && e.reason === 'worker-exit')).toBe(true);
    expect(p.has('tiny')).toBe(false);
    expect((await p.run('tiny', tinyFeeds(2))).rows).toBe(2);
    expect(loads).toEqual(['tiny', 'tiny']);
  });

  it('refuses work after close', async () => {
    const { pool: p } = pool({ tiny: tinyModel() }, { mode: 'thread' });
    await p.run('tiny', tinyFeeds(1));
    await p.close();
    expect(p.size).toBe(0);
    await expect(p.run('tiny', tinyFeeds(1))).rejects.toMatchObject({ code: 'CLOSED' });
  });
});
