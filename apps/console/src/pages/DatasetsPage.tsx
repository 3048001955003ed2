import { useState } from 'react';
import { useQuery } from '../hooks.ts';
import { Link, navigate } from '../router.tsx';
import { Badge, Empty, ErrorState, Loading, PageHeader } from '../components/ui.tsx';
import { UploadForm } from '../components/UploadForm.tsx';
import { formatBytes, formatDate } from '../format.ts';

interface DatasetRow {
  id: string;
  name: string;
  description: string | null;
  updatedAt: string;
  latestVersion: { id: string; version: number; rowCount: number; byteSize: number; labelColumn: string | null; task: string | null } | null;
}

export const DATASETS_QUERY = /* GraphQL */ `
  query ConsoleDatasets($after: String) {
    datasets(first: 50, after: $after) {
      edges { node { id name description updatedAt latestVersion { id version rowCount byteSize labelColumn task } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export function DatasetsPage() {
  const [after, setAfter] = useState<string | null>(null);
  const [showForm, setShowForm] = useState(false);
  const list = useQuery<{ datasets: { edges: { node: DatasetRow }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(DATASETS_QUERY, { after });
  const rows = list.data?.datasets.edges.map((e) => e.node) ?? [];
  return (
    <>
      <PageHeader
        title="Datasets"
        description="Uploaded data with inferred column types, statistics and train / validation / test splits."
        actions={
          <button type="button" onClick={() => setShowForm((v) => !v)} aria-expanded={showForm} aria-controls="new-dataset">
            {showForm ? 'Close' : 'Upload a dataset'}
          </button>
        }
      />
      {showForm || (list.data && rows.length === 0 && !after) ? (
        <div id="new-dataset">
          <UploadForm onUploaded={(version, datasetId) => navigate(`/datasets/${datasetId}?version=${version.id}`)} />
        </div>
      ) : null}
      <section className="card" aria-labelledby="datasets-title">
        <h2 id="datasets-title">All datasets</h2>
        {list.loading && !list.data ? (
          <Loading label="Loading datasets…" />
        ) : list.error ? (
          <ErrorState title="Could not load datasets" error={list.error} onRetry={list.reload} />
        ) : rows.length === 0 ? (
          <Empty title="No datasets yet.">
            <p>Upload a CSV or JSON file above to create the first one.</p>
          </Empty>
        ) : (
          <>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Latest version</th>
                    <th scope="col">Rows</th>
                    <th scope="col">Size</th>
                    <th scope="col">Label</th>
                    <th scope="col">Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((d) => (
                    <tr key={d.id}>
                      <th scope="row">
                        <Link to={`/datasets/${d.id}`}>{d.name}</Link>
                        {d.description ? <div className="muted small">{d.description}</div> : null}
                      </th>
                      <td>{d.latestVersion ? `v${d.latestVersion.version}` : <span className="muted">no data yet</span>}</td>
                      <td>{d.latestVersion?.rowCount.toLocaleString('en-US') ?? '—'}</td>
                      <td>{formatBytes(d.latestVersion?.byteSize)}</td>
                      <td>
                        {d.latestVersion?.labelColumn ? (
                          <>
                            <code>{d.latestVersion.labelColumn}</code> {d.latestVersion.task ? <Badge>{d.latestVersion.task.toLowerCase()}</Badge> : null}
                          </>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>{formatDate(d.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="button-row">
              {after ? (
                <button type="button" className="secondary" onClick={() => setAfter(null)}>
                  First page
                </button>
              ) : null}
              {list.data?.datasets.pageInfo.hasNextPage ? (
                <button type="button" className="secondary" onClick={() => setAfter(list.data?.datasets.pageInfo.endCursor ?? null)}>
                  Next page
                </button>
              ) : null}
            </div>
          </>
        )}
      </section>
    </>
  );
}
