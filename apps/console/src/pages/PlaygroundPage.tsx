import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '../hooks.ts';
import { useSession } from '../session.tsx';
import { Link, useSearchParam } from '../router.tsx';
import { Empty, ErrorState, Field, Loading, MutationError, PageHeader, Unavailable } from '../components/ui.tsx';
import { ModelPicker, useModelOptions } from '../components/ModelPicker.tsx';
import { formatNumber, formatPercent } from '../format.ts';

export interface FormField {
  name: string;
  kind: 'NUMERIC' | 'CATEGORICAL' | 'TEXT';
  categories: string[];
  initial: string;
}

interface ColumnInfo {
  name: string;
  type: string;
  role: string;
  stats: { median: number | null; mean: number | null; topValues: { value: string }[] };
}

interface ModelInputs {
  model: {
    id: string;
    name: string;
    task: string;
    versions: { edges: { node: { version: number } }[] };
    datasetVersion: { id: string; labelColumn: string | null; labelClasses: string[] | null; columns: ColumnInfo[] } | null;
  };
}

export const MODEL_INPUTS = /* GraphQL */ `
  query ConsolePlaygroundModel($id: ID!) {
    model(id: $id) {
      id name task
      versions(first: 50) { edges { node { version } } }
      datasetVersion { id labelColumn labelClasses columns { name type role stats { median mean topValues { value } } } }
    }
  }
`;

export const SIGNATURES = /* GraphQL */ `
  query ConsolePlaygroundSignatures($id: ID!) {
    model(id: $id) {
      id
      aliases { name modelVersion { version } }
      versions(first: 50) { edges { node { version signature { recordFields { name kind categories } labels } } } }
    }
  }
`;

export const SAMPLE_ROWS = /* GraphQL */ `
  query ConsolePlaygroundRows($id: ID!) {
    datasetVersion(id: $id) { id preview(first: 50) { edges { node } } }
  }
`;

export const PREDICT = /* GraphQL */ `
  query ConsolePredict($input: PredictInput!) {
    predict(input: $input) {
      modelVersion { version }
      predictions { label labelIndex value probabilities { label probability } }
    }
  }
`;

interface PredictResult {
  predict: {
    modelVersion: { version: number };
    predictions: { label: string | null; labelIndex: number | null; value: number | null; probabilities: { label: string; probability: number }[] | null }[];
  };
}

interface Signatures {
  model: {
    aliases: { name: string; modelVersion: { version: number } }[];
    versions: { edges: { node: { version: number; signature: { recordFields: { name: string; kind: string; categories: string[] | null }[] | null; labels: string[] | null } | null } }[] };
  };
}

export function fieldsFromColumns(columns: ColumnInfo[]): FormField[] {
  return columns
    .filter((c) => c.role === 'FEATURE')
    .map((c) => {
      if (c.type === 'NUMERIC') {
        const v = c.stats.median ?? c.stats.mean;
        return { name: c.name, kind: 'NUMERIC' as const, categories: [], initial: v == null ? '' : String(Number(v.toPrecision(6))) };
      }
      if (c.type === 'CATEGORICAL' || c.type === 'BOOLEAN') {
        const categories = c.stats.topValues.map((t) => t.value);
        return { name: c.name, kind: 'CATEGORICAL' as const, categories, initial: categories[0] ?? '' };
      }
      return { name: c.name, kind: 'TEXT' as const, categories: [], initial: '' };
    });
}

export function fieldsFromSignature(recordFields: { name: string; kind: string; categories: string[] | null }[], columns: ColumnInfo[]): FormField[] {
  const byName = new Map(columns.map((c) => [c.name, c]));
  return recordFields.map((f) => {
    const column = byName.get(f.name);
    if (f.kind === 'NUMERIC') {
      const v = column?.stats.median ?? column?.stats.mean;
      return { name: f.name, kind: 'NUMERIC' as const, categories: [], initial: v == null ? '' : String(Number(v.toPrecision(6))) };
    }
    const categories = f.categories ?? column?.stats.topValues.map((t) => t.value) ?? [];
    return { name: f.name, kind: categories.length ? ('CATEGORICAL' as const) : ('TEXT' as const), categories, initial: categories[0] ?? '' };
  });
}

export function PlaygroundPage() {
  const { capabilities } = useSession();
  const [modelId, setModelId] = useSearchParam('model');
  const models = useModelOptions(true);
  const canPredict = capabilities.has('Query.predict');
  return (
    <>
      <PageHeader title="Playground" description="Try a trained model: the form is generated from the model’s named input features." />
      {!canPredict ? (
        <Unavailable feature="Prediction">
          <p>
            The API has no <code>predict</code> query yet.
          </p>
        </Unavailable>
      ) : models.loading && !models.data ? (
        <Loading label="Loading models…" />
      ) : models.error ? (
        <ErrorState title="Could not load models" error={models.error} onRetry={models.reload} />
      ) : models.options.length === 0 ? (
        <Empty title="No trained model yet.">
          <p>
            <Link to="/models">Train a model</Link>: a successful run creates a version you can try here.
          </p>
        </Empty>
      ) : (
        <>
          <div className="toolbar">
            <ModelPicker options={models.options} value={modelId} onChange={setModelId} />
          </div>
          {modelId && models.options.some((m) => m.id === modelId) ? <PredictPanel key={modelId} modelId={modelId} /> : null}
        </>
      )}
    </>
  );
}

function PredictPanel({ modelId }: { modelId: string }) {
  const { capabilities } = useSession();
  const [target, setTarget] = useSearchParam('version');
  const inputs = useQuery<ModelInputs>(MODEL_INPUTS, { id: modelId });
  const hasSignatures = capabilities.has('ModelVersion.signature') && capabilities.has('Model.aliases');
  const signatures = useQuery<Signatures>(SIGNATURES, { id: modelId }, { skip: !hasSignatures });
  const datasetVersionId = inputs.data?.model.datasetVersion?.id ?? null;
  const samples = useQuery<{ datasetVersion: { preview: { edges: { node: Record<string, unknown> }[] } } }>(SAMPLE_ROWS, { id: datasetVersionId }, { skip: !datasetVersionId });
  const predict = useMutation<PredictResult>(PREDICT);
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sample, setSample] = useState(0);

  const versions = inputs.data?.model.versions.edges.map((e) => e.node.version) ?? [];
  const aliases = signatures.data?.model.aliases ?? [];
  // target: '' (default), '3' (a version), or 'alias:production'
  const chosenVersion = target?.startsWith('alias:') ? aliases.find((a) => `alias:${a.name}` === target)?.modelVersion.version : target ? Number(target) : undefined;

  const fields = useMemo<FormField[]>(() => {
    const columns = inputs.data?.model.datasetVersion?.columns ?? [];
    const sigVersions = signatures.data?.model.versions.edges.map((e) => e.node) ?? [];
    const sig = (chosenVersion !== undefined ? sigVersions.find((v) => v.version === chosenVersion) : sigVersions[0])?.signature;
    if (sig?.recordFields?.length) return fieldsFromSignature(sig.recordFields, columns);
    return fieldsFromColumns(columns);
  }, [inputs.data, signatures.data, chosenVersion]);

  useEffect(() => {
    setValues((current) => Object.fromEntries(fields.map((f) => [f.name, current[f.name] ?? f.initial])));
  }, [fields]);

  if (inputs.loading && !inputs.data) return <Loading label="Loading the model’s inputs…" />;
  if (inputs.error && !inputs.data) return <ErrorState title="Could not load the model" error={inputs.error} onRetry={inputs.reload} />;
  const model = inputs.data!.model;
  const rows = samples.data?.datasetVersion.preview.edges.map((e) => e.node) ?? [];

  const fillFromRow = () => {
    const row = rows[sample % Math.max(1, rows.length)];
    if (!row) return;
    setValues(Object.fromEntries(fields.map((f) => [f.name, row[f.name] == null ? '' : String(row[f.name])])));
    setSample((s) => s + 1);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const record: Record<string, unknown> = {};
    const next: Record<string, string> = {};
    for (const f of fields) {
      const raw = (values[f.name] ?? '').trim();
      if (f.kind === 'NUMERIC') {
        if (raw === '') record[f.name] = null;
        else if (!Number.isFinite(Number(raw))) next[f.name] = 'Enter a number (or leave empty for a missing value).';
        else record[f.name] = Number(raw);
      } else {
        record[f.name] = raw === '' ? null : raw;
      }
    }
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    const selector = target?.startsWith('alias:') ? { alias: target.slice(6) } : target && Number.isInteger(Number(target)) ? { version: Number(target) } : {};
    try {
      await predict.run({ input: { modelId, records: [record], ...selector } });
    } catch {
      // shown below
    }
  };

  const result = predict.data?.predict;
  const prediction = result?.predictions[0];
  return (
    <div className="playground">
      <form className="card" onSubmit={submit} noValidate aria-labelledby="inputs-title">
        <div className="section-head">
          <h2 id="inputs-title">Inputs</h2>
          <div className="field inline">
            <label htmlFor="target">Serve</label>
            <select id="target" value={target ?? ''} onChange={(e) => setTarget(e.target.value || null)}>
              <option value="">default (production alias, else latest)</option>
              {aliases.map((a) => (
                <option key={a.name} value={`alias:${a.name}`}>
                  alias {a.name} (v{a.modelVersion.version})
                </option>
              ))}
              {versions.map((v) => (
                <option key={v} value={String(v)}>
                  version {v}
                </option>
              ))}
            </select>
          </div>
        </div>
        {fields.length === 0 ? (
          <Empty title="This model has no named input features." />
        ) : (
          <div className="form-grid">
            {fields.map((f) => (
              <Field key={f.name} label={f.name} error={errors[f.name]} hint={f.kind === 'NUMERIC' ? 'number' : f.kind === 'CATEGORICAL' ? 'category' : 'text'}>
                {(p) =>
                  f.kind === 'CATEGORICAL' ? (
                    <select {...p} name={f.name} value={values[f.name] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}>
                      <option value="">(missing)</option>
                      {[...new Set([...f.categories, ...(values[f.name] && !f.categories.includes(values[f.name]!) ? [values[f.name]!] : [])])].map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <input {...p} name={f.name} inputMode={f.kind === 'NUMERIC' ? 'decimal' : undefined} value={values[f.name] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))} />
                  )
                }
              </Field>
            ))}
          </div>
        )}
        <div className="button-row">
          <button type="submit" disabled={predict.running || fields.length === 0}>
            {predict.running ? 'Predicting…' : 'Predict'}
          </button>
          {rows.length > 0 ? (
            <button type="button" className="secondary" onClick={fillFromRow}>
              Fill from a dataset row
            </button>
          ) : null}
        </div>
        <MutationError error={predict.error} />
      </form>
      <section className="card prediction" aria-labelledby="prediction-title" aria-live="polite">
        <h2 id="prediction-title">Prediction</h2>
        {!prediction ? (
          <p className="muted">{predict.running ? 'Running the model…' : 'Fill the inputs and choose Predict.'}</p>
        ) : (
          <>
            {prediction.label != null ? (
              <p className="predicted-label">
                <span className="muted">Predicted {model.datasetVersion?.labelColumn ?? 'label'}</span>
                <strong data-testid="predicted-label">{prediction.label}</strong>
              </p>
            ) : null}
            {prediction.value != null ? (
              <p className="predicted-label">
                <span className="muted">Predicted {model.datasetVersion?.labelColumn ?? 'value'}</span>
                <strong data-testid="predicted-value">{formatNumber(prediction.value)}</strong>
              </p>
            ) : null}
            {prediction.probabilities?.length ? (
              <ul className="probabilities" aria-label="Class probabilities">
                {[...prediction.probabilities]
                  .sort((a, b) => b.probability - a.probability)
                  .map((p) => (
                    <li key={p.label}>
                      <span className="prob-label">{p.label}</span>
                      <span className="prob-bar" aria-hidden="true">
                        <span style={{ width: `${Math.max(0.5, p.probability * 100)}%` }} />
                      </span>
                      <span className="prob-value">{formatPercent(p.probability)}</span>
                    </li>
                  ))}
              </ul>
            ) : null}
            <p className="muted small">Served by version {result!.modelVersion.version}.</p>
          </>
        )}
      </section>
    </div>
  );
}
