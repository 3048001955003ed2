// Runs with a checkbox each, to compare the selected ones.
import { useState } from 'react';
import { Link, navigate } from '../router.tsx';
import { RunStatusBadge } from './ui.tsx';
import { formatDate, formatNumber, formatPercent } from '../format.ts';

export interface RunRow {
  id: string;
  status: string;
  queuedAt: string;
  finishedAt: string | null;
  plannedEpochs: number;
  model?: { id: string; name: string };
  evaluation: { accuracy: number | null; macroF1: number | null; mse: number | null; mae: number | null; r2: number | null } | null;
}

export const RUN_ROW_FIELDS = 'id status queuedAt finishedAt plannedEpochs evaluation { accuracy macroF1 mse mae r2 }';

export function RunsTable({ runs, showModel = false }: { runs: RunRow[]; showModel?: boolean }) {
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = (id: string, on: boolean) => setSelected((s) => (on ? [...s, id] : s.filter((x) => x !== id)));
  return (
    <>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Select for comparison</span>
              </th>
              <th scope="col">Run</th>
              {showModel ? <th scope="col">Model</th> : null}
              <th scope="col">Status</th>
              <th scope="col">Epochs</th>
              <th scope="col">Test metric</th>
              <th scope="col">Queued</th>
              <th scope="col">Finished</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>
                  <input type="checkbox" aria-label={`Select run ${r.id.slice(0, 8)} for comparison`} checked={selected.includes(r.id)} onChange={(e) => toggle(r.id, e.target.checked)} />
                </td>
                <th scope="row">
                  <Link to={`/runs/${r.id}`}>
                    <code>{r.id.slice(0, 8)}</code>
                  </Link>
                </th>
                {showModel ? <td>{r.model ? <Link to={`/models/${r.model.id}`}>{r.model.name}</Link> : '—'}</td> : null}
                <td>
                  <RunStatusBadge status={r.status} />
                </td>
                <td>{r.plannedEpochs}</td>
                <td>{headlineMetric(r.evaluation)}</td>
                <td>{formatDate(r.queuedAt)}</td>
                <td>{formatDate(r.finishedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="button-row">
        <button type="button" disabled={selected.length < 2} onClick={() => navigate(`/compare?ids=${selected.join(',')}`)}>
          Compare selected ({selected.length})
        </button>
        {selected.length < 2 ? <span className="muted small">Select two or more runs to compare them.</span> : null}
      </div>
    </>
  );
}

export function headlineMetric(e: RunRow['evaluation']): string {
  if (!e) return '—';
  if (e.accuracy != null) return `accuracy ${formatPercent(e.accuracy)}`;
  if (e.r2 != null) return `R² ${formatNumber(e.r2, 3)}`;
  if (e.mae != null) return `MAE ${formatNumber(e.mae)}`;
  return '—';
}
