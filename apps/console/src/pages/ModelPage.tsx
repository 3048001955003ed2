import { useMutation, useQuery } from '../hooks.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { Badge, Empty, ErrorState, KeyValue, Loading, MutationError, PageHeader, StatusMessage } from '../components/ui.tsx';
import { LayersTable, type ModelLayer } from '../components/LayersTable.tsx';
import { RUN_ROW_FIELDS, RunsTable, type RunRow } from '../components/RunsTable.tsx';
import { START_RUN } from './NewModelPage.tsx';
import { formatDate } from '../format.ts';

interface ModelDetail {
  model: {
    id: string;
    name: string;
    task: string;
    source: string;
    loss: string;
    createdAt: string;
    spec: Record<string, unknown>;
    datasetVersion: { id: string; version: number; labelColumn: string | null; dataset: { id: string; name: string } } | null;
    layers: ModelLayer[];
    runs: { edges: { node: RunRow }[] };
    versions: { edges: { node: { id: string; version: number; createdAt: string; run: { id: string } | null } }[] };
  };
}

export const MODEL_QUERY = /* GraphQL */ `
  query ConsoleModel($id: ID!) {
    model(id: $id) {
      id name task source loss createdAt spec
      datasetVersion { id version labelColumn dataset { id name } }
      layers { name type outputShape params }
      runs(first: 50) { edges { node { ${RUN_ROW_FIELDS} } } }
      versions(first: 20) { edges { node { id version createdAt run { id } } } }
    }
  }
`;

export function ModelPage({ modelId }: { modelId: string }) {
  const { search } = useLocation();
  const model = useQuery<ModelDetail>(MODEL_QUERY, { id: modelId });
  const start = useMutation<{ startRun: { run: { id: string } } }>(START_RUN);

  if (model.loading && !model.data) return <Loading label="Loading the model…" />;
  if (model.error && !model.data)
    return (
      <>
        <PageHeader title="Model" />
        <ErrorState title="Could not load this model" error={model.error} onRetry={model.reload} />
        <p>
          <Link to="/models">Back to models</Link>
        </p>
      </>
    );
  const m = model.data!.model;
  const runs = m.runs.edges.map((e) => e.node);
  const versions = m.versions.edges.map((e) => e.node);
  const startRun = () => {
    start
      .run({ modelId: m.id })
      .then((data) => navigate(`/runs/${data.startRun.run.id}`))
      .catch(() => undefined);
  };

  return (
    <>
      <PageHeader
        title={m.name}
        description={`${m.task.toLowerCase()} model${m.source === 'IMPORTED' ? ' (imported ONNX)' : ''}`}
        actions={
          <>
            {m.source === 'TRAINED' ? (
              <button type="button" onClick={startRun} disabled={start.running}>
                {start.running ? 'Starting…' : 'Start a training run'}
              </button>
            ) : null}
            <Link className="button secondary" to={`/registry?model=${m.id}`}>
              Registry
            </Link>
            <Link className="button secondary" to={`/playground?model=${m.id}`}>
              Playground
            </Link>
          </>
        }
      />
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/models">Models</Link> / <span aria-current="page">{m.name}</span>
      </nav>
      {search.get('startFailed') && !start.data ? <StatusMessage kind="error">The model was created, but its first run could not be started. Try again below.</StatusMessage> : null}
      <MutationError error={start.error} />
      <section className="card" aria-labelledby="def-title">
        <h2 id="def-title">Definition</h2>
        <KeyValue
          items={[
            ['Task', <Badge>{m.task.toLowerCase()}</Badge>],
            [
              'Dataset',
              m.datasetVersion ? (
                <Link to={`/datasets/${m.datasetVersion.dataset.id}?version=${m.datasetVersion.id}`}>{`${m.datasetVersion.dataset.name} v${m.datasetVersion.version}`}</Link>
              ) : (
                '—'
              ),
            ],
            ['Label', m.datasetVersion?.labelColumn ? <code>{m.datasetVersion.labelColumn}</code> : '—'],
            ['Loss', m.loss],
            ['Epochs', String(m.spec.epochs ?? '—')],
            ['Batch size', String(m.spec.batchSize ?? '—')],
            ['Created', formatDate(m.createdAt)],
          ]}
        />
        {m.layers.length > 0 ? <LayersTable layers={m.layers} caption="Layers (output layer last)" /> : null}
        <details>
          <summary>Stored definition (JSON)</summary>
          <pre className="code">{JSON.stringify(m.spec, null, 2)}</pre>
        </details>
      </section>
      <section className="card" aria-labelledby="runs-title">
        <h2 id="runs-title">Runs</h2>
        {runs.length === 0 ? (
          <Empty title="This model has not been trained yet.">{m.source === 'TRAINED' ? <p>Start a training run with the button above.</p> : null}</Empty>
        ) : (
          <RunsTable runs={runs} />
        )}
      </section>
      <section className="card" aria-labelledby="mv-title">
        <h2 id="mv-title">Versions</h2>
        {versions.length === 0 ? (
          <Empty title="No versions yet: a successful run creates one." />
        ) : (
          <ul className="plain-list">
            {versions.map((v) => (
              <li key={v.id}>
                <strong>v{v.version}</strong> <span className="muted">{formatDate(v.createdAt)}</span>
                {v.run ? (
                  <>
                    {' · '}
                    <Link to={`/runs/${v.run.id}`}>run {v.run.id.slice(0, 8)}</Link>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to={`/registry?model=${m.id}`}>Manage aliases and gates in the registry</Link>
        </p>
      </section>
    </>
  );
}
