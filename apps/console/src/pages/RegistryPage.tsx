import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '../hooks.ts';
import { useSession } from '../session.tsx';
import { Link, useSearchParam } from '../router.tsx';
import { ApiError } from '../api/graphql.ts';
import { Badge, Empty, ErrorState, Field, Loading, MutationError, PageHeader, StatusMessage, Unavailable } from '../components/ui.tsx';
import { ModelPicker, useModelOptions } from '../components/ModelPicker.tsx';
import { formatBytes, formatDate, formatNumber, formatPercent } from '../format.ts';
import { EVALUATION_FIELDS, type Evaluation } from './RunPage.tsx';

interface VersionRow {
  id: string;
  version: number;
  createdAt: string;
  run: { id: string } | null;
  evaluation: Evaluation | null;
}

export const REGISTRY_VERSIONS = /* GraphQL */ `
  query ConsoleRegistryVersions($id: ID!) {
    model(id: $id) {
      id name task
      versions(first: 50) { edges { node { id version createdAt run { id } evaluation { ${EVALUATION_FIELDS} } } } }
    }
  }
`;

export const REGISTRY_ALIASES = /* GraphQL */ `
  query ConsoleRegistryAliases($id: ID!) {
    model(id: $id) {
      id
      aliases { name updatedAt gate { metric op value } modelVersion { id version } }
      versions(first: 50) { edges { node { id version aliases onnx { sha256 sizeBytes opset } } } }
    }
  }
`;

export const SET_ALIAS = /* GraphQL */ `
  mutation ConsoleSetAlias($input: SetAliasInput!) {
    setAlias(input: $input) { alias { name updatedAt gate { metric op value } modelVersion { version } } }
  }
`;

export const DELETE_ALIAS = /* GraphQL */ `
  mutation ConsoleDeleteAlias($modelId: ID!, $name: String!) {
    deleteAlias(input: { modelId: $modelId, name: $name }) { deletedName }
  }
`;

const OPS: Record<string, string> = { GTE: '≥', GT: '>', LTE: '≤', LT: '<' };
const GATE_METRICS = ['accuracy', 'macroF1', 'rocAuc', 'r2', 'mse', 'mae'];

interface AliasRow {
  name: string;
  updatedAt: string;
  gate: { metric: string; op: string; value: number } | null;
  modelVersion: { id: string; version: number };
}

export function RegistryPage() {
  const [modelId, setModelId] = useSearchParam('model');
  const models = useModelOptions();
  return (
    <>
      <PageHeader title="Registry" description="Model versions with their test metrics, and the aliases (production, staging…) that predictions use, guarded by metric gates." />
      {models.loading && !models.data ? (
        <Loading label="Loading models…" />
      ) : models.error ? (
        <ErrorState title="Could not load models" error={models.error} onRetry={models.reload} />
      ) : models.options.length === 0 ? (
        <Empty title="No models yet.">
          <p>
            <Link to="/models/new">Define and train a model</Link>; each successful run registers a version.
          </p>
        </Empty>
      ) : (
        <>
          <div className="toolbar">
            <ModelPicker options={models.options} value={modelId} onChange={setModelId} />
          </div>
          {modelId ? <ModelRegistry key={modelId} modelId={modelId} /> : null}
        </>
      )}
    </>
  );
}

function ModelRegistry({ modelId }: { modelId: string }) {
  const { capabilities } = useSession();
  const versions = useQuery<{ model: { id: string; name: string; task: string; versions: { edges: { node: VersionRow }[] } } }>(REGISTRY_VERSIONS, { id: modelId });
  const hasAliases = capabilities.has('Model.aliases') && capabilities.has('Mutation.setAlias');
  const registry = useQuery<{ model: { aliases: AliasRow[]; versions: { edges: { node: { version: number; aliases: string[]; onnx: { sha256: string; sizeBytes: number; opset: number } | null } }[] } } }>(
    REGISTRY_ALIASES,
    { id: modelId },
    { skip: !hasAliases },
  );
  const rows = versions.data?.model.versions.edges.map((e) => e.node) ?? [];
  const extras = new Map(registry.data?.model.versions.edges.map((e) => [e.node.version, e.node]) ?? []);
  const aliases = registry.data?.model.aliases ?? [];

  if (versions.loading && !versions.data) return <Loading label="Loading versions…" />;
  if (versions.error && !versions.data) return <ErrorState title="Could not load versions" error={versions.error} onRetry={versions.reload} />;
  const reloadAll = () => {
    versions.reload();
    registry.reload();
  };
  return (
    <>
      <section className="card" aria-labelledby="versions-title">
        <h2 id="versions-title">Versions of {versions.data!.model.name}</h2>
        {rows.length === 0 ? (
          <Empty title="No versions yet.">
            <p>
              <Link to={`/models/${modelId}`}>Train the model</Link>: each successful run registers a version.
            </p>
          </Empty>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Aliases</th>
                  <th scope="col" className="num">
                    Accuracy
                  </th>
                  <th scope="col" className="num">
                    Macro F1
                  </th>
                  <th scope="col" className="num">
                    R²
                  </th>
                  <th scope="col" className="num">
                    MAE
                  </th>
                  <th scope="col">ONNX</th>
                  <th scope="col">Created</th>
                  <th scope="col">Run</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((v) => {
                  const extra = extras.get(v.version);
                  return (
                    <tr key={v.id}>
                      <th scope="row">v{v.version}</th>
                      <td>
                        <span className="badges">
                          {extra?.aliases.map((a) => (
                            <Badge key={a} tone="info">
                              {a}
                            </Badge>
                          )) ?? <span className="muted">—</span>}
                        </span>
                      </td>
                      <td className="num">{formatPercent(v.evaluation?.accuracy)}</td>
                      <td className="num">{formatNumber(v.evaluation?.macroF1, 3)}</td>
                      <td className="num">{formatNumber(v.evaluation?.r2, 3)}</td>
                      <td className="num">{formatNumber(v.evaluation?.mae)}</td>
                      <td>{extra?.onnx ? `opset ${extra.onnx.opset}, ${formatBytes(extra.onnx.sizeBytes)}` : '—'}</td>
                      <td>{formatDate(v.createdAt)}</td>
                      <td>{v.run ? <Link to={`/runs/${v.run.id}`}>{v.run.id.slice(0, 8)}</Link> : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="aliases-title">
        <h2 id="aliases-title">Aliases</h2>
        {!hasAliases ? (
          <Unavailable feature="Aliases" />
        ) : registry.loading && !registry.data ? (
          <Loading label="Loading aliases…" />
        ) : registry.error ? (
          <ErrorState title="Could not load aliases" error={registry.error} onRetry={registry.reload} />
        ) : (
          <>
            {aliases.length === 0 ? (
              <Empty title="No aliases yet.">
                <p>Point an alias such as “production” at a version below; predictions without a version use “production”.</p>
              </Empty>
            ) : (
              <ul className="alias-list">
                {aliases.map((a) => (
                  <AliasItem key={a.name} alias={a} modelId={modelId} onChanged={reloadAll} />
                ))}
              </ul>
            )}
            {rows.length > 0 ? <SetAliasForm modelId={modelId} versions={rows.map((r) => r.version)} aliases={aliases} onSaved={reloadAll} /> : null}
          </>
        )}
      </section>
    </>
  );
}

function AliasItem({ alias, modelId, onChanged }: { alias: AliasRow; modelId: string; onChanged: () => void }) {
  const remove = useMutation(DELETE_ALIAS);
  return (
    <li>
      <Badge tone="info">{alias.name}</Badge> → <strong>v{alias.modelVersion.version}</strong>
      {alias.gate ? (
        <span className="gate">
          {' '}
          gate: <code>{`${alias.gate.metric} ${OPS[alias.gate.op] ?? alias.gate.op} ${alias.gate.value}`}</code>
        </span>
      ) : (
        <span className="muted"> no gate</span>
      )}
      <span className="muted"> · updated {formatDate(alias.updatedAt)}</span>{' '}
      <button
        type="button"
        className="secondary small danger"
        aria-label={`Delete alias ${alias.name}`}
        disabled={remove.running}
        onClick={() => {
          remove
            .run({ modelId, name: alias.name })
            .then(onChanged)
            .catch(() => undefined);
        }}
      >
        Delete
      </button>
      <MutationError error={remove.error} />
    </li>
  );
}

function SetAliasForm({ modelId, versions, aliases, onSaved }: { modelId: string; versions: number[]; aliases: AliasRow[]; onSaved: () => void }) {
  const [name, setName] = useState('production');
  const [version, setVersion] = useState(String(versions[0] ?? ''));
  const [gateMode, setGateMode] = useState<'keep' | 'none' | 'set'>('keep');
  const [metric, setMetric] = useState('accuracy');
  const [op, setOp] = useState('GTE');
  const [value, setValue] = useState('0.9');
  const [nameError, setNameError] = useState<string | null>(null);
  const [valueError, setValueError] = useState<string | null>(null);
  const set = useMutation<{ setAlias: { alias: { name: string; modelVersion: { version: number } } } }>(SET_ALIAS);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const okName = /^[A-Za-z0-9_-]+$/.test(name);
    setNameError(okName ? null : 'Use letters, digits, - and _ only.');
    const gateValue = Number(value);
    const okValue = gateMode !== 'set' || (value.trim() !== '' && Number.isFinite(gateValue));
    setValueError(okValue ? null : 'Enter a number.');
    if (!okName || !okValue) return;
    try {
      await set.run({
        input: {
          modelId,
          name,
          version: Number(version),
          ...(gateMode === 'none' ? { gate: null } : gateMode === 'set' ? { gate: { metric, op, value: gateValue } } : {}),
        },
      });
      onSaved();
    } catch {
      // shown below
    }
  };

  return (
    <form className="subform" onSubmit={submit} noValidate aria-labelledby="set-alias-title">
      <h3 id="set-alias-title">Point an alias at a version</h3>
      <div className="form-grid">
        <Field label="Alias" error={nameError}>
          {(p) => (
            <>
              <input {...p} list="alias-names" value={name} onChange={(e) => setName(e.target.value)} />
              <datalist id="alias-names">
                {[...new Set(['production', 'staging', ...aliases.map((a) => a.name)])].map((n) => (
                  <option key={n} value={n} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label="Version">
          {(p) => (
            <select {...p} value={version} onChange={(e) => setVersion(e.target.value)}>
              {versions.map((v) => (
                <option key={v} value={v}>
                  v{v}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Gate">
          {(p) => (
            <select {...p} value={gateMode} onChange={(e) => setGateMode(e.target.value as typeof gateMode)}>
              <option value="keep">keep the current gate</option>
              <option value="set">set a gate</option>
              <option value="none">remove the gate</option>
            </select>
          )}
        </Field>
        {gateMode === 'set' ? (
          <>
            <Field label="Gate metric">
              {(p) => (
                <select {...p} value={metric} onChange={(e) => setMetric(e.target.value)}>
                  {GATE_METRICS.map((m) => (
                    <option key={m} value={m}>
                      {m}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Comparison">
              {(p) => (
                <select {...p} value={op} onChange={(e) => setOp(e.target.value)}>
                  {Object.entries(OPS).map(([k, v]) => (
                    <option key={k} value={k}>
                      {v} ({k})
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Threshold" error={valueError}>
              {(p) => <input {...p} inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} />}
            </Field>
          </>
        ) : null}
      </div>
      {set.error ? <AliasError error={set.error} /> : null}
      {set.data ? (
        <StatusMessage kind="success">
          {set.data.setAlias.alias.name} now points at v{set.data.setAlias.alias.modelVersion.version}.
        </StatusMessage>
      ) : null}
      <button type="submit" disabled={set.running}>
        {set.running ? 'Saving…' : 'Set alias'}
      </button>
    </form>
  );
}

function AliasError({ error }: { error: unknown }) {
  if (error instanceof ApiError && error.code === 'GATE_FAILED') {
    const ext = error.extensions;
    const metric = String(ext.metric ?? 'metric');
    const actual = ext.actual as number | null | undefined;
    const required = (ext.required ?? ext.value) as number | undefined;
    const op = typeof ext.op === 'string' ? (OPS[ext.op] ?? ext.op) : null;
    return (
      <StatusMessage kind="error">
        The gate refused this version: {metric} is {actual == null ? 'missing' : formatNumber(actual)}
        {required !== undefined ? `, the gate requires ${op ? `${op} ` : ''}${formatNumber(required)}` : ''}. <code className="error-code">GATE_FAILED</code>
      </StatusMessage>
    );
  }
  return <MutationError error={error} />;
}
