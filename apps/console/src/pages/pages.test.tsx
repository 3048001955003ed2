import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ALL_FIELDS, gqlError, mockApi, renderSignedIn } from '../test/api.tsx';

const WITHOUT_USAGE = { ...ALL_FIELDS, query: ALL_FIELDS.query.filter((f) => f !== 'usage') };
const WITHOUT_PREDICT = { ...ALL_FIELDS, query: ALL_FIELDS.query.filter((f) => f !== 'predict') };

describe('overview', () => {
  it('charts usage per day when the API has it', async () => {
    const api = mockApi({
      ConsoleUsage: ({ days }) => ({
        usage: [
          { day: '2026-01-01', predictions: 5, trainingRuns: 1, uploadedBytes: 2048 },
          { day: '2026-01-02', predictions: 9, trainingRuns: 0, uploadedBytes: 0 },
        ].slice(0, days),
      }),
    });
    renderSignedIn('/');
    expect(await screen.findByRole('img', { name: 'Predictions per day' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Uploaded per day' }).textContent).toContain('01-02');
    expect(api.calls.find((c) => c.operation === 'ConsoleUsage')!.variables).toEqual({ days: 30 });
    fireEvent.change(screen.getByLabelText('Period'), { target: { value: '7' } });
    await waitFor(() => expect(api.calls.filter((c) => c.operation === 'ConsoleUsage').at(-1)!.variables).toEqual({ days: 7 }));
  });

  it('says usage is not available (and never queries it) when the schema lacks it', async () => {
    const api = mockApi({}, { fields: WITHOUT_USAGE });
    renderSignedIn('/');
    expect(await screen.findByText('Usage per day is not available on this server yet.')).toBeTruthy();
    expect(api.calls.some((c) => c.operation === 'ConsoleUsage')).toBe(false);
    expect(await screen.findByText('No training runs yet.')).toBeTruthy();
  });
});

const VERSION = {
  datasetVersion: {
    id: 'v1',
    version: 1,
    format: 'CSV',
    rowCount: 3,
    byteSize: 100,
    sha256: 'ab'.repeat(32),
    labelColumn: 'species',
    task: 'CLASSIFICATION',
    labelClasses: ['a', 'b'],
    featureShape: [2],
    featureNames: ['mass', 'island=x'],
    createdAt: '2026-01-01T00:00:00Z',
    warnings: [{ code: 'MISSING_VALUES', column: 'mass', message: '1 missing value' }],
    splits: { seed: 42, stratified: true, trainFraction: 0.8, validationFraction: 0.1, testFraction: 0.1, train: 8, validation: 1, test: 1 },
    columns: [
      {
        name: 'mass',
        type: 'NUMERIC',
        inferredType: 'NUMERIC',
        role: 'FEATURE',
        stats: {
          count: 3, missing: 1, distinctCount: 2, distinctCapped: false, topValues: [], min: 1, max: 3, mean: 2, std: 1, median: 2,
          minDate: null, maxDate: null, meanTokens: null, maxTokens: null, vocabularySize: null,
          histogram: [{ start: 1, end: 2, count: 1 }, { start: 2, end: 3, count: 1 }],
        },
      },
      {
        name: 'species',
        type: 'CATEGORICAL',
        inferredType: 'CATEGORICAL',
        role: 'LABEL',
        stats: {
          count: 3, missing: 0, distinctCount: 2, distinctCapped: false, topValues: [{ value: 'a', count: 2 }, { value: 'b', count: 1 }],
          min: null, max: null, mean: null, std: null, median: null, minDate: null, maxDate: null, meanTokens: 1, maxTokens: 1, vocabularySize: 2, histogram: null,
        },
      },
    ],
  },
};

describe('dataset page', () => {
  it('shows versions, columns with stats, a histogram per numeric column, splits, warnings and preview rows', async () => {
    const api = mockApi({
      ConsoleDataset: () => ({
        dataset: {
          id: 'd1', name: 'penguins', description: 'birds', createdAt: '2026-01-01T00:00:00Z',
          versions: { edges: [{ node: { id: 'v1', version: 1, rowCount: 3, byteSize: 100, format: 'CSV', labelColumn: 'species', createdAt: '2026-01-01T00:00:00Z' } }] },
        },
      }),
      ConsoleDatasetVersion: () => VERSION,
      ConsoleDatasetPreview: ({ after }) => ({
        datasetVersion: {
          id: 'v1',
          preview: after
            ? { edges: [{ cursor: 'c3', node: { mass: '3', species: 'b' } }], pageInfo: { hasNextPage: false, endCursor: 'c3' } }
            : { edges: [{ cursor: 'c1', node: { mass: '1', species: 'a' } }, { cursor: 'c2', node: { mass: '', species: 'a' } }], pageInfo: { hasNextPage: true, endCursor: 'c2' } },
        },
      }),
      ConsoleUpdateColumnTypes: () => gqlError('CONFLICT', 'A model already uses this version'),
    });
    renderSignedIn('/datasets/d1');
    expect(await screen.findByRole('heading', { level: 1, name: 'penguins' })).toBeTruthy();
    const columns = (await screen.findByRole('columnheader', { name: 'Statistics' })).closest('table')!;
    expect(within(columns).getByText(/min 1 · max 3 · mean 2/)).toBeTruthy();
    expect(within(columns).getByText('a (2), b (1)')).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Histogram of mass' }).querySelectorAll('.bars rect')).toHaveLength(2);
    expect(screen.queryByRole('img', { name: 'Histogram of species' })).toBeNull();
    expect(screen.getByRole('img', { name: 'train 8 rows, validation 1 rows, test 1 rows' })).toBeTruthy();
    expect(screen.getByText('1 missing value')).toBeTruthy();
    const preview = await screen.findByRole('region', { name: /Preview rows/ });
    expect(within(preview).getAllByRole('row')).toHaveLength(3);
    fireEvent.click(screen.getByRole('button', { name: 'Show 20 more rows' }));
    await waitFor(() => expect(within(preview).getAllByRole('row')).toHaveLength(4));

    // Changing a type is refused once a model uses the version: the API's reason is shown.
    fireEvent.change(screen.getByLabelText('Type of mass'), { target: { value: 'CATEGORICAL' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save column types' }));
    expect((await screen.findByText(/A model already uses this version/)).textContent).toContain('CONFLICT');
    expect(api.calls.find((c) => c.operation === 'ConsoleUpdateColumnTypes')!.variables.input).toEqual({
      datasetVersionId: 'v1',
      columnTypes: [{ column: 'mass', type: 'CATEGORICAL' }],
    });
  });

  it('shows NOT_FOUND as an error state with a way back', async () => {
    mockApi({ ConsoleDataset: () => gqlError('NOT_FOUND', 'Dataset "x" was not found') });
    renderSignedIn('/datasets/x');
    expect((await screen.findByRole('alert')).textContent).toMatch(/was not found.*NOT_FOUND/);
    expect(screen.getByRole('link', { name: 'Back to datasets' })).toBeTruthy();
  });
});

const MODEL_OPTIONS = { models: { edges: [{ node: { id: 'm1', name: 'mlp', task: 'MULTICLASS', versions: { edges: [{ node: { version: 1 } }] } } }] } };
const PLAYGROUND_MODEL = {
  model: {
    id: 'm1', name: 'mlp', task: 'MULTICLASS',
    versions: { edges: [{ node: { version: 1 } }] },
    datasetVersion: {
      id: 'v1', labelColumn: 'species', labelClasses: ['a', 'b'],
      columns: [
        { name: 'mass', type: 'NUMERIC', role: 'FEATURE', stats: { median: 4050, mean: 4200, topValues: [] } },
        { name: 'island', type: 'CATEGORICAL', role: 'FEATURE', stats: { median: null, mean: null, topValues: [{ value: 'Biscoe' }, { value: 'Dream' }] } },
        { name: 'species', type: 'CATEGORICAL', role: 'LABEL', stats: { median: null, mean: null, topValues: [{ value: 'a' }] } },
      ],
    },
  },
};

describe('playground', () => {
  it('generates a form from the model’s record fields and shows the label and probabilities', async () => {
    const api = mockApi({
      ConsoleModelOptions: () => MODEL_OPTIONS,
      ConsolePlaygroundModel: () => PLAYGROUND_MODEL,
      ConsolePlaygroundSignatures: () => ({
        model: {
          id: 'm1',
          aliases: [{ name: 'production', modelVersion: { version: 1 } }],
          versions: { edges: [{ node: { version: 1, signature: { labels: ['a', 'b'], recordFields: [{ name: 'mass', kind: 'NUMERIC', categories: null }, { name: 'island', kind: 'CATEGORICAL', categories: ['Biscoe', 'Dream', 'Torgersen'] }] } } }] },
        },
      }),
      ConsolePlaygroundRows: () => ({ datasetVersion: { id: 'v1', preview: { edges: [{ node: { mass: '3000', island: 'Dream', species: 'a' } }] } } }),
      ConsolePredict: () => ({
        predict: {
          modelVersion: { version: 1 },
          predictions: [{ label: 'b', labelIndex: 1, value: null, probabilities: [{ label: 'a', probability: 0.2 }, { label: 'b', probability: 0.8 }] }],
        },
      }),
    });
    renderSignedIn('/playground');
    const island = (await screen.findByLabelText('island')) as HTMLSelectElement;
    await waitFor(() => expect([...island.options].map((o) => o.value)).toEqual(['', 'Biscoe', 'Dream', 'Torgersen']));
    expect((screen.getByLabelText('mass') as HTMLInputElement).value).toBe('4050');
    expect(screen.queryByLabelText('species')).toBeNull();

    fireEvent.change(screen.getByLabelText('mass'), { target: { value: 'heavy' } });
    fireEvent.click(screen.getByRole('button', { name: 'Predict' }));
    expect(await screen.findByText(/Enter a number/)).toBeTruthy();

    fireEvent.click(await screen.findByRole('button', { name: 'Fill from a dataset row' }));
    expect((screen.getByLabelText('mass') as HTMLInputElement).value).toBe('3000');
    fireEvent.change(screen.getByLabelText('Serve'), { target: { value: 'alias:production' } });
    fireEvent.click(screen.getByRole('button', { name: 'Predict' }));
    expect((await screen.findByTestId('predicted-label')).textContent).toBe('b');
    const probabilities = screen.getByRole('list', { name: 'Class probabilities' });
    expect(within(probabilities).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['b80.0%', 'a20.0%']);
    expect(api.calls.find((c) => c.operation === 'ConsolePredict')!.variables.input).toEqual({ modelId: 'm1', alias: 'production', records: [{ mass: 3000, island: 'Dream' }] });
  });

  it('falls back to the dataset’s feature columns when the signature cannot be read', async () => {
    mockApi({
      ConsoleModelOptions: () => MODEL_OPTIONS,
      ConsolePlaygroundModel: () => PLAYGROUND_MODEL,
      ConsolePlaygroundSignatures: () => gqlError('INTERNAL_SERVER_ERROR', 'Internal server error'),
      ConsolePlaygroundRows: () => ({ datasetVersion: { id: 'v1', preview: { edges: [] } } }),
    });
    renderSignedIn('/playground?model=m1');
    const island = (await screen.findByLabelText('island')) as HTMLSelectElement;
    expect([...island.options].map((o) => o.value)).toEqual(['', 'Biscoe', 'Dream']);
  });

  it('shows a not-available state without predict, and an empty state without trained models', async () => {
    mockApi({}, { fields: WITHOUT_PREDICT });
    renderSignedIn('/playground');
    expect(await screen.findByText('Prediction is not available on this server yet.')).toBeTruthy();
  });

  it('shows an empty state without trained models', async () => {
    mockApi({ ConsoleModelOptions: () => ({ models: { edges: [] } }) });
    renderSignedIn('/playground');
    expect(await screen.findByText('No trained model yet.')).toBeTruthy();
  });
});

describe('registry', () => {
  it('lists versions with metrics and aliases, and explains a gate refusal', async () => {
    mockApi({
      ConsoleModelOptions: () => MODEL_OPTIONS,
      ConsoleRegistryVersions: () => ({
        model: {
          id: 'm1', name: 'mlp', task: 'MULTICLASS',
          versions: { edges: [{ node: { id: 'mv1', version: 1, createdAt: '2026-01-01T00:00:00Z', run: { id: 'r1234567890' }, evaluation: { task: 'MULTICLASS', count: 10, accuracy: 0.8, macroF1: 0.7, mse: null, mae: null, r2: null, rocAuc: null, labels: null, perClass: null, confusionMatrix: null } } }] },
        },
      }),
      ConsoleRegistryAliases: () => ({
        model: {
          id: 'm1',
          aliases: [{ name: 'staging', updatedAt: '2026-01-01T00:00:00Z', gate: { metric: 'accuracy', op: 'GTE', value: 0.5 }, modelVersion: { id: 'mv1', version: 1 } }],
          versions: { edges: [{ node: { id: 'mv1', version: 1, aliases: ['staging'], onnx: { sha256: 'x', sizeBytes: 5639, opset: 13 } } }] },
        },
      }),
      ConsoleSetAlias: () => gqlError('GATE_FAILED', 'accuracy 0.8 does not satisfy GTE 0.9', { metric: 'accuracy', actual: 0.8, required: 0.9, op: 'GTE' }),
    });
    renderSignedIn('/registry');
    const versions = (await screen.findByRole('heading', { name: 'Versions of mlp' })).closest('section')!;
    expect(within(versions).getByText('80.0%')).toBeTruthy();
    expect(within(versions).getByText('opset 13, 5.5 KB')).toBeTruthy();
    expect(await screen.findByText('gate:', { exact: false })).toBeTruthy();
    expect(screen.getByText('accuracy ≥ 0.5')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Gate'), { target: { value: 'set' } });
    fireEvent.change(screen.getByLabelText('Threshold'), { target: { value: '0.9' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set alias' }));
    expect((await screen.findByText(/The gate refused this version/)).textContent).toBe(
      'The gate refused this version: accuracy is 0.8, the gate requires ≥ 0.9. GATE_FAILED',
    );
  });
});

describe('runs and comparison', () => {
  it('compares the selected runs: best values marked, curves overlaid', async () => {
    const run = (id: string, accuracy: number) => ({ id, status: 'SUCCEEDED', queuedAt: '2026-01-01T00:00:00Z', finishedAt: null, plannedEpochs: 2, evaluation: { accuracy, macroF1: null, mse: null, mae: null, r2: null }, model: { id: 'm1', name: 'mlp' } });
    mockApi({
      ConsoleRuns: () => ({ runs: { edges: [{ node: run('aaaaaaaa1', 0.7) }, { node: run('bbbbbbbb2', 0.9) }] } }),
      ConsoleCompareRuns: ({ ids }) => ({
        compareRuns: {
          runs: ids.map((id: string, i: number) => ({ id, status: 'SUCCEEDED', plannedEpochs: 2, model: { id: 'm1', name: 'mlp' }, epochs: [1, 2].map((e) => ({ epoch: e, loss: 1 / e + i, valLoss: 1.1 / e + i, metrics: { accuracy: 0.5 }, durationMs: 1 })) })),
          rows: [{ metric: 'accuracy', values: [0.7, 0.9], bestRunId: ids[1] }],
        },
      }),
    });
    renderSignedIn('/runs');
    const compare = await screen.findByRole('button', { name: 'Compare selected (0)' });
    expect((compare as HTMLButtonElement).disabled).toBe(true);
    for (const box of screen.getAllByRole('checkbox', { name: /for comparison/ })) fireEvent.click(box);
    fireEvent.click(screen.getByRole('button', { name: 'Compare selected (2)' }));
    await screen.findByRole('heading', { level: 1, name: 'Compare runs' });
    expect(window.location.search).toBe('?ids=aaaaaaaa1,bbbbbbbb2');
    const row = (await screen.findByRole('rowheader', { name: 'accuracy' })).closest('tr')!;
    expect(row.querySelector('td.best')!.textContent).toContain('(best)');
    expect(row.querySelector('td.best')!.textContent).toContain('0.9');
    const chart = screen.getByRole('figure', { name: 'val_loss per epoch' });
    expect(chart.querySelectorAll('g.series')).toHaveLength(2);
    fireEvent.change(screen.getByLabelText('Metric'), { target: { value: 'loss' } });
    expect(screen.getByRole('figure', { name: 'loss per epoch' })).toBeTruthy();
  });

  it('shows empty states for models and runs', async () => {
    mockApi({ ConsoleModels: () => ({ models: { edges: [] } }), ConsoleRuns: () => ({ runs: { edges: [] } }) });
    renderSignedIn('/models');
    expect(await screen.findByText('No models yet.')).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: 'Runs' }));
    expect(await screen.findByText('No runs yet.')).toBeTruthy();
  });
});
