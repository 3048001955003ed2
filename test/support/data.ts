// Real datasets shipped in the `vega-datasets` npm package (never fetched at run time).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The package exports only its JS entry; its data/ folder sits beside it.
const dataDir = path.join(path.dirname(fileURLToPath(import.meta.resolve('vega-datasets'))), '..', 'data');

export type Record_ = Record<string, string | number | boolean | null>;

export function vegaJson(name: string): Record_[] {
  return JSON.parse(readFileSync(path.join(dataDir, name), 'utf8')) as Record_[];
}

export function vegaText(name: string): string {
  return readFileSync(path.join(dataDir, name), 'utf8');
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Records → CSV with a header row; null becomes an empty cell (a missing value). */
export function toCsv(records: Record_[]): string {
  const columns = Object.keys(records[0]!);
  return [columns.map(csvCell).join(','), ...records.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

export function toJsonLines(records: Record_[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}
