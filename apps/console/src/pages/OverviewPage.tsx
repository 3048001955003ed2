import { useState } from 'react';
import { useSession } from '../session.tsx';
import { useQuery } from '../hooks.ts';
import { Link } from '../router.tsx';
import { Badge, Empty, ErrorState, KeyValue, Loading, PageHeader, RunStatusBadge, Unavailable } from '../components/ui.tsx';
import { BarChart } from '../charts/BarChart.tsx';
import { formatBytes, formatDate } from '../format.ts';

export interface UsageDay {
  day: string;
  predictions: number;
  trainingRuns: number;
  uploadedBytes: number;
}

export const USAGE_QUERY = /* GraphQL */ `
  query ConsoleUsage($days: Int) {
    usage(days: $days) { day predictions trainingRuns uploadedBytes }
  }
`;

export const RECENT_RUNS = /* GraphQL */ `
  query ConsoleRecentRuns {
    runs(first: 5) { edges { node { id status queuedAt model { id name } } } }
  }
`;

export function OverviewPage() {
  const { viewer } = useSession();
  return (
    <>
      <PageHeader title="Overview" description="Your tenant, the key you are using and its recent activity." />
      <section className="card" aria-labelledby="tenant-title">
        <h2 id="tenant-title">Tenant</h2>
        <KeyValue
          items={[
            ['Tenant', viewer.tenant ? viewer.tenant.name : 'none (platform operator key)'],
            ['Tenant ID', viewer.tenant ? <code>{viewer.tenant.id}</code> : '—'],
            ['Created', formatDate(viewer.tenant?.createdAt)],
            ['Signed in with', viewer.apiKey ? `${viewer.apiKey.name} (${viewer.apiKey.prefix}…)` : 'operator key'],
            [
              'Scopes',
              <span className="badges">
                {viewer.scopes.map((s) => (
                  <Badge key={s}>{s}</Badge>
                ))}
              </span>,
            ],
            ['Key expires', viewer.apiKey?.expiresAt ? formatDate(viewer.apiKey.expiresAt) : 'never'],
          ]}
        />
      </section>
      <UsageSection />
      <RecentRuns />
    </>
  );
}

export function UsageSection() {
  const { capabilities } = useSession();
  const available = capabilities.has('Query.usage');
  const [days, setDays] = useState(30);
  const usage = useQuery<{ usage: UsageDay[] }>(USAGE_QUERY, { days }, { skip: !available });
  const rows = usage.data?.usage ?? [];
  return (
    <section className="card" aria-labelledby="usage-title">
      <div className="section-head">
        <h2 id="usage-title">Usage per day</h2>
        {available ? (
          <div className="field inline">
            <label htmlFor="usage-days">Period</label>
            <select id="usage-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
              <option value={7}>7 days</option>
              <option value={30}>30 days</option>
              <option value={90}>90 days</option>
            </select>
          </div>
        ) : null}
      </div>
      {!available ? (
        <Unavailable feature="Usage per day">
          <p>
            The API has no <code>usage</code> query yet. Once the gateway adds it, predictions, training runs and uploaded bytes per day appear here.
          </p>
        </Unavailable>
      ) : usage.loading && !usage.data ? (
        <Loading label="Loading usage…" />
      ) : usage.error ? (
        <ErrorState title="Could not load usage" error={usage.error} onRetry={usage.reload} />
      ) : rows.length === 0 ? (
        <Empty title="No usage in this period." />
      ) : (
        <>
          <div className="chart-row">
            <BarChart title="Predictions per day" bars={rows.map((r) => ({ label: r.day.slice(5), value: r.predictions, description: `${r.day}: ${r.predictions} predictions` }))} />
            <BarChart title="Training runs per day" color="#2b8a3e" bars={rows.map((r) => ({ label: r.day.slice(5), value: r.trainingRuns, description: `${r.day}: ${r.trainingRuns} runs` }))} />
            <BarChart
              title="Uploaded per day"
              color="#ae3ec9"
              bars={rows.map((r) => ({ label: r.day.slice(5), value: r.uploadedBytes, description: `${r.day}: ${formatBytes(r.uploadedBytes)}` }))}
            />
          </div>
          <details>
            <summary>Usage table</summary>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Predictions</th>
                    <th scope="col">Training runs</th>
                    <th scope="col">Uploaded</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.day}>
                      <th scope="row">{r.day}</th>
                      <td>{r.predictions}</td>
                      <td>{r.trainingRuns}</td>
                      <td>{formatBytes(r.uploadedBytes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}

function RecentRuns() {
  const runs = useQuery<{ runs: { edges: { node: { id: string; status: string; queuedAt: string; model: { id: string; name: string } } }[] } }>(RECENT_RUNS);
  const edges = runs.data?.runs.edges ?? [];
  return (
    <section className="card" aria-labelledby="recent-title">
      <h2 id="recent-title">Recent runs</h2>
      {runs.loading && !runs.data ? (
        <Loading label="Loading runs…" />
      ) : runs.error ? (
        <ErrorState title="Could not load runs" error={runs.error} onRetry={runs.reload} />
      ) : edges.length === 0 ? (
        <Empty title="No training runs yet.">
          <p>
            Upload a <Link to="/datasets">dataset</Link>, then <Link to="/models/new">define a model</Link> and start a run.
          </p>
        </Empty>
      ) : (
        <ul className="plain-list">
          {edges.map(({ node }) => (
            <li key={node.id}>
              <RunStatusBadge status={node.status} /> <Link to={`/runs/${node.id}`}>{node.model.name}</Link> <span className="muted">queued {formatDate(node.queuedAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
