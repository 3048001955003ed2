import { useEffect, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery } from '../hooks.ts';
import { useSession } from '../session.tsx';
import { Link } from '../router.tsx';
import { Badge, ErrorState, KeyValue, Loading, MutationError, PageHeader, ProgressBar, RunStatusBadge, StatusMessage } from '../components/ui.tsx';
import { LineChart, type Series } from '../charts/LineChart.tsx';
import { ConfusionMatrix } from '../charts/Heatmap.tsx';
import { formatDate, formatDuration, formatNumber, formatPercent } from '../format.ts';

export interface RunEpoch {
  epoch: number;
  loss: number;
  valLoss: number | null;
  metrics: Record<string, number>;
  durationMs: number;
}

export interface Evaluation {
  task: string;
  count: number;
  mse: number | null;
  mae: number | null;
  r2: number | null;
  accuracy: number | null;
  macroF1: number | null;
  rocAuc: number | null;
  labels: string[] | null;
  perClass: { label: string; precision: number; recall: number; f1: number; support: number }[] | null;
  confusionMatrix: number[][] | null;
}

interface RunDetail {
  id: string;
  status: string;
  backend: string | null;
  attempt: number;
  error: string | null;
  log: string;
  cancelRequested: boolean;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  plannedEpochs: number;
  epochs: RunEpoch[];
  evaluation: Evaluation | null;
  modelVersion: { id: string; version: number } | null;
  model: { id: string; name: string; task: string };
}

const EPOCH_FIELDS = 'epoch loss valLoss metrics durationMs';
export const EVALUATION_FIELDS = 'task count mse mae r2 accuracy macroF1 rocAuc labels perClass { label precision recall f1 support } confusionMatrix';

export const RUN_QUERY = /* GraphQL */ `
  query ConsoleRun($id: ID!) {
    run(id: $id) {
      id status backend attempt error log cancelRequested queuedAt startedAt finishedAt plannedEpochs
      epochs { ${EPOCH_FIELDS} }
      evaluation { ${EVALUATION_FIELDS} }
      modelVersion { id version }
      model { id name task }
    }
  }
`;

export const RUN_PROGRESS = /* GraphQL */ `
  subscription ConsoleRunProgress($runId: ID!, $afterEpoch: Int) {
    runProgress(runId: $runId, afterEpoch: $afterEpoch) {
      kind
      epoch { ${EPOCH_FIELDS} }
      run { id status error cancelRequested plannedEpochs }
    }
  }
`;

export const CANCEL_RUN = /* GraphQL */ `
  mutation ConsoleCancelRun($id: ID!) {
    cancelRun(input: { runId: $id }) { run { id status cancelRequested } }
  }
`;

const ACTIVE = new Set(['QUEUED', 'RUNNING']);

type Live = 'connecting' | 'live' | 'ended' | 'failed' | 'off';

export function epochSeries(epochs: RunEpoch[]): { loss: Series[]; metrics: Series[] } {
  const loss: Series[] = [
    { name: 'loss', points: epochs.map((e) => ({ x: e.epoch, y: e.loss })) },
    { name: 'val_loss', dashed: true, points: epochs.filter((e) => e.valLoss != null).map((e) => ({ x: e.epoch, y: e.valLoss! })) },
  ].filter((s) => s.points.length > 0);
  const names = [...new Set(epochs.flatMap((e) => Object.keys(e.metrics ?? {})))].sort((a, b) => a.replace(/^val_/, '').localeCompare(b.replace(/^val_/, '')) || a.length - b.length);
  const metrics: Series[] = names.map((name, i) => ({
    name,
    dashed: name.startsWith('val_'),
    color: ['#2b8a3e', '#2b8a3e', '#ae3ec9', '#ae3ec9', '#0b7285', '#0b7285'][i] ?? undefined,
    points: epochs.filter((e) => typeof e.metrics?.[name] === 'number').map((e) => ({ x: e.epoch, y: e.metrics[name]! })),
  }));
  return { loss, metrics };
}

export function RunPage({ runId }: { runId: string }) {
  const session = useSession();
  const run = useQuery<{ run: RunDetail }>(RUN_QUERY, { id: runId });
  const [epochs, setEpochs] = useState<RunEpoch[]>([]);
  const [status, setStatus] = useState<{ status: string; error: string | null; cancelRequested: boolean; plannedEpochs: number } | null>(null);
  const [live, setLive] = useState<Live>('off');
  const cancel = useMutation<{ cancelRun: { run: { status: string; cancelRequested: boolean } } }>(CANCEL_RUN);
  const reloadRef = useRef(run.reload);
  reloadRef.current = run.reload;

  const loaded = run.data?.run;
  // Merge the query's epochs with what the subscription delivered.
  useEffect(() => {
    if (!loaded) return;
    setEpochs((current) => mergeEpochs(current, loaded.epochs));
    setStatus((s) => (s && !ACTIVE.has(loaded.status) ? { ...s, status: loaded.status, error: loaded.error } : (s ?? { status: loaded.status, error: loaded.error, cancelRequested: loaded.cancelRequested, plannedEpochs: loaded.plannedEpochs })));
  }, [loaded]);

  const initiallyActive = loaded ? ACTIVE.has(loaded.status) : false;
  const lastLoadedEpoch = loaded ? Math.max(0, ...loaded.epochs.map((e) => e.epoch)) : 0;

  // Live progress over graphql-ws while the run is queued or running.
  useEffect(() => {
    if (!initiallyActive) return;
    let disposed = false;
    setLive('connecting');
    const unsubscribe = session.ws().subscribe<{ runProgress: { kind: string; epoch: RunEpoch | null; run: { status: string; error: string | null; cancelRequested: boolean; plannedEpochs: number } } }>(
      { query: RUN_PROGRESS, variables: { runId, afterEpoch: lastLoadedEpoch } },
      {
        next: (message) => {
          if (disposed) return;
          setLive('live');
          const event = message.data?.runProgress;
          if (!event) return;
          if (event.epoch) setEpochs((current) => mergeEpochs(current, [event.epoch!]));
          setStatus({ status: event.run.status, error: event.run.error, cancelRequested: event.run.cancelRequested, plannedEpochs: event.run.plannedEpochs });
          if (!ACTIVE.has(event.run.status)) reloadRef.current();
        },
        error: () => {
          if (disposed) return;
          setLive('failed');
        },
        complete: () => {
          if (disposed) return;
          setLive('ended');
          reloadRef.current();
        },
      },
    );
    return () => {
      disposed = true;
      unsubscribe();
    };
    // Subscribes once per page (lastLoadedEpoch is read at that moment on purpose).
  }, [initiallyActive, runId, session]);

  // Fallback when the live connection fails: poll until the run ends.
  const current = status?.status ?? loaded?.status;
  useEffect(() => {
    if (live !== 'failed' || !current || !ACTIVE.has(current)) return;
    const timer = setInterval(() => reloadRef.current(), 2000);
    return () => clearInterval(timer);
  }, [live, current]);

  const series = useMemo(() => epochSeries(epochs), [epochs]);

  if (run.loading && !run.data) return <Loading label="Loading the run…" />;
  if (run.error && !run.data)
    return (
      <>
        <PageHeader title="Run" />
        <ErrorState title="Could not load this run" error={run.error} onRetry={run.reload} />
        <p>
          <Link to="/runs">Back to runs</Link>
        </p>
      </>
    );
  const r = loaded!;
  const state = status ?? { status: r.status, error: r.error, cancelRequested: r.cancelRequested, plannedEpochs: r.plannedEpochs };
  const planned = state.plannedEpochs || r.plannedEpochs;
  const lastEpoch = epochs.length ? epochs[epochs.length - 1]! : null;
  const active = ACTIVE.has(state.status);

  return (
    <>
      <PageHeader
        title={`Run ${r.id.slice(0, 8)}`}
        description={
          <>
            Training <Link to={`/models/${r.model.id}`}>{r.model.name}</Link>
          </>
        }
        actions={
          active ? (
            <button
              type="button"
              className="danger"
              disabled={cancel.running || state.cancelRequested}
              onClick={() => {
                cancel
                  .run({ id: r.id })
                  .then((d) => setStatus((s) => ({ ...(s ?? state), status: d.cancelRun.run.status, cancelRequested: d.cancelRun.run.cancelRequested })))
                  .catch(() => undefined);
              }}
            >
              {state.cancelRequested ? 'Cancelling…' : cancel.running ? 'Cancelling…' : 'Cancel run'}
            </button>
          ) : r.modelVersion ? (
            <Link className="button" to={`/playground?model=${r.model.id}&version=${r.modelVersion.version}`}>
              Try it in the playground
            </Link>
          ) : null
        }
      />
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/runs">Runs</Link> / <Link to={`/models/${r.model.id}`}>{r.model.name}</Link> / <span aria-current="page">{r.id.slice(0, 8)}</span>
      </nav>
      <MutationError error={cancel.error} />
      <section className="card" aria-labelledby="progress-title">
        <div className="section-head">
          <h2 id="progress-title">Progress</h2>
          <span className="badges">
            <RunStatusBadge status={state.status} />
            {live === 'live' ? <Badge tone="info">live</Badge> : live === 'connecting' ? <Badge>connecting…</Badge> : live === 'failed' ? <Badge tone="warn">live updates lost: polling</Badge> : null}
          </span>
        </div>
        <ProgressBar value={lastEpoch?.epoch ?? 0} max={planned} label="Training progress" />
        <p className="run-progress-text" role="status" aria-live="polite" data-epoch={lastEpoch?.epoch ?? 0} data-planned={planned}>
          {lastEpoch ? `Epoch ${lastEpoch.epoch} of ${planned}` : state.status === 'QUEUED' ? 'Waiting for a worker…' : `0 of ${planned} epochs`}
          {lastEpoch ? ` — loss ${formatNumber(lastEpoch.loss)}${lastEpoch.valLoss != null ? `, val_loss ${formatNumber(lastEpoch.valLoss)}` : ''}` : ''}
          {!active ? ` · ${state.status.toLowerCase()}` : ''}
          {state.status === 'SUCCEEDED' && lastEpoch && lastEpoch.epoch < planned ? ' (stopped early)' : ''}
        </p>
        {state.error ? <StatusMessage kind="error">{state.error}</StatusMessage> : null}
        <div className="chart-row">
          <LineChart title="Loss per epoch" series={series.loss} xDomain={[1, Math.max(planned, 1)]} yLabel="loss" />
          {series.metrics.length > 0 ? <LineChart title="Metrics per epoch" series={series.metrics} xDomain={[1, Math.max(planned, 1)]} yLabel="value" /> : null}
        </div>
        <KeyValue
          items={[
            ['Queued', formatDate(r.queuedAt)],
            ['Started', formatDate(r.startedAt)],
            ['Finished', formatDate(r.finishedAt)],
            ['Backend', r.backend ?? '—'],
            ['Attempt', String(r.attempt)],
            ['Time per epoch', epochs.length ? formatDuration(epochs.reduce((s, e) => s + e.durationMs, 0) / epochs.length) : '—'],
            ['Model version', r.modelVersion ? `v${r.modelVersion.version}` : '—'],
          ]}
        />
      </section>
      {r.evaluation ? <EvaluationSection evaluation={r.evaluation} /> : !active && state.status === 'SUCCEEDED' ? <Loading label="Loading the evaluation…" /> : null}
      {r.log ? (
        <section className="card" aria-labelledby="log-title">
          <h2 id="log-title">Log</h2>
          <pre className="code log" tabIndex={0}>
            {r.log}
          </pre>
        </section>
      ) : null}
    </>
  );
}

function mergeEpochs(current: RunEpoch[], incoming: RunEpoch[]): RunEpoch[] {
  if (incoming.length === 0) return current;
  const byEpoch = new Map(current.map((e) => [e.epoch, e]));
  for (const e of incoming) byEpoch.set(e.epoch, e);
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}

export function EvaluationSection({ evaluation: e }: { evaluation: Evaluation }) {
  const items: [string, string][] = [['Test rows', String(e.count)]];
  if (e.accuracy != null) items.push(['Accuracy', formatPercent(e.accuracy)]);
  if (e.macroF1 != null) items.push(['Macro F1', formatNumber(e.macroF1, 3)]);
  if (e.rocAuc != null) items.push(['ROC AUC', formatNumber(e.rocAuc, 3)]);
  if (e.mse != null) items.push(['MSE', formatNumber(e.mse)]);
  if (e.mae != null) items.push(['MAE', formatNumber(e.mae)]);
  if (e.r2 != null) items.push(['R²', formatNumber(e.r2, 3)]);
  return (
    <section className="card" aria-labelledby="eval-title">
      <h2 id="eval-title">Evaluation on the test split</h2>
      <KeyValue items={items} />
      <div className="chart-row">
        {e.labels && e.confusionMatrix ? <ConfusionMatrix labels={e.labels} matrix={e.confusionMatrix} /> : null}
        {e.perClass && e.perClass.length > 0 ? (
          <div className="table-wrap">
            <table>
              <caption>Per class</caption>
              <thead>
                <tr>
                  <th scope="col">Class</th>
                  <th scope="col" className="num">
                    Precision
                  </th>
                  <th scope="col" className="num">
                    Recall
                  </th>
                  <th scope="col" className="num">
                    F1
                  </th>
                  <th scope="col" className="num">
                    Support
                  </th>
                </tr>
              </thead>
              <tbody>
                {e.perClass.map((c) => (
                  <tr key={c.label}>
                    <th scope="row">{c.label}</th>
                    <td className="num">{formatNumber(c.precision, 3)}</td>
                    <td className="num">{formatNumber(c.recall, 3)}</td>
                    <td className="num">{formatNumber(c.f1, 3)}</td>
                    <td className="num">{c.support}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </section>
  );
}
