// Vertical bars: a numeric column's histogram, usage per day.
import { useId } from 'react';
import { PALETTE, formatTick, linear, niceTicks } from './scale.ts';

export interface Bar {
  label: string;
  value: number;
  /** Tooltip / accessible description of the bar. */
  description?: string;
}

export interface BarChartProps {
  title: string;
  bars: Bar[];
  height?: number;
  width?: number;
  color?: string;
  /** Labels under the first and last bar only (e.g. a histogram's range). */
  edgeLabels?: [string, string];
  yLabel?: string;
  compact?: boolean;
}

export function BarChart({ title, bars, height = 180, width = 420, color = PALETTE[0], edgeLabels, yLabel, compact = false }: BarChartProps) {
  const titleId = useId();
  const margin = compact ? { top: 6, right: 6, bottom: 22, left: 36 } : { top: 10, right: 10, bottom: 40, left: 52 };
  const innerW = width - margin.left - margin.right;
  const innerH = height - margin.top - margin.bottom;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const ticks = niceTicks(0, max || 1, compact ? 3 : 4);
  const top = ticks[ticks.length - 1] ?? 1;
  const sy = linear([0, top], [margin.top + innerH, margin.top]);
  const step = bars.length ? innerW / bars.length : innerW;
  const gap = Math.min(4, step * 0.15);
  const peak = bars.reduce((best, b) => (b.value > (best?.value ?? -Infinity) ? b : best), bars[0]);
  const summary = bars.length
    ? `${bars.length} bars; highest ${peak?.description ?? `${peak?.label}: ${peak?.value}`}.`
    : 'No data.';
  const showEveryLabel = !edgeLabels && bars.length <= 12;

  return (
    <figure className={`chart bar-chart${compact ? ' compact' : ''}`} aria-labelledby={titleId}>
      <figcaption id={titleId}>{title}</figcaption>
      {bars.length === 0 ? (
        <p className="chart-empty">No data.</p>
      ) : (
        <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={titleId} aria-describedby={`${titleId}-desc`}>
          <desc id={`${titleId}-desc`}>{summary}</desc>
          <g className="grid" aria-hidden="true">
            {ticks.map((t) => (
              <g key={t}>
                <line x1={margin.left} x2={margin.left + innerW} y1={sy(t)} y2={sy(t)} />
                <text x={margin.left - 6} y={sy(t)} dy="0.32em" textAnchor="end">
                  {formatTick(t)}
                </text>
              </g>
            ))}
            {yLabel && !compact ? (
              <text className="axis-label" transform={`translate(12 ${margin.top + innerH / 2}) rotate(-90)`} textAnchor="middle">
                {yLabel}
              </text>
            ) : null}
          </g>
          <g className="bars">
            {bars.map((b, i) => {
              const x = margin.left + i * step + gap / 2;
              const y = sy(b.value);
              return (
                <rect key={`${b.label}-${i}`} x={x} y={y} width={Math.max(1, step - gap)} height={Math.max(0, margin.top + innerH - y)} fill={color}>
                  <title>{b.description ?? `${b.label}: ${b.value}`}</title>
                </rect>
              );
            })}
          </g>
          <g className="grid" aria-hidden="true">
            <line className="axis" x1={margin.left} x2={margin.left + innerW} y1={margin.top + innerH} y2={margin.top + innerH} />
            {edgeLabels ? (
              <>
                <text x={margin.left} y={margin.top + innerH + 15} textAnchor="start">
                  {edgeLabels[0]}
                </text>
                <text x={margin.left + innerW} y={margin.top + innerH + 15} textAnchor="end">
                  {edgeLabels[1]}
                </text>
              </>
            ) : showEveryLabel ? (
              bars.map((b, i) => (
                <text key={`${b.label}-${i}`} x={margin.left + i * step + step / 2} y={margin.top + innerH + 15} textAnchor="middle">
                  {b.label}
                </text>
              ))
            ) : (
              <>
                <text x={margin.left} y={margin.top + innerH + 15} textAnchor="start">
                  {bars[0]?.label}
                </text>
                <text x={margin.left + innerW} y={margin.top + innerH + 15} textAnchor="end">
                  {bars[bars.length - 1]?.label}
                </text>
              </>
            )}
          </g>
        </svg>
      )}
    </figure>
  );
}

export interface HistogramBin {
  start: number;
  end: number;
  count: number;
}

export function Histogram({ column, bins }: { column: string; bins: HistogramBin[] }) {
  const first = bins[0];
  const last = bins[bins.length - 1];
  return (
    <BarChart
      compact
      width={300}
      height={130}
      title={`Histogram of ${column}`}
      bars={bins.map((b) => ({ label: formatTick(b.start), value: b.count, description: `${formatTick(b.start)} to ${formatTick(b.end)}: ${b.count} rows` }))}
      edgeLabels={first && last ? [formatTick(first.start), formatTick(last.end)] : undefined}
    />
  );
}
