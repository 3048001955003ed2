import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useDebounced, useMutation, useQuery } from '../hooks.ts';
import { useSession } from '../session.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import { Empty, ErrorState, Field, Loading, MutationError, PageHeader, StatusMessage } from '../components/ui.tsx';
import { LayersTable, type ModelLayer } from '../components/LayersTable.tsx';
import {
  ACTIVATIONS,
  EARLY_STOPPING_METRICS,
  LAYER_TYPES,
  LOSSES,
  OPTIMIZERS,
  TASKS,
  defaultDraft,
  draftToInput,
  inlinePaths,
  issuesAt,
  newLayer,
  type LayerDraft,
  type ModelDraft,
  type SpecIssue,
} from '../lib/modelSpec.ts';

export const VERSIONS_QUERY = /* GraphQL */ `
  query ConsoleModelDatasets {
    datasets(first: 20) {
      edges { node { id name versions(first: 10) { edges { node { id version rowCount labelColumn task } } } } }
    }
  }
`;

export const VALIDATE_MODEL = /* GraphQL */ `
  query ConsoleValidateModel($input: CreateModelInput!) {
    validateModel(input: $input) {
      valid
      errors { path message }
      layers { name type outputShape params }
    }
  }
`;

export const CREATE_MODEL = /* GraphQL */ `
  mutation ConsoleCreateModel($input: CreateModelInput!) {
    createModel(input: $input) { model { id name } }
  }
`;

export const START_RUN = /* GraphQL */ `
  mutation ConsoleStartRun($modelId: ID!) {
    startRun(input: { modelId: $modelId }) { run { id status } }
  }
`;

interface DatasetOption {
  id: string;
  name: string;
  versions: { edges: { node: { id: string; version: number; rowCount: number; labelColumn: string | null; task: string | null } }[] };
}

type Validation = { state: 'idle' } | { state: 'checking' } | { state: 'done'; valid: boolean; errors: SpecIssue[]; layers: ModelLayer[] } | { state: 'failed'; error: unknown };

export function NewModelPage() {
  const session = useSession();
  const { search } = useLocation();
  const [draft, setDraft] = useState<ModelDraft>(() => defaultDraft(search.get('datasetVersion') ?? ''));
  const [submitted, setSubmitted] = useState(false);
  const datasets = useQuery<{ datasets: { edges: { node: DatasetOption }[] } }>(VERSIONS_QUERY);
  const create = useMutation<{ createModel: { model: { id: string } } }>(CREATE_MODEL);
  const [validation, setValidation] = useState<Validation>({ state: 'idle' });

  const options = useMemo(() => datasets.data?.datasets.edges.map((e) => e.node) ?? [], [datasets.data]);
  const labelled = options.filter((d) => d.versions.edges.some((v) => v.node.labelColumn));

  // Preselect the newest labelled version when nothing is chosen yet.
  useEffect(() => {
    if (draft.datasetVersionId || labelled.length === 0) return;
    const first = labelled[0]!.versions.edges.find((v) => v.node.labelColumn);
    if (first) setDraft((d) => ({ ...d, datasetVersionId: first.node.id }));
  }, [labelled, draft.datasetVersionId]);

  const { input, errors: clientErrors } = useMemo(() => draftToInput(draft), [draft]);
  const validationInput = useMemo(() => (input && draft.datasetVersionId ? { ...input, name: draft.name.trim() || 'draft' } : null), [input, draft.datasetVersionId, draft.name]);
  const debouncedKey = useDebounced(validationInput ? JSON.stringify(validationInput) : '', 400);

  // Inline validation: the server checks the definition against the dataset as the user edits.
  useEffect(() => {
    if (!debouncedKey) {
      setValidation({ state: 'idle' });
      return;
    }
    const controller = new AbortController();
    setValidation({ state: 'checking' });
    session
      .request<{ validateModel: { valid: boolean; errors: SpecIssue[]; layers: ModelLayer[] } }>(VALIDATE_MODEL, { input: JSON.parse(debouncedKey) }, { signal: controller.signal })
      .then((data) => {
        if (!controller.signal.aborted) setValidation({ state: 'done', ...data.validateModel });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setValidation({ state: 'failed', error });
      });
    return () => controller.abort();
  }, [debouncedKey, session]);

  const serverIssues = validation.state === 'done' ? validation.errors.filter((e) => e.path !== 'name' || draft.name.trim()) : [];
  const localIssues: SpecIssue[] = Object.entries(clientErrors).map(([path, message]) => ({ path, message }));
  if (submitted && !draft.name.trim()) localIssues.push({ path: 'name', message: 'Name the model.' });
  if (submitted && !draft.datasetVersionId) localIssues.push({ path: 'datasetVersionId', message: 'Choose a dataset version.' });
  const issues = [...localIssues, ...serverIssues];
  const known = inlinePaths(draft);
  const summaryIssues = issues.filter((i) => !known.some((p) => i.path === p || i.path.startsWith(`${p}.`) || i.path.startsWith(`${p}[`)));
  const errorAt = (path: string) =>
    issuesAt(issues, path)
      .map((i) => i.message)
      .join(' ') || undefined;

  const set = <K extends keyof ModelDraft>(key: K, value: ModelDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (event: FormEvent, thenStart: boolean) => {
    event.preventDefault();
    setSubmitted(true);
    if (!input || !draft.name.trim() || !draft.datasetVersionId) return;
    try {
      const created = await create.run({ input: { ...input, name: draft.name.trim() } });
      const modelId = created.createModel.model.id;
      if (!thenStart) {
        navigate(`/models/${modelId}`);
        return;
      }
      try {
        const started = await session.request<{ startRun: { run: { id: string } } }>(START_RUN, { modelId });
        navigate(`/runs/${started.startRun.run.id}`);
      } catch {
        // The model exists; its page explains that the run did not start and offers to retry.
        navigate(`/models/${modelId}?startFailed=1`);
      }
    } catch {
      // MutationError shows it
    }
  };

  if (datasets.loading && !datasets.data) return <Loading label="Loading datasets…" />;
  if (datasets.error && !datasets.data)
    return (
      <>
        <PageHeader title="Define a model" />
        <ErrorState title="Could not load datasets" error={datasets.error} onRetry={datasets.reload} />
      </>
    );

  return (
    <>
      <PageHeader title="Define a model" description="Pick a dataset version and an architecture; the definition is checked against the data as you type." />
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/models">Models</Link> / <span aria-current="page">New</span>
      </nav>
      {labelled.length === 0 ? (
        <Empty title="No labelled dataset yet.">
          <p>
            A model learns a dataset’s label column. <Link to="/datasets">Upload a dataset</Link> with a label first.
          </p>
        </Empty>
      ) : (
        <form className="model-form" onSubmit={(e) => void submit(e, false)} noValidate aria-labelledby="model-form-title">
          <h2 id="model-form-title" className="visually-hidden">
            Model definition
          </h2>
          <section className="card" aria-labelledby="basics-title">
            <h3 id="basics-title">Basics</h3>
            <div className="form-grid">
              <Field label="Model name" error={errorAt('name')}>
                {(p) => <input {...p} value={draft.name} onChange={(e) => set('name', e.target.value)} maxLength={200} />}
              </Field>
              <Field label="Dataset version" error={errorAt('datasetVersionId')}>
                {(p) => (
                  <select {...p} value={draft.datasetVersionId} onChange={(e) => set('datasetVersionId', e.target.value)}>
                    <option value="">Choose…</option>
                    {labelled.map((d) => (
                      <optgroup key={d.id} label={d.name}>
                        {d.versions.edges
                          .filter((v) => v.node.labelColumn)
                          .map(({ node: v }) => (
                            <option key={v.id} value={v.id}>
                              {`${d.name} v${v.version} · ${v.rowCount} rows · label ${v.labelColumn}`}
                            </option>
                          ))}
                      </optgroup>
                    ))}
                  </select>
                )}
              </Field>
              <Field label="Task" error={errorAt('task')} hint="Default: from the label (numbers → regression, classes → classification).">
                {(p) => (
                  <select {...p} value={draft.task} onChange={(e) => set('task', e.target.value)}>
                    <option value="">From the dataset</option>
                    {TASKS.map((t) => (
                      <option key={t} value={t}>
                        {t.toLowerCase()}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
          </section>

          <section className="card" aria-labelledby="arch-title">
            <h3 id="arch-title">Architecture</h3>
            <fieldset className="segmented">
              <legend>Define with</legend>
              <div className="radio">
                <input type="radio" id="mode-preset" name="mode" checked={draft.mode === 'preset'} onChange={() => set('mode', 'preset')} />
                <label htmlFor="mode-preset">a preset</label>
              </div>
              <div className="radio">
                <input type="radio" id="mode-layers" name="mode" checked={draft.mode === 'layers'} onChange={() => set('mode', 'layers')} />
                <label htmlFor="mode-layers">a layer list</label>
              </div>
            </fieldset>
            {draft.mode === 'preset' ? <PresetFields draft={draft} set={set} errorAt={errorAt} /> : <LayerList layers={draft.layers} onChange={(layers) => set('layers', layers)} errorAt={errorAt} />}
            <p className="muted small">The output layer is added for the task.</p>
            {errorAt('architecture') && !known.some((p) => p.startsWith('architecture.')) ? <small className="field-error">{errorAt('architecture')}</small> : null}
          </section>

          <section className="card" aria-labelledby="training-title">
            <h3 id="training-title">Training</h3>
            <div className="form-grid">
              <Field label="Epochs" error={errorAt('epochs')}>
                {(p) => <input {...p} type="number" min={1} max={1000} value={draft.epochs} onChange={(e) => set('epochs', e.target.value)} />}
              </Field>
              <Field label="Batch size" error={errorAt('batchSize')}>
                {(p) => <input {...p} type="number" min={1} value={draft.batchSize} onChange={(e) => set('batchSize', e.target.value)} />}
              </Field>
              <Field label="Optimizer" error={errorAt('optimizer.type')}>
                {(p) => (
                  <select {...p} value={draft.optimizer} onChange={(e) => set('optimizer', e.target.value)}>
                    {OPTIMIZERS.map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label="Learning rate" error={errorAt('optimizer.learningRate') ?? errorAt('optimizer')} hint="Empty: 0.001 for adam / rmsprop, 0.01 for sgd / momentum.">
                {(p) => <input {...p} inputMode="decimal" value={draft.learningRate} onChange={(e) => set('learningRate', e.target.value)} placeholder="default" />}
              </Field>
              <Field label="Loss" error={errorAt('loss')}>
                {(p) => (
                  <select {...p} value={draft.loss} onChange={(e) => set('loss', e.target.value)}>
                    <option value="">Default for the task</option>
                    {LOSSES.map((l) => (
                      <option key={l} value={l}>
                        {l}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label="Seed (optional)" error={errorAt('seed')}>
                {(p) => <input {...p} type="number" min={0} value={draft.seed} onChange={(e) => set('seed', e.target.value)} placeholder="random" />}
              </Field>
            </div>
            <div className="checkbox">
              <input id="early-stopping" type="checkbox" checked={draft.earlyStopping} onChange={(e) => set('earlyStopping', e.target.checked)} />
              <label htmlFor="early-stopping">Stop early when a metric stops improving</label>
            </div>
            {draft.earlyStopping ? (
              <div className="form-grid">
                <Field label="Watch metric" error={errorAt('earlyStopping.metric')}>
                  {(p) => (
                    <select {...p} value={draft.earlyStoppingMetric} onChange={(e) => set('earlyStoppingMetric', e.target.value)}>
                      {EARLY_STOPPING_METRICS.map((m) => (
                        <option key={m} value={m}>
                          {m}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label="Patience (epochs)" error={errorAt('earlyStopping.patience') ?? errorAt('earlyStopping')}>
                  {(p) => <input {...p} type="number" min={1} value={draft.patience} onChange={(e) => set('patience', e.target.value)} />}
                </Field>
              </div>
            ) : null}
          </section>

          <section className="card" aria-labelledby="check-title">
            <h3 id="check-title">Check</h3>
            <div aria-live="polite" role="status" className="validation-status">
              {!draft.datasetVersionId ? (
                'Choose a dataset version to check the definition.'
              ) : Object.keys(clientErrors).length > 0 ? (
                'Fix the highlighted fields.'
              ) : validation.state === 'checking' || validation.state === 'idle' ? (
                'Checking the definition…'
              ) : validation.state === 'failed' ? (
                'The definition could not be checked.'
              ) : validation.valid ? (
                <span className="ok">The definition is valid.</span>
              ) : (
                `${validation.errors.length} problem${validation.errors.length === 1 ? '' : 's'} found.`
              )}
            </div>
            {validation.state === 'failed' ? <ErrorState title="Validation failed" error={validation.error} /> : null}
            {summaryIssues.length > 0 ? (
              <ul className="issue-list" aria-label="Problems">
                {summaryIssues.map((i) => (
                  <li key={`${i.path}:${i.message}`}>
                    <code>{i.path || '(definition)'}</code> {i.message}
                  </li>
                ))}
              </ul>
            ) : null}
            {validation.state === 'done' && validation.layers.length > 0 ? <LayersTable layers={validation.layers} caption="Layers after expansion (output layer last)" /> : null}
            <details>
              <summary>Definition sent to the API</summary>
              <pre className="code">{JSON.stringify(input ? { ...input, name: draft.name.trim() } : null, null, 2)}</pre>
            </details>
          </section>
          <MutationError error={create.error} />
          {submitted && issues.length > 0 && !create.error ? <StatusMessage kind="error">Fix the problems above before creating the model.</StatusMessage> : null}
          <div className="button-row">
            <button type="submit" disabled={create.running}>
              {create.running ? 'Creating…' : 'Create model'}
            </button>
            <button type="button" className="secondary" disabled={create.running} onClick={(e) => void submit(e, true)}>
              Create and start training
            </button>
          </div>
        </form>
      )}
    </>
  );
}

type Setter = <K extends keyof ModelDraft>(key: K, value: ModelDraft[K]) => void;

function PresetFields({ draft, set, errorAt }: { draft: ModelDraft; set: Setter; errorAt: (path: string) => string | undefined }) {
  return (
    <div className="form-grid">
      <Field label="Preset">
        {(p) => (
          <select {...p} value={draft.preset} onChange={(e) => set('preset', e.target.value as ModelDraft['preset'])}>
            <option value="mlp">MLP (dense layers, tabular data)</option>
            <option value="cnn">CNN (images)</option>
            <option value="rnn">RNN (sequences, text)</option>
          </select>
        )}
      </Field>
      {draft.preset === 'mlp' ? (
        <>
          <Field label="Hidden units" error={errorAt('architecture.hiddenUnits')} hint="One number per hidden layer, e.g. 64, 32.">
            {(p) => <input {...p} value={draft.hiddenUnits} onChange={(e) => set('hiddenUnits', e.target.value)} />}
          </Field>
          <Field label="Activation" error={errorAt('architecture.activation')}>
            {(p) => (
              <select {...p} value={draft.activation} onChange={(e) => set('activation', e.target.value)}>
                {ACTIVATIONS.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Dropout (optional)" error={errorAt('architecture.dropout')} hint="Between 0 and 1, after each hidden layer.">
            {(p) => <input {...p} inputMode="decimal" value={draft.dropout} onChange={(e) => set('dropout', e.target.value)} placeholder="none" />}
          </Field>
        </>
      ) : draft.preset === 'cnn' ? (
        <>
          <Field label="Filters" error={errorAt('architecture.filters')} hint="One number per convolution block.">
            {(p) => <input {...p} value={draft.cnnFilters} onChange={(e) => set('cnnFilters', e.target.value)} />}
          </Field>
          <Field label="Kernel size" error={errorAt('architecture.kernelSize')}>
            {(p) => <input {...p} type="number" min={1} value={draft.cnnKernelSize} onChange={(e) => set('cnnKernelSize', e.target.value)} />}
          </Field>
          <Field label="Dense units" error={errorAt('architecture.denseUnits')} hint="0 = no hidden dense layer.">
            {(p) => <input {...p} type="number" min={0} value={draft.cnnDenseUnits} onChange={(e) => set('cnnDenseUnits', e.target.value)} />}
          </Field>
        </>
      ) : (
        <>
          <Field label="Cell" error={errorAt('architecture.cell')}>
            {(p) => (
              <select {...p} value={draft.rnnCell} onChange={(e) => set('rnnCell', e.target.value)}>
                <option value="lstm">LSTM</option>
                <option value="gru">GRU</option>
                <option value="simpleRNN">Simple RNN</option>
              </select>
            )}
          </Field>
          <Field label="Units" error={errorAt('architecture.units')}>
            {(p) => <input {...p} type="number" min={1} value={draft.rnnUnits} onChange={(e) => set('rnnUnits', e.target.value)} />}
          </Field>
          <Field label="Embedding size (optional)" error={errorAt('architecture.embeddingDim')}>
            {(p) => <input {...p} type="number" min={1} value={draft.rnnEmbeddingDim} onChange={(e) => set('rnnEmbeddingDim', e.target.value)} placeholder="auto" />}
          </Field>
        </>
      )}
    </div>
  );
}

function LayerList({ layers, onChange, errorAt }: { layers: LayerDraft[]; onChange: (layers: LayerDraft[]) => void; errorAt: (path: string) => string | undefined }) {
  const update = (i: number, layer: LayerDraft) => onChange(layers.map((l, j) => (j === i ? layer : l)));
  const move = (i: number, delta: number) => {
    const next = [...layers];
    const [item] = next.splice(i, 1);
    next.splice(i + delta, 0, item!);
    onChange(next);
  };
  return (
    <div className="layer-list">
      {layers.length === 0 ? <p className="muted">No hidden layers: the model is just the output layer.</p> : null}
      <ol>
        {layers.map((layer, i) => {
          const def = LAYER_TYPES[layer.type]!;
          const rowPath = `architecture.layers[${i}]`;
          const rowErrors = errorAt(rowPath);
          const fieldPaths = def.fields.map((f) => `${rowPath}.${f.key}`);
          const ownErrors = issuesOnRow(rowErrors, fieldPaths, errorAt);
          return (
            <li key={layer.uid} className={`layer-row${rowErrors ? ' field-invalid' : ''}`}>
              <fieldset>
                <legend>Layer {i + 1}</legend>
                <div className="layer-fields">
                  <Field label="Type">
                    {(p) => (
                      <select {...p} value={layer.type} onChange={(e) => update(i, { ...newLayer(e.target.value), uid: layer.uid })}>
                        {Object.entries(LAYER_TYPES).map(([type, d]) => (
                          <option key={type} value={type}>
                            {d.label}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  {def.fields.map((f) => (
                    <Field key={f.key} label={f.label} error={errorAt(`${rowPath}.${f.key}`)}>
                      {(p) =>
                        f.kind === 'activation' ? (
                          <select {...p} value={layer.values[f.key] ?? ''} onChange={(e) => update(i, { ...layer, values: { ...layer.values, [f.key]: e.target.value } })}>
                            {f.optional ? <option value="">none (linear)</option> : null}
                            {ACTIVATIONS.map((a) => (
                              <option key={a} value={a}>
                                {a}
                              </option>
                            ))}
                          </select>
                        ) : f.kind === 'padding' ? (
                          <select {...p} value={layer.values[f.key] ?? ''} onChange={(e) => update(i, { ...layer, values: { ...layer.values, [f.key]: e.target.value } })}>
                            <option value="valid">valid</option>
                            <option value="same">same</option>
                          </select>
                        ) : f.kind === 'bool' ? (
                          <select {...p} value={layer.values[f.key] ?? 'false'} onChange={(e) => update(i, { ...layer, values: { ...layer.values, [f.key]: e.target.value } })}>
                            <option value="false">no</option>
                            <option value="true">yes</option>
                          </select>
                        ) : (
                          <input
                            {...p}
                            inputMode={f.kind === 'float' ? 'decimal' : 'numeric'}
                            value={layer.values[f.key] ?? ''}
                            onChange={(e) => update(i, { ...layer, values: { ...layer.values, [f.key]: e.target.value } })}
                            placeholder={f.kind === 'intList' ? 'e.g. 4, 4, 1' : undefined}
                          />
                        )
                      }
                    </Field>
                  ))}
                </div>
                {ownErrors ? <small className="field-error">{ownErrors}</small> : null}
                <div className="layer-actions">
                  <button type="button" className="secondary small" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move layer ${i + 1} up`}>
                    ↑
                  </button>
                  <button type="button" className="secondary small" disabled={i === layers.length - 1} onClick={() => move(i, 1)} aria-label={`Move layer ${i + 1} down`}>
                    ↓
                  </button>
                  <button type="button" className="secondary small danger" onClick={() => onChange(layers.filter((_l, j) => j !== i))} aria-label={`Remove layer ${i + 1}`}>
                    Remove
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button type="button" className="secondary" onClick={() => onChange([...layers, newLayer('dense')])}>
        Add a layer
      </button>
    </div>
  );
}

/** Row-level messages not already shown next to one of the row's fields. */
function issuesOnRow(rowErrors: string | undefined, fieldPaths: string[], errorAt: (path: string) => string | undefined): string | undefined {
  if (!rowErrors) return undefined;
  const shown = fieldPaths.map((p) => errorAt(p)).filter(Boolean) as string[];
  let rest = rowErrors;
  for (const s of shown) rest = rest.replace(s, '');
  rest = rest.trim();
  return rest || undefined;
}
