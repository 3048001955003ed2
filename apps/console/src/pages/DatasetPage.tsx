import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery } from '../hooks.ts';
import { Link, navigate, useSearchParam } from '../router.tsx';
import { Badge, Empty, ErrorState, KeyValue, Loading, MutationError, PageHeader, StatusMessage } from '../components/ui.tsx';
import { UploadForm } from '../components/UploadForm.tsx';
import { Histogram, type HistogramBin } from '../charts/BarChart.tsx';
import { formatBytes, formatDate, formatNumber } from '../format.ts';

const COLUMN_TYPES = ['NUMERIC', 'CATEGORICAL', 'BOOLEAN', 'TEXT', 'DATETIME', 'IMAGE'] as const;

interface VersionRow {
  id: string;
  version: number;
  rowCount: number;
  byteSize: number;
  format: string;
  labelColumn: string | null;
  createdAt: string;
}

interface DatasetData {
  dataset: {
    id: string;
    name: string;
    description: string | null;
    createdAt: string;
    versions: { edges: { node: VersionRow }[] };
  };
}

export const DATASET_QUERY = /* GraphQL */ `
  query ConsoleDataset($id: ID!) {
    dataset(id: $id) {
      id name description createdAt
      versions(first: 50) { edges { node { id version rowCount byteSize format labelColumn createdAt } } }
    }
  }
`;

export interface ColumnStats {
  count: number;
  missing: number;
  distinctCount: number;
  distinctCapped: boolean;
  topValues: { value: string; count: number }[];
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null;
  median: number | null;
  minDate: string | null;
  maxDate: string | null;
  meanTokens: number | null;
  maxTokens: number | null;
  vocabularySize: number | null;
  histogram: HistogramBin[] | null;
}

export interface DatasetColumn {
  name: string;
  type: string;
  inferredType: string;
  role: 'FEATURE' | 'LABEL' | 'IGNORED';
  stats: ColumnStats;
}

interface VersionDetail {
  datasetVersion: {
    id: string;
    version: number;
    format: string;
    rowCount: number;
    byteSize: number;
    sha256: string;
    labelColumn: string | null;
    task: string | null;
    labelClasses: string[] | null;
    featureShape: number[];
    featureNames: string[];
    createdAt: string;
    warnings: { code: string; column: string | null; message: string }[];
    splits: { seed: number; stratified: boolean; trainFraction: number; validationFraction: number; testFraction: number; train: number; validation: number; test: number };
    columns: DatasetColumn[];
  };
}

export const VERSION_QUERY = /* GraphQL */ `
  query ConsoleDatasetVersion($id: ID!) {
    datasetVersion(id: $id) {
      id version format rowCount byteSize sha256 labelColumn task labelClasses featureShape featureNames createdAt
      warnings { code column message }
      splits { seed stratified trainFraction validationFraction testFraction train validation test }
      columns {
        name type inferredType role
        stats {
          count missing distinctCount distinctCapped
          topValues { value count }
          min max mean std median minDate maxDate meanTokens maxTokens vocabularySize
          histogram { start end count }
        }
      }
    }
  }
`;

export const PREVIEW_QUERY = /* GraphQL */ `
  query ConsoleDatasetPreview($id: ID!, $after: String) {
    datasetVersion(id: $id) {
      id
      preview(first: 20, after: $after) { edges { cursor node } pageInfo { hasNextPage endCursor } }
    }
  }
`;

export const UPDATE_TYPES = /* GraphQL */ `
  mutation ConsoleUpdateColumnTypes($input: UpdateColumnTypesInput!) {
    updateColumnTypes(input: $input) { datasetVersion { id } }
  }
`;

export const DELETE_DATASET = /* GraphQL */ `
  mutation ConsoleDeleteDataset($id: ID!) {
    deleteDataset(input: { id: $id }) { deletedDatasetId }
  }
`;

export function DatasetPage({ datasetId }: { datasetId: string }) {
  const dataset = useQuery<DatasetData>(DATASET_QUERY, { id: datasetId });
  const [versionParam, setVersionParam] = useSearchParam('version');
  const [uploading, setUploading] = useState(false);
  const versions = dataset.data?.dataset.versions.edges.map((e) => e.node) ?? [];
  const selected = versions.find((v) => v.id === versionParam) ?? versions[0] ?? null;

  if (dataset.loading && !dataset.data) return <Loading label="Loading the dataset…" />;
  if (dataset.error && !dataset.data)
    return (
      <>
        <PageHeader title="Dataset" />
        <ErrorState title="Could not load this dataset" error={dataset.error} onRetry={dataset.reload} />
        <p>
          <Link to="/datasets">Back to datasets</Link>
        </p>
      </>
    );
  const d = dataset.data!.dataset;
  return (
    <>
      <PageHeader
        title={d.name}
        description={d.description ?? undefined}
        actions={
          <>
            {selected ? (
              <Link className="button" to={`/models/new?datasetVersion=${selected.id}`}>
                Define a model on v{selected.version}
              </Link>
            ) : null}
            <button type="button" className="secondary" onClick={() => setUploading((v) => !v)} aria-expanded={uploading}>
              {uploading ? 'Close upload' : 'Upload new version'}
            </button>
          </>
        }
      />
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/datasets">Datasets</Link> / <span aria-current="page">{d.name}</span>
      </nav>
      {uploading || versions.length === 0 ? (
        <UploadForm
          datasetId={d.id}
          defaultLabelColumn={versions[0]?.labelColumn ?? null}
          onUploaded={(version) => {
            setUploading(false);
            setVersionParam(version.id);
            dataset.reload();
          }}
        />
      ) : null}
      {versions.length === 0 ? (
        <Empty title="This dataset has no data yet.">
          <p>Upload a file above to create version 1.</p>
        </Empty>
      ) : (
        <>
          <section className="card" aria-labelledby="versions-title">
            <h2 id="versions-title">Versions</h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Rows</th>
                    <th scope="col">Size</th>
                    <th scope="col">Format</th>
                    <th scope="col">Label</th>
                    <th scope="col">Uploaded</th>
                  </tr>
                </thead>
                <tbody>
                  {versions.map((v) => (
                    <tr key={v.id} className={v.id === selected?.id ? 'selected' : undefined}>
                      <th scope="row">
                        <button type="button" className="link" aria-pressed={v.id === selected?.id} onClick={() => setVersionParam(v.id)}>
                          v{v.version}
                        </button>
                      </th>
                      <td>{v.rowCount.toLocaleString('en-US')}</td>
                      <td>{formatBytes(v.byteSize)}</td>
                      <td>{v.format}</td>
                      <td>{v.labelColumn ? <code>{v.labelColumn}</code> : '—'}</td>
                      <td>{formatDate(v.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          {selected ? <VersionDetails key={selected.id} versionId={selected.id} /> : null}
        </>
      )}
      <DeleteDataset datasetId={d.id} name={d.name} />
    </>
  );
}

function VersionDetails({ versionId }: { versionId: string }) {
  const detail = useQuery<VersionDetail>(VERSION_QUERY, { id: versionId });
  if (detail.loading && !detail.data) return <Loading label="Loading columns and statistics…" />;
  if (detail.error && !detail.data) return <ErrorState title="Could not load this version" error={detail.error} onRetry={detail.reload} />;
  const v = detail.data!.datasetVersion;
  const numeric = v.columns.filter((c) => c.stats.histogram && c.stats.histogram.length > 0);
  return (
    <>
      <section className="card" aria-labelledby="summary-title">
        <h2 id="summary-title">Version {v.version}</h2>
        <KeyValue
          items={[
            ['Rows', v.rowCount.toLocaleString('en-US')],
            ['Size', formatBytes(v.byteSize)],
            ['Format', v.format],
            ['Label', v.labelColumn ? <code>{v.labelColumn}</code> : 'none'],
            ['Task', v.task ? v.task.toLowerCase() : '—'],
            ['Classes', v.labelClasses?.length ? v.labelClasses.join(', ') : '—'],
            ['Feature shape', `[${v.featureShape.join(', ')}]`],
            ['SHA-256', <code className="hash">{v.sha256}</code>],
          ]}
        />
        {v.warnings.length > 0 ? (
          <div className="warnings" role="note">
            <h3>Warnings</h3>
            <ul>
              {v.warnings.map((w, i) => (
                <li key={i}>
                  <Badge tone="warn">{w.code}</Badge> {w.column ? <code>{w.column}</code> : null} {w.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>
      <Splits splits={v.splits} />
      <ColumnsTable versionId={v.id} columns={v.columns} labelColumn={v.labelColumn} onSaved={detail.reload} />
      <section className="card" aria-labelledby="histograms-title">
        <h2 id="histograms-title">Distributions</h2>
        {numeric.length === 0 ? (
          <Empty title="No numeric columns to chart." />
        ) : (
          <div className="histograms">
            {numeric.map((c) => (
              <Histogram key={c.name} column={c.name} bins={c.stats.histogram!} />
            ))}
          </div>
        )}
      </section>
      <Preview versionId={v.id} columns={v.columns.map((c) => c.name)} />
      <section className="card" aria-labelledby="features-title">
        <h2 id="features-title">Model features ({v.featureNames.length})</h2>
        <p className="muted">After preprocessing (one-hot encoding, scaling), a model sees these inputs:</p>
        <ul className="feature-names">
          {v.featureNames.map((f) => (
            <li key={f}>
              <code>{f}</code>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function Splits({ splits }: { splits: VersionDetail['datasetVersion']['splits'] }) {
  const total = splits.train + splits.validation + splits.test || 1;
  const parts = [
    { name: 'train', count: splits.train, cls: 'split-train' },
    { name: 'validation', count: splits.validation, cls: 'split-validation' },
    { name: 'test', count: splits.test, cls: 'split-test' },
  ];
  return (
    <section className="card" aria-labelledby="splits-title">
      <h2 id="splits-title">Split sizes</h2>
      <div className="split-bar" role="img" aria-label={parts.map((p) => `${p.name} ${p.count} rows`).join(', ')}>
        {parts.map((p) =>
          p.count > 0 ? (
            <span key={p.name} className={p.cls} style={{ flexGrow: p.count }}>
              {p.name} {p.count}
            </span>
          ) : null,
        )}
      </div>
      <p className="muted">
        {parts.map((p) => `${p.name}: ${p.count.toLocaleString('en-US')} rows (${((p.count / total) * 100).toFixed(0)}%)`).join(' · ')} · seed {splits.seed}
        {splits.stratified ? ' · stratified by label' : ''}
      </p>
    </section>
  );
}

function ColumnsTable({ versionId, columns, labelColumn, onSaved }: { versionId: string; columns: DatasetColumn[]; labelColumn: string | null; onSaved: () => void }) {
  const [types, setTypes] = useState<Record<string, string>>({});
  const [label, setLabel] = useState(labelColumn ?? '');
  const update = useMutation(UPDATE_TYPES);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    setTypes(Object.fromEntries(columns.map((c) => [c.name, c.type])));
    setLabel(labelColumn ?? '');
  }, [columns, labelColumn]);
  const changed = columns.filter((c) => types[c.name] && types[c.name] !== c.type);
  const labelChanged = (labelColumn ?? '') !== label;

  const save = async () => {
    setSaved(false);
    try {
      await update.run({
        input: {
          datasetVersionId: versionId,
          columnTypes: changed.map((c) => ({ column: c.name, type: types[c.name] })),
          ...(labelChanged && label ? { labelColumn: label } : {}),
        },
      });
      setSaved(true);
      onSaved();
    } catch {
      // shown below
    }
  };

  return (
    <section className="card" aria-labelledby="columns-title">
      <h2 id="columns-title">Columns</h2>
      <div className="table-wrap">
        <table className="columns-table">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              <th scope="col">Role</th>
              <th scope="col">Count</th>
              <th scope="col">Missing</th>
              <th scope="col">Distinct</th>
              <th scope="col">Statistics</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((c) => (
              <tr key={c.name}>
                <th scope="row">
                  <code>{c.name}</code>
                </th>
                <td>
                  <label className="visually-hidden" htmlFor={`type-${c.name}`}>
                    Type of {c.name}
                  </label>
                  <select id={`type-${c.name}`} value={types[c.name] ?? c.type} onChange={(e) => setTypes((t) => ({ ...t, [c.name]: e.target.value }))}>
                    {COLUMN_TYPES.map((t) => (
                      <option key={t} value={t}>
                        {t.toLowerCase()}
                        {t === c.inferredType ? ' (inferred)' : ''}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <Badge tone={c.role === 'LABEL' ? 'info' : c.role === 'IGNORED' ? 'warn' : 'neutral'}>{c.role.toLowerCase()}</Badge>
                </td>
                <td>{c.stats.count.toLocaleString('en-US')}</td>
                <td>{c.stats.missing > 0 ? <strong>{c.stats.missing.toLocaleString('en-US')}</strong> : 0}</td>
                <td>
                  {c.stats.distinctCount.toLocaleString('en-US')}
                  {c.stats.distinctCapped ? '+' : ''}
                </td>
                <td className="stats-cell">
                  <StatsSummary column={c} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="form-row">
        <div className="field inline">
          <label htmlFor="label-column">Change the label column</label>
          <select id="label-column" value={label} onChange={(e) => setLabel(e.target.value)}>
            {!labelColumn ? <option value="">(no label)</option> : null}
            {columns.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <button type="button" disabled={(changed.length === 0 && !labelChanged) || update.running} onClick={() => void save()}>
          {update.running ? 'Saving…' : 'Save column types'}
        </button>
      </div>
      <MutationError error={update.error} />
      {saved ? <StatusMessage kind="success">Column types saved; statistics and preprocessing were recomputed.</StatusMessage> : null}
    </section>
  );
}

function StatsSummary({ column }: { column: DatasetColumn }) {
  const s = column.stats;
  if (column.type === 'NUMERIC' && s.min != null && s.max != null) {
    return (
      <span>
        min {formatNumber(s.min)} · max {formatNumber(s.max)} · mean {formatNumber(s.mean)} · std {formatNumber(s.std)} · median {formatNumber(s.median)}
      </span>
    );
  }
  if (column.type === 'DATETIME' && (s.minDate || s.maxDate)) return <span>{`${s.minDate ?? '?'} → ${s.maxDate ?? '?'}`}</span>;
  if (column.type === 'TEXT' && s.meanTokens != null) {
    return (
      <span>
        mean {formatNumber(s.meanTokens)} tokens · max {s.maxTokens ?? '—'} · vocabulary {s.vocabularySize ?? '—'}
      </span>
    );
  }
  if (s.topValues.length > 0) {
    return (
      <span>
        {s.topValues
          .slice(0, 5)
          .map((t) => `${t.value} (${t.count})`)
          .join(', ')}
        {s.topValues.length > 5 ? ', …' : ''}
      </span>
    );
  }
  return <span className="muted">—</span>;
}

function Preview({ versionId, columns }: { versionId: string; columns: string[] }) {
  const [after, setAfter] = useState<string | null>(null);
  const [pages, setPages] = useState<Record<string, unknown>[][]>([]);
  const page = useQuery<{ datasetVersion: { preview: { edges: { cursor: string; node: Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } }>(
    PREVIEW_QUERY,
    { id: versionId, after },
  );
  const current = page.data?.datasetVersion.preview;
  useEffect(() => {
    if (current) setPages((p) => (after ? [...p, current.edges.map((e) => e.node)] : [current.edges.map((e) => e.node)]));
  }, [current]);
  const rows = useMemo(() => pages.flat(), [pages]);
  return (
    <section className="card" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview</h2>
      {page.loading && rows.length === 0 ? (
        <Loading label="Loading rows…" />
      ) : page.error && rows.length === 0 ? (
        <ErrorState title="Could not load rows" error={page.error} onRetry={page.reload} />
      ) : rows.length === 0 ? (
        <Empty title="No rows." />
      ) : (
        <>
          <div className="table-wrap preview-table" tabIndex={0} role="region" aria-label="Preview rows (scrollable)">
            <table>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  {columns.map((c) => (
                    <th scope="col" key={c}>
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row, i) => (
                  <tr key={i}>
                    <th scope="row">{i + 1}</th>
                    {columns.map((c) => (
                      <td key={c}>{renderCell(row[c])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {current?.pageInfo.hasNextPage ? (
            <button type="button" className="secondary" disabled={page.loading} onClick={() => setAfter(current.pageInfo.endCursor)}>
              {page.loading ? 'Loading…' : 'Show 20 more rows'}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}

function renderCell(value: unknown) {
  if (value === null || value === undefined || value === '') return <span className="muted">∅</span>;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function DeleteDataset({ datasetId, name }: { datasetId: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(DELETE_DATASET);
  return (
    <section className="card danger-zone" aria-labelledby="danger-title">
      <h2 id="danger-title">Delete dataset</h2>
      <p className="muted">Deletes every version and its files. Refused while a model version depends on it.</p>
      {!confirming ? (
        <button type="button" className="danger secondary" onClick={() => setConfirming(true)}>
          Delete {name}
        </button>
      ) : (
        <div className="button-row" role="group" aria-label="Confirm deletion">
          <button
            type="button"
            className="danger"
            disabled={remove.running}
            onClick={() => {
              remove
                .run({ id: datasetId })
                .then(() => navigate('/datasets'))
                .catch(() => undefined);
            }}
          >
            {remove.running ? 'Deleting…' : `Yes, delete ${name}`}
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      <MutationError error={remove.error} />
    </section>
  );
}
