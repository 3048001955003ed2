// Streaming dataset upload: the raw file is the request body of
// POST /upload/datasets/{id}/versions?format=…&labelColumn=…&options=<json>. XMLHttpRequest (not fetch)
// because only it reports upload progress.
import { ApiError, NetworkError, type GraphQLErrorShape } from './graphql.ts';

export type DatasetFormat = 'CSV' | 'JSON' | 'JSONL';

export interface UploadOptions {
  datasetId: string;
  file: Blob;
  format: DatasetFormat;
  labelColumn?: string;
  /** Extra version options: { split, columnTypes, preprocessing }. */
  options?: Record<string, unknown>;
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

export interface UploadedVersion {
  id: string;
  version: number;
  rowCount: number;
  [key: string]: unknown;
}

export function uploadUrl(opts: Pick<UploadOptions, 'datasetId' | 'format' | 'labelColumn' | 'options'>): string {
  const params = new URLSearchParams({ format: opts.format });
  if (opts.labelColumn) params.set('labelColumn', opts.labelColumn);
  if (opts.options && Object.keys(opts.options).length > 0) params.set('options', JSON.stringify(opts.options));
  return `/upload/datasets/${encodeURIComponent(opts.datasetId)}/versions?${params.toString()}`;
}

export function uploadDatasetVersion(key: string, opts: UploadOptions): Promise<UploadedVersion> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', uploadUrl(opts));
    xhr.setRequestHeader('authorization', `Bearer ${key}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      opts.onProgress?.(event.loaded, event.lengthComputable ? event.total : opts.file.size);
    };
    xhr.onload = () => {
      let body: { data?: { datasetVersion?: UploadedVersion }; errors?: GraphQLErrorShape[] } = {};
      try {
        body = JSON.parse(xhr.responseText || '{}') as typeof body;
      } catch {
        reject(new ApiError([{ message: `The upload answered ${xhr.status} without JSON`, extensions: { code: 'INTERNAL_SERVER_ERROR' } }], xhr.status));
        return;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body.data?.datasetVersion) {
        opts.onProgress?.(opts.file.size, opts.file.size);
        resolve(body.data.datasetVersion);
      } else {
        reject(new ApiError(body.errors?.length ? body.errors : [{ message: `Upload failed with status ${xhr.status}` }], xhr.status));
      }
    };
    xhr.onerror = () => reject(new NetworkError('The upload was interrupted: the API could not be reached.'));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    if (opts.signal) {
      if (opts.signal.aborted) {
        xhr.abort();
        return;
      }
      opts.signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    xhr.send(opts.file);
  });
}

export function formatFromFileName(name: string): DatasetFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'CSV';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'JSONL';
  if (lower.endsWith('.json')) return 'JSON';
  return null;
}

/** Column names from the start of a file (CSV header, first JSON record), to offer a label column. */
export async function sniffColumns(file: Blob, format: DatasetFormat): Promise<string[]> {
  const head = await readText(file.slice(0, 64 * 1024));
  if (format === 'CSV') {
    const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
    return parseCsvLine(firstLine.replace(/^\uFEFF/, '')).filter((c) => c.length > 0);
  }
  if (format === 'JSONL') {
    const firstLine = head.split(/\r?\n/).find((l) => l.trim().length > 0);
    try {
      return firstLine ? Object.keys(JSON.parse(firstLine) as object) : [];
    } catch {
      return [];
    }
  }
  // A JSON array: find the first complete object.
  const start = head.indexOf('{');
  if (start < 0) return [];
  let depth = 0;
  let inString = false;
  for (let i = start; i < head.length; i++) {
    const ch = head[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) {
        try {
          return Object.keys(JSON.parse(head.slice(start, i + 1)) as object);
        } catch {
          return [];
        }
      }
    }
  }
  return [];
}

function readText(blob: Blob): Promise<string> {
  if (typeof blob.text === 'function') return blob.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

export function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}
