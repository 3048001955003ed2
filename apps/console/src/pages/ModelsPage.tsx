import { useQuery } from '../hooks.ts';
import { Link } from '../router.tsx';
import { Badge, Empty, ErrorState, Loading, PageHeader, RunStatusBadge } from '../components/ui.tsx';
import { formatDate } from '../format.ts';

interface ModelRow {
  id: string;
  name: string;
  task: string;
  source: string;
  createdAt: string;
  datasetVersion: { id: string; version: number; dataset: { id: string; name: string } } | null;
  runs: { edges: { node: { id: string; status: string } }[] };
}

export const MODELS_QUERY = /* GraphQL */ `
  query ConsoleModels {
    models(first: 100) {
      edges {
        node {
          id name task source createdAt
          datasetVersion { id version dataset { id name } }
          runs(first: 1) { edges { node { id status } } }
        }
      }
    }
  }
`;

export function ModelsPage() {
  const models = useQuery<{ models: { edges: { node: ModelRow }[] } }>(MODELS_QUERY);
  const rows = models.data?.models.edges.map((e) => e.node) ?? [];
  return (
    <>
      <PageHeader
        title="Models"
        description="Model definitions: an architecture and training settings for one dataset version."
        actions={
          <Link className="button" to="/models/new">
            Define a model
          </Link>
        }
      />
      <section className="card" aria-labelledby="models-title">
        <h2 id="models-title">All models</h2>
        {models.loading && !models.data ? (
          <Loading label="Loading models…" />
        ) : models.error ? (
          <ErrorState title="Could not load models" error={models.error} onRetry={models.reload} />
        ) : rows.length === 0 ? (
          <Empty title="No models yet.">
            <p>
              <Link to="/models/new">Define a model</Link> from a preset or a list of layers.
            </p>
          </Empty>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Task</th>
                  <th scope="col">Dataset</th>
                  <th scope="col">Latest run</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((m) => {
                  const latest = m.runs.edges[0]?.node;
                  return (
                    <tr key={m.id}>
                      <th scope="row">
                        <Link to={`/models/${m.id}`}>{m.name}</Link>
                        {m.source === 'IMPORTED' ? <Badge tone="info">imported</Badge> : null}
                      </th>
                      <td>{m.task.toLowerCase()}</td>
                      <td>{m.datasetVersion ? <Link to={`/datasets/${m.datasetVersion.dataset.id}?version=${m.datasetVersion.id}`}>{`${m.datasetVersion.dataset.name} v${m.datasetVersion.version}`}</Link> : '—'}</td>
                      <td>
                        {latest ? (
                          <Link to={`/runs/${latest.id}`}>
                            <RunStatusBadge status={latest.status} />
                          </Link>
                        ) : (
                          <span className="muted">never trained</span>
                        )}
                      </td>
                      <td>{formatDate(m.createdAt)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
