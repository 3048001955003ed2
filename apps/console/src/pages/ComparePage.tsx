import { useMemo, useState } from 'react';
import { useQuery } from '../hooks.ts';
import { Link, useLocation } from '../router.tsx';
import { Empty, ErrorState, Loading, PageHeader, RunStatusBadge } from '../components/ui.tsx';
import { LineChart } from '../charts/LineChart.tsx';
import { PALETTE } from '../charts/scale.ts';
import { formatNumber } from '../format.ts';
import type { RunEpoch } from './RunPage.tsx';

interface CompareData {
  compareRuns: {
    runs: { id: string; status: string; plannedEpochs: number; model: { id: string; name: string }; epochs: RunEpoch[] }[];
    rows: { metric: string; values: (number | null)[]; bestRunId: string | null }[];
  };
}

export const COMPARE_QUERY = /* GraphQL */ `
  query ConsoleCompareRuns($ids: [ID!]!) {
    compareRuns(ids: $ids) {
      runs { id status plannedEpochs model { id name } epochs { epoch loss valLoss metrics durationMs } }
      rows { metric values bestRunId }
    }
  }
`;

export function ComparePage() {
  const { search } = useLocation();
  const ids = (search.get('ids') ?? '').split(',').filter(Boolean).slice(0, 20);
  const compare = useQuery<CompareData>(COMPARE_QUERY, { ids }, { skip: ids.length === 0 });
  const [curve, setCurve] = useState('val_loss');
  const runs = compare.data?.compareRuns.runs ?? [];
  const rows = compare.data?.compareRuns.rows ?? [];

  const curveNames = useMemo(() => {
    const names = new Set<string>(['loss']);
    for (const r of runs)
      for (const e of r.epochs) {
        if (e.valLoss != null) names.add('val_loss');
        for (const k of Object.keys(e.metrics ?? {})) names.add(k);
      }
    return [...names];
  }, [runs]);
  const chosen = curveNames.includes(curve) ? curve : (curveNames[0] ?? 'loss');
  const labelOf = (r: { id: string; model: { name: string } }) => `${r.model.name} · ${r.id.slice(0, 8)}`;
  const series = runs.map((r, i) => ({
    name: labelOf(r),
    color: PALETTE[i % PALETTE.length],
    points: r.epochs
      .map((e) => ({ x: e.epoch, y: chosen === 'loss' ? e.loss : chosen === 'val_loss' ? (e.valLoss ?? NaN) : (e.metrics?.[chosen] ?? NaN) }))
      .filter((p) => Number.isFinite(p.y)),
  }));

  return (
    <>
      <PageHeader title="Compare runs" description="Test metrics side by side and training curves overlaid." />
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/runs">Runs</Link> / <span aria-current="page">Compare</span>
      </nav>
      {ids.length === 0 ? (
        <Empty title="No runs selected.">
          <p>
            Select runs on the <Link to="/runs">runs page</Link> and choose “Compare selected”.
          </p>
        </Empty>
      ) : compare.loading && !compare.data ? (
        <Loading label="Comparing runs…" />
      ) : compare.error ? (
        <ErrorState title="Could not compare these runs" error={compare.error} onRetry={compare.reload} />
      ) : (
        <>
          <section className="card" aria-labelledby="curves-title">
            <div className="section-head">
              <h2 id="curves-title">Curves</h2>
              <div className="field inline">
                <label htmlFor="curve">Metric</label>
                <select id="curve" value={chosen} onChange={(e) => setCurve(e.target.value)}>
                  {curveNames.map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <LineChart title={`${chosen} per epoch`} series={series} yLabel={chosen} />
          </section>
          <section className="card" aria-labelledby="metrics-title">
            <h2 id="metrics-title">Test metrics</h2>
            {rows.length === 0 ? (
              <Empty title="None of these runs has an evaluation yet." />
            ) : (
              <div className="table-wrap">
                <table className="compare-table">
                  <thead>
                    <tr>
                      <th scope="col">Metric</th>
                      {runs.map((r) => (
                        <th scope="col" key={r.id}>
                          <Link to={`/runs/${r.id}`}>{labelOf(r)}</Link> <RunStatusBadge status={r.status} />
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => (
                      <tr key={row.metric}>
                        <th scope="row">{row.metric}</th>
                        {row.values.map((v, i) => {
                          const best = row.bestRunId !== null && runs[i]?.id === row.bestRunId;
                          return (
                            <td key={runs[i]?.id ?? i} className={best ? 'best' : undefined}>
                              {best ? (
                                <strong>
                                  {formatNumber(v)} <span className="visually-hidden">(best)</span>
                                  <span aria-hidden="true"> ★</span>
                                </strong>
                              ) : (
                                formatNumber(v)
                              )}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </>
  );
}
