import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { mockApi, renderSignedIn } from '../test/api.tsx';

// graphql-ws replaced by a client the test drives.
const ws = vi.hoisted(() => {
  const state = {
    options: null as any,
    subscriptions: [] as { payload: any; sink: { next(v: unknown): void; error(e: unknown): void; complete(): void }; disposed: boolean }[],
  };
  return state;
});
vi.mock('graphql-ws', () => ({
  createClient: (options: unknown) => {
    ws.options = options;
    return {
      subscribe(payload: unknown, sink: any) {
        const sub = { payload, sink, disposed: false };
        ws.subscriptions.push(sub);
        return () => {
          sub.disposed = true;
        };
      },
      dispose: async () => undefined,
      on: () => () => undefined,
      terminate: () => undefined,
    };
  },
}));

const epoch = (n: number) => ({ epoch: n, loss: 1 / n, valLoss: 1.1 / n, metrics: { accuracy: 0.5 + n / 20, val_accuracy: 0.45 + n / 20 }, durationMs: 20 });

function runData(status: string, epochs: number[], extra: Record<string, unknown> = {}) {
  return {
    run: {
      id: 'r1',
      status,
      backend: 'wasm',
      attempt: 1,
      error: null,
      log: '',
      cancelRequested: false,
      queuedAt: '2026-01-01T00:00:00Z',
      startedAt: null,
      finishedAt: null,
      plannedEpochs: 5,
      epochs: epochs.map(epoch),
      evaluation: null,
      modelVersion: null,
      model: { id: 'm1', name: 'mlp', task: 'MULTICLASS' },
      ...extra,
    },
  };
}

const EVALUATION = {
  task: 'MULTICLASS',
  count: 10,
  mse: null,
  mae: null,
  r2: null,
  accuracy: 0.8,
  macroF1: 0.75,
  rocAuc: null,
  labels: ['a', 'b'],
  perClass: [
    { label: 'a', precision: 0.8, recall: 0.9, f1: 0.85, support: 5 },
    { label: 'b', precision: 0.7, recall: 0.6, f1: 0.65, support: 5 },
  ],
  confusionMatrix: [
    [4, 1],
    [1, 4],
  ],
};

describe('run page', () => {
  beforeEach(() => {
    ws.subscriptions = [];
    ws.options = null;
  });

  it('follows runProgress live: the chart grows epoch by epoch to the last one, then shows the evaluation', async () => {
    let finished = false;
    mockApi({
      ConsoleRun: () =>
        finished ? runData('SUCCEEDED', [1, 2, 3, 4, 5], { evaluation: EVALUATION, modelVersion: { id: 'mv1', version: 1 } }) : runData('RUNNING', [1]),
    });
    renderSignedIn('/runs/r1', 'mg_live_k');
    expect(await screen.findByText(/Epoch 1 of 5/)).toBeTruthy();
    await waitFor(() => expect(ws.subscriptions).toHaveLength(1));
    const sub = ws.subscriptions[0]!;
    expect(sub.payload.variables).toEqual({ runId: 'r1', afterEpoch: 1 });
    expect(ws.options.connectionParams).toEqual({ authorization: 'Bearer mg_live_k' });
    expect(ws.options.url).toMatch(/^ws:\/\/.*\/graphql$/);

    const status = { id: 'r1', status: 'RUNNING', error: null, cancelRequested: false, plannedEpochs: 5 };
    for (const n of [2, 3, 4]) {
      act(() => sub.sink.next({ data: { runProgress: { kind: 'EPOCH', epoch: epoch(n), run: status } } }));
    }
    expect(await screen.findByText(/Epoch 4 of 5/)).toBeTruthy();
    const loss = () => document.querySelector('[data-series="loss"]')!.getAttribute('data-points');
    expect(loss()).toBe('4');
    expect(screen.getByRole('figure', { name: 'Metrics per epoch' }).querySelector('[data-series="val_accuracy"]')).toBeTruthy();

    finished = true;
    act(() => sub.sink.next({ data: { runProgress: { kind: 'EPOCH', epoch: epoch(5), run: status } } }));
    act(() => sub.sink.next({ data: { runProgress: { kind: 'STATUS', epoch: null, run: { ...status, status: 'SUCCEEDED' } } } }));
    act(() => sub.sink.complete());
    expect(await screen.findByText(/Epoch 5 of 5/)).toBeTruthy();
    expect(loss()).toBe('5');
    expect(await screen.findByRole('img', { name: /Confusion matrix/ })).toBeTruthy();
    expect(screen.getByText('80.0%')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Try it in the playground' }).getAttribute('href')).toBe('/playground?model=m1&version=1');
    expect(screen.queryByRole('button', { name: 'Cancel run' })).toBeNull();
  });

  it('cancels a running run', async () => {
    const api = mockApi({
      ConsoleRun: () => runData('RUNNING', [1, 2]),
      ConsoleCancelRun: () => ({ cancelRun: { run: { id: 'r1', status: 'RUNNING', cancelRequested: true } } }),
    });
    renderSignedIn('/runs/r1');
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel run' }));
    expect(await screen.findByRole('button', { name: 'Cancelling…' })).toBeTruthy();
    expect(api.calls.find((c) => c.operation === 'ConsoleCancelRun')!.variables).toEqual({ id: 'r1' });
  });

  it('does not subscribe to a finished run and shows its failure', async () => {
    mockApi({ ConsoleRun: () => runData('FAILED', [1], { error: 'NaN loss at epoch 2' }) });
    renderSignedIn('/runs/r1');
    expect(await screen.findByText('NaN loss at epoch 2')).toBeTruthy();
    expect(ws.subscriptions).toHaveLength(0);
  });

  it('falls back to polling when the live connection fails', async () => {
    let calls = 0;
    mockApi({ ConsoleRun: () => (++calls, runData('RUNNING', [1])) });
    renderSignedIn('/runs/r1');
    await waitFor(() => expect(ws.subscriptions).toHaveLength(1));
    act(() => ws.subscriptions[0]!.sink.error(new Error('socket closed')));
    expect(await screen.findByText(/live updates lost/)).toBeTruthy();
    await waitFor(() => expect(calls).toBeGreaterThan(1), { timeout: 5000 });
  });
});
