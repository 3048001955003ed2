import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockApi, renderSignedIn } from '../test/api.tsx';
import { draftToInput, defaultDraft, newLayer } from '../lib/modelSpec.ts';

const DATASETS = {
  datasets: {
    edges: [
      {
        node: {
          id: 'd1',
          name: 'penguins',
          versions: { edges: [{ node: { id: 'v1', version: 1, rowCount: 342, labelColumn: 'species', task: 'CLASSIFICATION' } }] },
        },
      },
    ],
  },
};

const LAYERS = [
  { name: 'layers[0] dense', type: 'dense', outputShape: [null, 8], params: 64 },
  { name: 'output dense', type: 'dense', outputShape: [null, 3], params: 27 },
];

/** validateModel as the server answers it: errors with paths into the input. */
function validate({ input }: Record<string, any>) {
  const errors: { path: string; message: string }[] = [];
  if (input.epochs !== undefined && input.epochs < 1) errors.push({ path: 'epochs', message: 'Too small: expected number to be >=1' });
  input.architecture.layers?.forEach((l: any, i: number) => {
    if (l.units !== undefined && l.units > 16384) errors.push({ path: `architecture.layers[${i}].units`, message: 'Too big: expected number to be <=16384' });
  });
  return { validateModel: { valid: errors.length === 0, errors, layers: errors.length ? [] : LAYERS } };
}

describe('define a model', () => {
  it('validates as the user types, shows errors next to their fields, then creates the model and starts a run', async () => {
    const api = mockApi({
      ConsoleModelDatasets: () => DATASETS,
      ConsoleValidateModel: validate,
      ConsoleCreateModel: ({ input }) => ({ createModel: { model: { id: 'm1', name: input.name } } }),
      ConsoleStartRun: () => ({ startRun: { run: { id: 'r1', status: 'QUEUED' } } }),
    });
    renderSignedIn('/models/new?datasetVersion=v1');
    await screen.findByRole('heading', { level: 1, name: 'Define a model' });
    expect((screen.getByLabelText('Dataset version') as HTMLSelectElement).value).toBe('v1');
    expect(await screen.findByText('The definition is valid.', {}, { timeout: 3000 })).toBeTruthy();
    expect(screen.getByRole('table', { name: /Layers after expansion/ })).toBeTruthy();

    // Client-side: not a list of numbers.
    fireEvent.change(screen.getByLabelText('Hidden units'), { target: { value: '8, many' } });
    expect(await screen.findByText(/Use whole numbers separated by commas/)).toBeTruthy();
    expect(screen.getByLabelText('Hidden units').getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(screen.getByLabelText('Hidden units'), { target: { value: '8' } });

    // Server-side: validateModel's error lands next to the epochs field.
    fireEvent.change(screen.getByLabelText('Epochs'), { target: { value: '0' } });
    await waitFor(() => expect(screen.getByLabelText('Epochs').getAttribute('aria-invalid')).toBe('true'), { timeout: 3000 });
    const epochsField = screen.getByLabelText('Epochs').closest('.field')!;
    expect(within(epochsField as HTMLElement).getByText(/expected number to be >=1/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Epochs'), { target: { value: '5' } });
    expect(await screen.findByText('The definition is valid.', {}, { timeout: 3000 })).toBeTruthy();

    // Submitting without a name is refused inline.
    fireEvent.click(screen.getByRole('button', { name: 'Create model' }));
    expect(await screen.findByText('Name the model.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Model name'), { target: { value: 'mlp' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create and start training' }));
    await waitFor(() => expect(window.location.pathname).toBe('/runs/r1'));
    const created = api.calls.find((c) => c.operation === 'ConsoleCreateModel')!.variables.input;
    expect(created).toEqual({
      name: 'mlp',
      datasetVersionId: 'v1',
      architecture: { preset: 'mlp', hiddenUnits: [8], activation: 'relu' },
      optimizer: { type: 'adam' },
      epochs: 5,
      batchSize: 32,
    });
  });

  it('edits a layer list and maps layer errors to the layer’s field', async () => {
    mockApi({ ConsoleModelDatasets: () => DATASETS, ConsoleValidateModel: validate });
    renderSignedIn('/models/new');
    await screen.findByRole('heading', { level: 1, name: 'Define a model' });
    fireEvent.click(screen.getByLabelText('a layer list'));
    expect(screen.getByRole('group', { name: 'Layer 1' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add a layer' }));
    const third = screen.getByRole('group', { name: 'Layer 3' });
    fireEvent.change(within(third).getByLabelText('Units'), { target: { value: '99999' } });
    await waitFor(() => expect(within(third).getByText(/Too big/)).toBeTruthy(), { timeout: 3000 });
    fireEvent.click(within(third).getByRole('button', { name: 'Remove layer 3' }));
    expect(await screen.findByText('The definition is valid.', {}, { timeout: 3000 })).toBeTruthy();
  });

  it('offers to upload a dataset when none has a label', async () => {
    mockApi({ ConsoleModelDatasets: () => ({ datasets: { edges: [] } }) });
    renderSignedIn('/models/new');
    expect(await screen.findByText('No labelled dataset yet.')).toBeTruthy();
  });
});

describe('draftToInput', () => {
  it('translates presets and layer lists into CreateModelInput', () => {
    const draft = { ...defaultDraft('v1'), name: ' m ', learningRate: '0.01', earlyStopping: true, patience: '3', seed: '7', loss: 'categoricalCrossentropy' };
    expect(draftToInput(draft).input).toEqual({
      name: 'm',
      datasetVersionId: 'v1',
      architecture: { preset: 'mlp', hiddenUnits: [32, 16], activation: 'relu' },
      loss: 'categoricalCrossentropy',
      optimizer: { type: 'adam', learningRate: 0.01 },
      epochs: 20,
      batchSize: 32,
      earlyStopping: { metric: 'val_loss', patience: 3 },
      seed: 7,
    });
    const layers = { ...defaultDraft('v1'), mode: 'layers' as const, layers: [newLayer('dense'), newLayer('dropout'), newLayer('lstm'), newLayer('reshape')] };
    layers.layers[3]!.values.targetShape = '4, 2';
    expect(draftToInput(layers).input!.architecture).toEqual({
      layers: [{ type: 'dense', units: 32, activation: 'relu' }, { type: 'dropout', rate: 0.2 }, { type: 'lstm', units: 32 }, { type: 'reshape', targetShape: [4, 2] }],
    });
    const bad = { ...defaultDraft('v1'), epochs: '2.5' };
    expect(draftToInput(bad)).toEqual({ input: null, errors: { epochs: 'Enter a whole number.' } });
  });
});
