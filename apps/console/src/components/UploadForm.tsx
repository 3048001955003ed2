// Upload a dataset file (new dataset or new version) through the streaming endpoint, with a progress bar.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useSession } from '../session.tsx';
import { formatFromFileName, sniffColumns, uploadDatasetVersion, type DatasetFormat, type UploadedVersion } from '../api/upload.ts';
import { describeError } from '../api/graphql.ts';
import { formatBytes } from '../format.ts';
import { Field, MutationError, ProgressBar, StatusMessage } from './ui.tsx';

export const CREATE_DATASET = /* GraphQL */ `
  mutation ConsoleCreateDataset($input: CreateDatasetInput!) {
    createDataset(input: $input) { dataset { id name } }
  }
`;

type Phase = { name: 'idle' } | { name: 'uploading'; loaded: number; total: number } | { name: 'processing' } | { name: 'done'; version: UploadedVersion };

export interface UploadFormProps {
  /** Upload a new version of this dataset; without it the form creates a dataset first. */
  datasetId?: string;
  defaultLabelColumn?: string | null;
  onUploaded(version: UploadedVersion, datasetId: string): void;
}

export function UploadForm({ datasetId, defaultLabelColumn, onUploaded }: UploadFormProps) {
  const session = useSession();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<DatasetFormat>('CSV');
  const [columns, setColumns] = useState<string[]>([]);
  const [labelColumn, setLabelColumn] = useState(defaultLabelColumn ?? '');
  const [split, setSplit] = useState({ train: 80, validation: 10, test: 10, seed: 42 });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [phase, setPhase] = useState<Phase>({ name: 'idle' });
  const [failure, setFailure] = useState<unknown>(null);
  const createdId = useRef<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const chooseFile = async (chosen: File | null) => {
    setFile(chosen);
    setColumns([]);
    if (!chosen) return;
    const detected = formatFromFileName(chosen.name) ?? format;
    setFormat(detected);
    if (!datasetId && !name) setName(chosen.name.replace(/\.(csv|jsonl?|ndjson)$/i, ''));
    try {
      const names = await sniffColumns(chosen, detected);
      setColumns(names);
      if (labelColumn && !names.includes(labelColumn)) setLabelColumn('');
    } catch {
      setColumns([]);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!datasetId && !name.trim()) next.name = 'Name the dataset.';
    if (!file) next.file = 'Choose a CSV, JSON or JSON-lines file.';
    else if (file.size === 0) next.file = 'The file is empty.';
    const total = split.train + split.validation + split.test;
    if (Math.abs(total - 100) > 0.001) next.split = `The split must add up to 100% (now ${total}%).`;
    if (split.train <= 0) next.split = 'The training split cannot be empty.';
    setErrors(next);
    setFailure(null);
    if (Object.keys(next).length > 0 || !file) return;

    const abort = new AbortController();
    controller.current = abort;
    try {
      let id = datasetId ?? createdId.current;
      if (!id) {
        const created = await session.request<{ createDataset: { dataset: { id: string } } }>(CREATE_DATASET, {
          input: { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) },
        });
        id = created.createDataset.dataset.id;
        createdId.current = id;
      }
      setPhase({ name: 'uploading', loaded: 0, total: file.size });
      const isDefaultSplit = split.train === 80 && split.validation === 10 && split.test === 10 && split.seed === 42;
      const version = await uploadDatasetVersion(session.key, {
        datasetId: id,
        file,
        format,
        ...(labelColumn ? { labelColumn } : {}),
        ...(isDefaultSplit ? {} : { options: { split: { train: split.train / 100, validation: split.validation / 100, test: split.test / 100, seed: split.seed } } }),
        signal: abort.signal,
        onProgress: (loaded, totalBytes) => setPhase(loaded >= totalBytes ? { name: 'processing' } : { name: 'uploading', loaded, total: totalBytes }),
      });
      setPhase({ name: 'done', version });
      createdId.current = null;
      onUploaded(version, id);
    } catch (error) {
      setPhase({ name: 'idle' });
      if ((error as Error)?.name === 'AbortError') setFailure(new Error('Upload cancelled.'));
      else setFailure(error);
    } finally {
      controller.current = null;
    }
  };

  const busy = phase.name === 'uploading' || phase.name === 'processing';
  const titleId = datasetId ? 'upload-version-title' : 'upload-dataset-title';
  return (
    <form className="card upload-form" onSubmit={submit} noValidate aria-labelledby={titleId} aria-busy={busy}>
      <h2 id={titleId}>{datasetId ? 'Upload a new version' : 'New dataset'}</h2>
      <div className="form-grid">
        {!datasetId ? (
          <>
            <Field label="Dataset name" error={errors.name}>
              {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} disabled={busy} />}
            </Field>
            <Field label="Description (optional)">
              {(p) => <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} disabled={busy} />}
            </Field>
          </>
        ) : null}
        <Field label="File" error={errors.file} hint={file ? `${file.name}, ${formatBytes(file.size)}` : 'CSV with a header row, a JSON array of records, or JSON lines.'}>
          {(p) => <input {...p} type="file" accept=".csv,.json,.jsonl,.ndjson,text/csv,application/json" onChange={(e) => void chooseFile(e.target.files?.[0] ?? null)} disabled={busy} />}
        </Field>
        <Field label="Format">
          {(p) => (
            <select {...p} value={format} onChange={(e) => setFormat(e.target.value as DatasetFormat)} disabled={busy}>
              <option value="CSV">CSV</option>
              <option value="JSON">JSON (array of records)</option>
              <option value="JSONL">JSON lines</option>
            </select>
          )}
        </Field>
        <Field label="Label column" hint="The column a model learns to predict. Leave empty for unlabelled data.">
          {(p) =>
            columns.length > 0 ? (
              <select {...p} value={labelColumn} onChange={(e) => setLabelColumn(e.target.value)} disabled={busy}>
                <option value="">(no label)</option>
                {columns.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            ) : (
              <input {...p} value={labelColumn} onChange={(e) => setLabelColumn(e.target.value)} disabled={busy} placeholder="e.g. species" />
            )
          }
        </Field>
      </div>
      <details>
        <summary>Split (train / validation / test)</summary>
        <fieldset className={errors.split ? 'field-invalid' : undefined}>
          <legend className="visually-hidden">Split percentages</legend>
          <div className="form-grid compact">
            {(['train', 'validation', 'test'] as const).map((part) => (
              <Field key={part} label={`${part[0]!.toUpperCase()}${part.slice(1)} %`}>
                {(p) => (
                  <input {...p} type="number" min={0} max={100} step={1} value={split[part]} onChange={(e) => setSplit((s) => ({ ...s, [part]: Number(e.target.value) }))} disabled={busy} />
                )}
              </Field>
            ))}
            <Field label="Seed">
              {(p) => <input {...p} type="number" min={0} step={1} value={split.seed} onChange={(e) => setSplit((s) => ({ ...s, seed: Number(e.target.value) }))} disabled={busy} />}
            </Field>
          </div>
          {errors.split ? <small className="field-error">{errors.split}</small> : null}
        </fieldset>
      </details>
      {phase.name === 'uploading' ? (
        <div className="upload-progress" role="status" aria-live="polite">
          <ProgressBar value={phase.loaded} max={phase.total} label="Upload progress" />
          <span>
            Uploading {formatBytes(phase.loaded)} of {formatBytes(phase.total)}…
          </span>
        </div>
      ) : phase.name === 'processing' ? (
        <div className="upload-progress" role="status" aria-live="polite">
          <ProgressBar value={1} max={1} label="Upload progress" />
          <span>Uploaded. The server is parsing the file, inferring types and computing statistics…</span>
        </div>
      ) : phase.name === 'done' ? (
        <StatusMessage kind="success">
          Uploaded version {phase.version.version}: {phase.version.rowCount.toLocaleString('en-US')} rows.
        </StatusMessage>
      ) : null}
      {failure ? <UploadFailure error={failure} /> : null}
      <div className="button-row">
        <button type="submit" disabled={busy}>
          {busy ? 'Uploading…' : datasetId ? 'Upload version' : 'Create and upload'}
        </button>
        {busy ? (
          <button type="button" className="secondary" onClick={() => controller.current?.abort()}>
            Cancel upload
          </button>
        ) : null}
      </div>
    </form>
  );
}

function UploadFailure({ error }: { error: unknown }) {
  const { code } = describeError(error);
  if (!code) return <StatusMessage kind="error">{(error as Error).message}</StatusMessage>;
  return <MutationError error={error} />;
}
