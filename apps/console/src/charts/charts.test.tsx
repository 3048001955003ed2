import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { LineChart } from './LineChart.tsx';
import { BarChart, Histogram } from './BarChart.tsx';
import { ConfusionMatrix } from './Heatmap.tsx';
import { niceTicks } from './scale.ts';

describe('charts', () => {
  it('draws one path per series with a point per epoch, a text summary and a data table', () => {
    render(
      <LineChart
        title="Loss per epoch"
        xDomain={[1, 10]}
        series={[
          { name: 'loss', points: [1, 2, 3].map((x) => ({ x, y: 1 / x })) },
          { name: 'val_loss', dashed: true, points: [1, 2].map((x) => ({ x, y: 1.2 / x })) },
        ]}
      />,
    );
    const figure = screen.getByRole('figure', { name: 'Loss per epoch' });
    const svg = within(figure).getByRole('img', { name: 'Loss per epoch' });
    expect(svg.querySelectorAll('path')).toHaveLength(2);
    expect(svg.querySelector('[data-series="loss"]')!.getAttribute('data-points')).toBe('3');
    expect(svg.querySelector('[data-series="val_loss"] path')!.getAttribute('stroke-dasharray')).toBe('6 4');
    expect(svg.querySelector('desc')!.textContent).toBe('loss: 1 at epoch 1 to 0.3333 at epoch 3; val_loss: 1.2 at epoch 1 to 0.6 at epoch 2');
    // The x axis covers the planned epochs, so a live chart grows to the right.
    expect([...svg.querySelectorAll('.grid text')].map((t) => t.textContent)).toContain('10');
    const table = within(figure).getByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(within(table).getAllByRole('row')[3]!.textContent).toBe('30.33333—');
  });

  it('says so when there is nothing to draw yet', () => {
    render(<LineChart title="Loss per epoch" series={[]} />);
    expect(screen.getByText('No data points yet.')).toBeTruthy();
  });

  it('draws a histogram bar per bin with its range', () => {
    render(
      <Histogram
        column="mass"
        bins={[
          { start: 0, end: 10, count: 3 },
          { start: 10, end: 20, count: 7 },
        ]}
      />,
    );
    const svg = screen.getByRole('img', { name: 'Histogram of mass' });
    const bars = svg.querySelectorAll('.bars rect');
    expect(bars).toHaveLength(2);
    expect(bars[1]!.querySelector('title')!.textContent).toBe('10 to 20: 7 rows');
    expect(Number(bars[1]!.getAttribute('height'))).toBeGreaterThan(Number(bars[0]!.getAttribute('height')));
  });

  it('draws bar charts with a label per bar', () => {
    render(<BarChart title="Predictions per day" bars={[{ label: '01-01', value: 2 }, { label: '01-02', value: 0 }]} />);
    expect(screen.getByRole('img', { name: 'Predictions per day' }).textContent).toContain('01-02');
  });

  it('colours a confusion matrix by row share and prints every count', () => {
    render(
      <ConfusionMatrix
        labels={['cat', 'dog']}
        matrix={[
          [8, 2],
          [1, 9],
        ]}
      />,
    );
    const svg = screen.getByRole('img', { name: 'Confusion matrix (test split)' });
    const cells = svg.querySelectorAll('.cell');
    expect(cells).toHaveLength(4);
    expect([...cells].map((c) => c.querySelector('text')!.textContent)).toEqual(['8', '2', '1', '9']);
    expect(cells[1]!.querySelector('title')!.textContent).toBe('true cat, predicted dog: 2 (20% of cat)');
    expect(svg.querySelector('desc')!.textContent).toBe('2 classes, 20 test rows, 17 on the diagonal (85.0% correct).');
  });

  it('picks round ticks', () => {
    expect(niceTicks(0.13, 0.97, 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(3, 3)).toEqual([2.6, 2.8, 3, 3.2, 3.4]);
  });
});
