import { useQuery } from '../hooks.ts';
import { useSearchParam } from '../router.tsx';
import { Empty, ErrorState, Loading, PageHeader } from '../components/ui.tsx';
import { RUN_ROW_FIELDS, RunsTable, type RunRow } from '../components/RunsTable.tsx';
import { Link } from '../router.tsx';

const STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

export const RUNS_QUERY = /* GraphQL */ `
  query ConsoleRuns($status: RunStatus) {
    runs(first: 100, status: $status) { edges { node { ${RUN_ROW_FIELDS} model { id name } } } }
  }
`;

export function RunsPage() {
  const [status, setStatus] = useSearchParam('status');
  const runs = useQuery<{ runs: { edges: { node: RunRow }[] } }>(RUNS_QUERY, { status: status && STATUSES.includes(status) ? status : null });
  const rows = runs.data?.runs.edges.map((e) => e.node) ?? [];
  return (
    <>
      <PageHeader title="Runs" description="Training runs of every model, newest first. Select runs to compare their metrics and curves." />
      <section className="card" aria-labelledby="runs-title">
        <div className="section-head">
          <h2 id="runs-title">All runs</h2>
          <div className="field inline">
            <label htmlFor="status-filter">Status</label>
            <select id="status-filter" value={status ?? ''} onChange={(e) => setStatus(e.target.value || null)}>
              <option value="">any</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s.toLowerCase()}
                </option>
              ))}
            </select>
          </div>
        </div>
        {runs.loading && !runs.data ? (
          <Loading label="Loading runs…" />
        ) : runs.error ? (
          <ErrorState title="Could not load runs" error={runs.error} onRetry={runs.reload} />
        ) : rows.length === 0 ? (
          <Empty title={status ? `No ${status.toLowerCase()} runs.` : 'No runs yet.'}>
            <p>
              Runs start from a model’s page. <Link to="/models">Go to models</Link>.
            </p>
          </Empty>
        ) : (
          <RunsTable runs={rows} showModel />
        )}
      </section>
    </>
  );
}
