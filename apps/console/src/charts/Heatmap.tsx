// Confusion matrix as a heat map: rows are true classes, columns predicted ones. Colour is the
// share of the row (recall), so small classes are as readable as large ones; counts are printed.
import { useId } from 'react';

export interface ConfusionMatrixProps {
  labels: string[];
  matrix: number[][];
  title?: string;
}

export function ConfusionMatrix({ labels, matrix, title = 'Confusion matrix (test split)' }: ConfusionMatrixProps) {
  const titleId = useId();
  const n = labels.length;
  const cell = n <= 4 ? 64 : n <= 8 ? 48 : 32;
  const labelSpace = Math.min(140, 12 + Math.max(...labels.map((l) => l.length), 4) * 7);
  const left = labelSpace + 24;
  const top = labelSpace + 24;
  const width = left + n * cell + 8;
  const height = top + n * cell + 8;
  const total = matrix.flat().reduce((a, b) => a + b, 0);
  const correct = matrix.reduce((sum, row, i) => sum + (row[i] ?? 0), 0);
  const summary = `${n} classes, ${total} test rows, ${correct} on the diagonal (${total ? ((correct / total) * 100).toFixed(1) : 0}% correct).`;

  return (
    <figure className="chart heatmap" aria-labelledby={titleId}>
      <figcaption id={titleId}>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} style={{ maxWidth: width }} role="img" aria-labelledby={titleId} aria-describedby={`${titleId}-desc`}>
        <desc id={`${titleId}-desc`}>{summary}</desc>
        <text className="axis-label" x={left + (n * cell) / 2} y={12} textAnchor="middle">
          predicted
        </text>
        <text className="axis-label" transform={`translate(12 ${top + (n * cell) / 2}) rotate(-90)`} textAnchor="middle">
          true
        </text>
        {labels.map((label, j) => (
          <text key={`c${j}`} className="tick" transform={`translate(${left + j * cell + cell / 2} ${top - 6}) rotate(-45)`} textAnchor="start">
            {truncate(label)}
          </text>
        ))}
        {labels.map((label, i) => (
          <text key={`r${i}`} className="tick" x={left - 6} y={top + i * cell + cell / 2} dy="0.32em" textAnchor="end">
            {truncate(label)}
          </text>
        ))}
        {matrix.map((row, i) => {
          const rowTotal = row.reduce((a, b) => a + b, 0);
          return row.map((count, j) => {
            const share = rowTotal ? count / rowTotal : 0;
            const fill = i === j ? blue(share) : orange(share);
            return (
              <g key={`${i}-${j}`} className="cell" data-row={i} data-col={j}>
                <rect x={left + j * cell} y={top + i * cell} width={cell - 2} height={cell - 2} rx={3} fill={fill}>
                  <title>{`true ${labels[i]}, predicted ${labels[j]}: ${count} (${(share * 100).toFixed(0)}% of ${labels[i]})`}</title>
                </rect>
                <text x={left + j * cell + cell / 2 - 1} y={top + i * cell + cell / 2} dy="0.32em" textAnchor="middle" className="count" style={{ fill: share > 0.55 ? '#fff' : '#1d2433' }} aria-hidden="true">
                  {count}
                </text>
              </g>
            );
          });
        })}
      </svg>
    </figure>
  );
}

function truncate(label: string) {
  return label.length > 18 ? `${label.slice(0, 17)}…` : label;
}

/** White to blue for the diagonal (correct), white to orange off it (mistakes). */
function blue(t: number) {
  return mix([244, 246, 251], [36, 86, 214], t);
}
function orange(t: number) {
  return mix([244, 246, 251], [217, 72, 15], t);
}
function mix(a: number[], b: number[], t: number) {
  const c = a.map((v, i) => Math.round(v + (b[i]! - v) * Math.min(1, Math.max(0, t))));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}
