import { describe, expect, it } from 'vitest';
import { BatcherOverloadedError, DynamicBatcher, concatFeeds, sliceOutputs, type BatchStats, type BatcherClock } from './batcher.ts';
import type { FeedBatch, OutputBatch } from './feeds.ts';

/** Manual clock: timers fire only from advance(). */
class FakeClock implements BatcherClock {
  t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;
  now = (): number => this.t;
  setTimer = (fn: () => void, ms: number): (() => void) => {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return () => {
      this.timers = this.timers.filter((x) => x.id !== id);
    };
  };
  advance(ms: number): void {
    this.t += ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= this.t).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) return;
      this.timers = this.timers.filter((x) => x !== due);
      due.fn();
    }
  }
}

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

/** A one-input batch whose values are `start, start+1, …` (one float per row). */
function feeds(rows: number, start = 0): FeedBatch {
  return { rows, tensors: { x: { type: 'float32', rowShape: [1], data: Float32Array.from({ length: rows }, (_, i) => start + i) } } };
}

function values(out: OutputBatch, name = 'y'): number[] {
  return Array.from(out.tensors[name]!.data as Float32Array);
}

/** A run that doubles x into y, records each batch's rows, and can be held open. */
function recorder() {
  const batches: number[][] = [];
  let hold: Promise<void> | null = null;
  let release: () => void = () => {};
  const run = async (b: FeedBatch): Promise<OutputBatch> => {
    const x = b.tensors.x!.data as Float32Array;
    batches.push(Array.from(x));
    if (hold) await hold;
    return { rows: b.rows, tensors: { y: { type: 'float32', rowShape: [1], data: x.map((v) => v * 2) } } };
  };
  return {
    run,
    batches,
    holdNext() {
      hold = new Promise((r) => (release = r));
    },
    release() {
      hold = null;
      release();
    },
  };
}

describe('concatFeeds / sliceOutputs', () => {
  const a: FeedBatch = {
    rows: 2,
    tensors: {
      f: { type: 'float32', rowShape: [2], data: new Float32Array([1, 2, 3, 4]) },
      i: { type: 'int64', rowShape: [], data: new BigInt64Array([1n, 2n]) },
      s: { type: 'string', rowShape: [1], data: ['a', 'b'] },
    },
  };
  const b: FeedBatch = {
    rows: 1,
    tensors: {
      s: { type: 'string', rowShape: [1], data: ['c'] },
      f: { type: 'float32', rowShape: [2], data: new Float32Array([5, 6]) },
      i: { type: 'int64', rowShape: [], data: new BigInt64Array([3n]) },
    },
  };

  it('concatenates every tensor type along dim 0', () => {
    const c = concatFeeds([a, b]);
    expect(c.rows).toBe(3);
    expect(Array.from(c.tensors.f!.data as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(c.tensors.i!.data as BigInt64Array)).toEqual([1n, 2n, 3n]);
    expect(c.tensors.s!.data).toEqual(['a', 'b', 'c']);
    expect(c.tensors.f!.rowShape).toEqual([2]);
  });

  it('returns a single batch as is and rejects mismatched layouts', () => {
    expect(concatFeeds([a])).toBe(a);
    expect(() => concatFeeds([])).toThrow(/at least one/);
    const other: FeedBatch = { rows: 1, tensors: { ...b.tensors, f: { type: 'float32', rowShape: [3], data: new Float32Array(3) } } };
    expect(() => concatFeeds([a, other])).toThrow(/batch 1 has layout/);
  });

  it('slices rows back out as copies', () => {
    const c = concatFeeds([a, b]);
    const s = sliceOutputs(c, 1, 2);
    expect(s.rows).toBe(2);
    expect(Array.from(s.tensors.f!.data as Float32Array)).toEqual([3, 4, 5, 6]);
    expect(Array.from(s.tensors.i!.data as BigInt64Array)).toEqual([2n, 3n]);
    expect(s.tensors.s!.data).toEqual(['b', 'c']);
    (s.tensors.f!.data as Float32Array)[0] = 99;
    expect((c.tensors.f!.data as Float32Array)[2]).toBe(3);
    expect(sliceOutputs(c, 3, 0).rows).toBe(0);
    expect(() => sliceOutputs(c, 2, 2)).toThrow(RangeError);
  });
});

describe('DynamicBatcher', () => {
  it('coalesces submissions until maxQueueDelayMs after the first one', async () => {
    const clock = new FakeClock();
    const r = recorder();
    const b = new DynamicBatcher({ maxBatchSize: 8, maxQueueDelayMs: 5, run: r.run, clock });
    const p1 = b.submit(feeds(1, 0));
    clock.advance(3);
    const p2 = b.submit(feeds(2, 10));
    const p3 = b.submit(feeds(1, 20));
    expect(b.queuedRows).toBe(4);
    clock.advance(1);
    await flush();
    expect(r.batches).toEqual([]);
    clock.advance(1); // 5 ms after the first submission
    expect(values(await p1)).toEqual([0]);
    expect(values(await p2)).toEqual([20, 22]);
    expect(values(await p3)).toEqual([40]);
    expect(r.batches).toEqual([[0, 10, 11, 20]]);
    expect(b.queuedRows).toBe(0);
  });

  it('runs as soon as the batch is full, without waiting for the delay', async () => {
    const clock = new FakeClock();
    const r = recorder();
    const b = new DynamicBatcher({ maxBatchSize: 4, maxQueueDelayMs: 1000, run: r.run, clock });
    const ps = [b.submit(feeds(2, 0)), b.submit(feeds(2, 2))];
    await Promise.all(ps);
    expect(r.batches).toEqual([[0, 1, 2, 3]]);
  });

  it('closes the open batch when the next submission does not fit, and never splits', async () => {
    const clock = new FakeClock();
    const r = recorder();
    const b = new DynamicBatcher({ maxBatchSize: 4, maxQueueDelayMs: 10, run: r.run, clock });
    const p1 = b.submit(feeds(3, 0));
    const p2 = b.submit(feeds(2, 10));
    await p1; // dispatched at once: closed by the submission that did not fit
    await flush();
    expect(r.batches).toEqual([[0, 1, 2]]);
    clock.advance(10);
    expect(values(await p2)).toEqual([20, 22]);
    expect(r.batches).toEqual([[0, 1, 2], [10, 11]]);
  });

  it('runs an oversized submission on its own, in FIFO order', async () => {
    const clock = new FakeClock();
    const r = recorder();
    r.holdNext();
    const b = new DynamicBatcher({ maxBatchSize: 4, maxQueueDelayMs: 10, run: r.run, clock });
    const p0 = b.submit(feeds(1, 0));
    clock.advance(10); // [0] runs and is held
    await flush();
    const p1 = b.submit(feeds(1, 100));
    const big = b.submit(feeds(10, 200));
    const p2 = b.submit(feeds(1, 300));
    r.release();
    await Promise.all([p0, p1, big]);
    expect((await big).rows).toBe(10);
    expect(values(await big)).toEqual(Array.from({ length: 10 }, (_, i) => 2 * (200 + i)));
    clock.advance(10);
    await p2;
    expect(r.batches.map((x) => x[0])).toEqual([0, 100, 200, 300]);
    expect(r.batches.map((x) => x.length)).toEqual([1, 1, 10, 1]);
  });

  it('runs one batch at a time and lets the next one fill meanwhile', async () => {
    const clock = new FakeClock();
    const r = recorder();
    const b = new DynamicBatcher({ maxBatchSize: 4, maxQueueDelayMs: 2, run: r.run, clock });
    r.holdNext();
    const first = b.submit(feeds(4, 0)); // full: runs now and is held
    await flush();
    expect(b.busy).toBe(true);
    const later = [b.submit(feeds(1, 10))];
    clock.advance(5); // due, but the runner is busy
    later.push(b.submit(feeds(1, 20)), b.submit(feeds(1, 30)));
    await flush();
    expect(r.batches.length).toBe(1);
    expect(b.queuedRequests).toBe(3);
    r.release();
    await first;
    await Promise.all(later);
    expect(r.batches).toEqual([[0, 1, 2, 3], [10, 20, 30]]);
  });

  it('rejects every submission of a failed batch with the same error; later batches are unaffected', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const boom = new Error('boom');
    const b = new DynamicBatcher({
      maxBatchSize: 8,
      maxQueueDelayMs: 1,
      clock,
      run: async (f) => {
        if (calls++ === 0) throw boom;
        return { rows: f.rows, tensors: { y: f.tensors.x! } };
      },
    });
    const failed = [b.submit(feeds(1)), b.submit(feeds(2))];
    clock.advance(1);
    const errors = await Promise.all(failed.map((p) => p.then(() => null, (e: unknown) => e)));
    expect(errors[0]).toBe(boom);
    expect(errors[1]).toBe(boom);
    const ok = b.submit(feeds(2, 5));
    clock.advance(1);
    expect(values(await ok)).toEqual([5, 6]);
  });

  it('treats a synchronous throw or a wrong-sized output as a failed batch', async () => {
    const clock = new FakeClock();
    const b1 = new DynamicBatcher({ maxBatchSize: 1, maxQueueDelayMs: 0, clock, run: () => { throw new Error('sync'); } });
    await expect(b1.submit(feeds(1))).rejects.toThrow('sync');
    const b2 = new DynamicBatcher({ maxBatchSize: 8, maxQueueDelayMs: 0, clock, run: async () => feeds(1) });
    const ps = [b2.submit(feeds(1)), b2.submit(feeds(1))];
    clock.advance(0);
    for (const p of ps) await expect(p).rejects.toThrow(/returned 1 rows for a batch of 2/);
  });

  it('reports batch stats', async () => {
    const clock = new FakeClock();
    const stats: BatchStats[] = [];
    const b = new DynamicBatcher({
      maxBatchSize: 8,
      maxQueueDelayMs: 4,
      clock,
      onBatch: (s) => stats.push(s),
      run: async (f) => {
        clock.t += 7; // the run "takes" 7 ms
        return { rows: f.rows, tensors: { y: f.tensors.x! } };
      },
    });
    const ps = [b.submit(feeds(2)), b.submit(feeds(3))];
    clock.advance(4);
    await Promise.all(ps);
    expect(stats).toEqual([{ rows: 5, requests: 2, queueMs: 4, runMs: 7, ok: true }]);
  });

  it('keeps batches of different layouts apart', async () => {
    const clock = new FakeClock();
    const seen: string[][] = [];
    const b = new DynamicBatcher({
      maxBatchSize: 8,
      maxQueueDelayMs: 1,
      clock,
      run: async (f) => {
        seen.push(Object.keys(f.tensors));
        return { rows: f.rows, tensors: {} };
      },
    });
    const other: FeedBatch = { rows: 1, tensors: { z: { type: 'string', rowShape: [1], data: ['q'] } } };
    const ps = [b.submit(feeds(1)), b.submit(other)];
    clock.advance(1);
    await Promise.all(ps);
    expect(seen).toEqual([['x'], ['z']]);
  });

  it('rejects malformed submissions without affecting the queue, and sheds load past maxQueuedRows', async () => {
    const clock = new FakeClock();
    const r = recorder();
    const b = new DynamicBatcher({ maxBatchSize: 8, maxQueueDelayMs: 1, run: r.run, clock, maxQueuedRows: 3 });
    await expect(b.submit({ rows: 2, tensors: { x: { type: 'float32', rowShape: [1], data: new Float32Array(3) } } })).rejects.toThrow(/3 values/);
    await expect(b.submit(feeds(0))).rejects.toThrow(/at least one row/);
    const ok = b.submit(feeds(2));
    await expect(b.submit(feeds(2))).rejects.toBeInstanceOf(BatcherOverloadedError);
    clock.advance(1);
    expect((await ok).rows).toBe(2);
  });

  it('with maxQueueDelayMs 0 (real clock) coalesces everything submitted in the same tick', async () => {
    const r = recorder();
    const b = new DynamicBatcher({ maxBatchSize: 64, maxQueueDelayMs: 0, run: r.run });
    // Like GraphQL fields resolved in parallel, some of which await (microtasks) before submitting.
    const sameTick = [
      b.submit(feeds(1, 0)),
      Promise.resolve().then(() => b.submit(feeds(1, 1))),
      (async () => {
        await null;
        await null;
        return b.submit(feeds(2, 2));
      })(),
    ];
    const outs = await Promise.all(sameTick);
    expect(outs.map((o) => values(o))).toEqual([[0], [2], [4, 6]]);
    expect(r.batches).toEqual([[0, 1, 2, 3]]);
    await b.submit(feeds(1, 9));
    expect(r.batches.length).toBe(2);
  });
});
