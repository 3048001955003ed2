import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { mockApi, renderSignedIn } from '../test/api.tsx';
import { parseCsvLine, sniffColumns, uploadUrl } from '../api/upload.ts';

/** A controllable XMLHttpRequest: the test drives upload progress and the answer. */
class FakeXhr {
  static last: FakeXhr | null = null;
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  responseText = '';
  responseType = '';
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
    FakeXhr.last = this;
  }
  abort() {
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true });
  }
  respond(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

const CSV = 'species,island,mass\nAdelie,Torgersen,3750\nGentoo,Biscoe,5000\n';

describe('dataset upload', () => {
  it('creates the dataset, streams the file with a progress bar and opens the new version', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const api = mockApi({
      ConsoleDatasets: () => ({ datasets: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } }),
      ConsoleCreateDataset: ({ input }) => ({ createDataset: { dataset: { id: 'd1', name: input.name } } }),
      ConsoleDataset: () => ({ dataset: { id: 'd1', name: 'penguins', description: null, createdAt: '2026-01-01T00:00:00Z', versions: { edges: [] } } }),
    });
    renderSignedIn('/datasets', 'mg_live_k');
    const file = new File([CSV], 'penguins.csv', { type: 'text/csv' });
    fireEvent.change(await screen.findByLabelText('File'), { target: { files: [file] } });
    // The label column is offered from the CSV header.
    const label = (await screen.findByRole('combobox', { name: 'Label column' })) as HTMLSelectElement;
    await waitFor(() => expect([...label.options].map((o) => o.value)).toEqual(['', 'species', 'island', 'mass']));
    expect((screen.getByLabelText('Dataset name') as HTMLInputElement).value).toBe('penguins');
    fireEvent.change(label, { target: { value: 'species' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create and upload' }));

    await waitFor(() => expect(FakeXhr.last).not.toBeNull());
    const xhr = FakeXhr.last!;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/upload/datasets/d1/versions?format=CSV&labelColumn=species');
    expect(xhr.headers.authorization).toBe('Bearer mg_live_k');
    expect(xhr.body).toBe(file);
    expect(api.calls.find((c) => c.operation === 'ConsoleCreateDataset')!.variables.input).toEqual({ name: 'penguins' });

    act(() => xhr.progress(20, 80));
    const bar = (await screen.findByLabelText('Upload progress')) as HTMLProgressElement;
    await waitFor(() => expect(bar.value).toBe(25));
    expect(screen.getByText(/Uploading 20 B of 80 B/)).toBeTruthy();
    act(() => xhr.progress(80, 80));
    expect(await screen.findByText(/The server is parsing the file/)).toBeTruthy();
    act(() => xhr.respond(201, { data: { datasetVersion: { id: 'v1', version: 1, rowCount: 2 } } }));
    await waitFor(() => expect(window.location.pathname).toBe('/datasets/d1'));
    expect(window.location.search).toBe('?version=v1');
  });

  it('shows the API error (with its code) when the upload is refused, and keeps the form', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    mockApi({
      ConsoleDatasets: () => ({ datasets: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } }),
      ConsoleCreateDataset: () => ({ createDataset: { dataset: { id: 'd1', name: 'x' } } }),
    });
    renderSignedIn('/datasets');
    fireEvent.change(await screen.findByLabelText('File'), { target: { files: [new File([CSV], 'x.csv')] } });
    fireEvent.click(screen.getByRole('button', { name: 'Create and upload' }));
    await waitFor(() => expect(FakeXhr.last?.body).toBeTruthy());
    act(() => FakeXhr.last!.respond(400, { errors: [{ message: 'row 3 has 2 cells; the header has 3', extensions: { code: 'BAD_USER_INPUT' } }] }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/row 3 has 2 cells.*BAD_USER_INPUT/);
    expect(screen.getByRole('button', { name: 'Create and upload' })).toBeTruthy();
  });

  it('validates the form before uploading', async () => {
    mockApi({ ConsoleDatasets: () => ({ datasets: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } }) });
    renderSignedIn('/datasets');
    fireEvent.click(await screen.findByRole('button', { name: 'Create and upload' }));
    expect(await screen.findByText('Name the dataset.')).toBeTruthy();
    expect(screen.getByText('Choose a CSV, JSON or JSON-lines file.')).toBeTruthy();
  });
});

describe('upload helpers', () => {
  it('builds the streaming URL with url-encoded options', () => {
    expect(uploadUrl({ datasetId: 'a b', format: 'JSONL', labelColumn: 'y', options: { split: { train: 0.7, validation: 0.2, test: 0.1 } } })).toBe(
      '/upload/datasets/a%20b/versions?format=JSONL&labelColumn=y&options=%7B%22split%22%3A%7B%22train%22%3A0.7%2C%22validation%22%3A0.2%2C%22test%22%3A0.1%7D%7D',
    );
  });

  it('reads column names from CSV, JSON and JSON lines', async () => {
    expect(parseCsvLine('a,"b, c","d ""e"""')).toEqual(['a', 'b, c', 'd "e"']);
    expect(await sniffColumns(new Blob(['\uFEFFx,y\n1,2\n']), 'CSV')).toEqual(['x', 'y']);
    expect(await sniffColumns(new Blob(['[{"a":1,"b":{"c":"}"}},{"a":2}]']), 'JSON')).toEqual(['a', 'b']);
    expect(await sniffColumns(new Blob(['\n{"p":1,"q":2}\n']), 'JSONL')).toEqual(['p', 'q']);
  });
});
