// Line chart (loss / metrics per epoch; overlaid runs for comparison). Plain SVG, with a text
// summary for screen readers and the numbers in a collapsible table.
import { useId } from 'react';
import { PALETTE, formatTick, linear, niceTicks } from './scale.ts';

export interface Point {
  x: number;
  y: number;
}

export interface Series {
  name: string;
  points: Point[];
  color?: string;
  dashed?: boolean;
}

export interface LineChartProps {
  title: string;
  series: Series[];
  xLabel?: string;
  yLabel?: string;
  /** Fixed x range (e.g. 1..plannedEpochs so a live chart grows to the right). */
  xDomain?: [number, number];
  height?: number;
  integerX?: boolean;
}

const WIDTH = 480;
const MARGIN = { top: 14, right: 16, bottom: 40, left: 56 };

export function LineChart({ title, series, xLabel = 'epoch', yLabel, xDomain, height = 280, integerX = true }: LineChartProps) {
  const titleId = useId();
  const all = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.y) && Number.isFinite(p.x));
  const colored = series.map((s, i) => ({ ...s, color: s.color ?? PALETTE[i % PALETTE.length]! }));

  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  const x0 = xDomain?.[0] ?? (xs.length ? Math.min(...xs) : 0);
  const x1 = Math.max(xDomain?.[1] ?? 0, xs.length ? Math.max(...xs) : 1);
  const yTicks = ys.length ? niceTicks(Math.min(...ys), Math.max(...ys), 5) : [0, 1];
  const y0 = yTicks[0] ?? 0;
  const y1 = yTicks[yTicks.length - 1] ?? 1;
  const innerW = WIDTH - MARGIN.left - MARGIN.right;
  const innerH = height - MARGIN.top - MARGIN.bottom;
  const sx = linear([x0, x1 === x0 ? x0 + 1 : x1], [MARGIN.left, MARGIN.left + innerW]);
  const sy = linear([y0, y1], [MARGIN.top + innerH, MARGIN.top]);
  let xTicks = niceTicks(x0, x1, Math.min(10, Math.max(1, x1 - x0)));
  if (integerX) xTicks = [...new Set(xTicks.filter((t) => Number.isInteger(t) && t >= x0 && t <= x1))];

  const summary = colored
    .filter((s) => s.points.length > 0)
    .map((s) => {
      const first = s.points[0]!;
      const last = s.points[s.points.length - 1]!;
      return `${s.name}: ${formatTick(first.y)} at ${xLabel} ${first.x} to ${formatTick(last.y)} at ${xLabel} ${last.x}`;
    })
    .join('; ');
  const xValues = [...new Set(all.map((p) => p.x))].sort((a, b) => a - b);

  return (
    <figure className="chart line-chart" aria-labelledby={titleId}>
      <figcaption id={titleId}>{title}</figcaption>
      {all.length === 0 ? (
        <p className="chart-empty">No data points yet.</p>
      ) : (
        <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={titleId} aria-describedby={`${titleId}-desc`} preserveAspectRatio="xMidYMid meet">
          <desc id={`${titleId}-desc`}>{summary}</desc>
          <g className="grid" aria-hidden="true">
            {yTicks.map((t) => (
              <g key={`y${t}`}>
                <line x1={MARGIN.left} x2={MARGIN.left + innerW} y1={sy(t)} y2={sy(t)} />
                <text x={MARGIN.left - 8} y={sy(t)} dy="0.32em" textAnchor="end">
                  {formatTick(t)}
                </text>
              </g>
            ))}
            {xTicks.map((t) => (
              <text key={`x${t}`} x={sx(t)} y={MARGIN.top + innerH + 18} textAnchor="middle">
                {formatTick(t)}
              </text>
            ))}
            <line className="axis" x1={MARGIN.left} x2={MARGIN.left + innerW} y1={MARGIN.top + innerH} y2={MARGIN.top + innerH} />
            <text className="axis-label" x={MARGIN.left + innerW / 2} y={height - 6} textAnchor="middle">
              {xLabel}
            </text>
            {yLabel ? (
              <text className="axis-label" transform={`translate(14 ${MARGIN.top + innerH / 2}) rotate(-90)`} textAnchor="middle">
                {yLabel}
              </text>
            ) : null}
          </g>
          {colored.map((s) => {
            const pts = s.points.filter((p) => Number.isFinite(p.y));
            if (pts.length === 0) return null;
            const d = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
            return (
              <g key={s.name} className="series" data-series={s.name} data-points={pts.length}>
                <path d={d} fill="none" stroke={s.color} strokeWidth={2} strokeDasharray={s.dashed ? '6 4' : undefined} />
                {pts.map((p) => (
                  <circle key={p.x} cx={sx(p.x)} cy={sy(p.y)} r={3} fill={s.color}>
                    <title>{`${s.name}, ${xLabel} ${p.x}: ${formatTick(p.y)}`}</title>
                  </circle>
                ))}
              </g>
            );
          })}
        </svg>
      )}
      <ul className="legend">
        {colored.map((s) => (
          <li key={s.name}>
            <svg width="22" height="10" aria-hidden="true">
              <line x1="0" x2="22" y1="5" y2="5" stroke={s.color} strokeWidth="3" strokeDasharray={s.dashed ? '5 3' : undefined} />
            </svg>
            {s.name}
          </li>
        ))}
      </ul>
      {all.length > 0 ? (
        <details className="chart-data">
          <summary>Data table</summary>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{xLabel}</th>
                  {colored.map((s) => (
                    <th scope="col" key={s.name}>
                      {s.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {xValues.map((x) => (
                  <tr key={x}>
                    <th scope="row">{x}</th>
                    {colored.map((s) => (
                      <td key={s.name}>{formatValue(s.points.find((p) => p.x === x)?.y)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </figure>
  );
}

function formatValue(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '—' : Number(v.toPrecision(5)).toString();
}
