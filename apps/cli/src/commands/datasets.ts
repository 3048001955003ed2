// datasets upload | list | show
import path from 'node:path';
import { formatFromName, isModelGraphError, type ColumnType, type DatasetFormat, type DatasetVersion, type UploadSource } from '@modelgraph/sdk';
import { CliError, EXIT, UsageError, type CommandSpec, type Context, type Values } from '../framework.ts';
import { intFlag, jsonFlag, listFlag } from '../input.ts';
import { fields, formatAgo, formatBytes, formatNumber, plural, table } from '../output.ts';
import { StatusLine, uploadBar } from '../progress.ts';

const FORMATS = ['CSV', 'JSON', 'JSONL'];
const COLUMN_TYPES = ['NUMERIC', 'CATEGORICAL', 'BOOLEAN', 'TEXT', 'DATETIME', 'IMAGE'];

function parseFormat(value: string | undefined): DatasetFormat | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (!FORMATS.includes(upper)) throw new UsageError(`--format must be CSV, JSON or JSONL, not ${JSON.stringify(value)}`);
  return upper as DatasetFormat;
}

function parseSplit(values: Values) {
  const raw = values.split as string | undefined;
  const seed = intFlag('seed', values.seed as string | undefined);
  if (raw === undefined) {
    if (seed !== undefined || values.stratify || values['no-stratify']) throw new UsageError('--seed and --stratify go with --split <train,validation,test>');
    return undefined;
  }
  const parts = raw.split(/[,/:]/).map((p) => Number(p.trim()));
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p) || p < 0)) {
    throw new UsageError(`--split takes three fractions train,validation,test (e.g. 0.8,0.1,0.1), not ${JSON.stringify(raw)}`);
  }
  const total = parts[0]! + parts[1]! + parts[2]!;
  // Accept percentages too (80,10,10).
  const [train, validation, test] = total > 1.5 ? parts.map((p) => p / 100) : parts;
  return {
    train: train!,
    validation: validation!,
    test: test!,
    ...(seed !== undefined ? { seed } : {}),
    ...(values.stratify ? { stratify: true } : values['no-stratify'] ? { stratify: false } : {}),
  };
}

function parseColumnTypes(values: Values): Record<string, ColumnType> | undefined {
  const entries = listFlag(values['column-type']);
  if (entries.length === 0) return undefined;
  const types: Record<string, ColumnType> = {};
  for (const entry of entries) {
    const at = entry.lastIndexOf('=');
    const column = entry.slice(0, at);
    const type = entry.slice(at + 1).toUpperCase();
    if (at <= 0 || !COLUMN_TYPES.includes(type)) {
      throw new UsageError(`--column-type takes column=TYPE with TYPE one of ${COLUMN_TYPES.join(', ')}, not ${JSON.stringify(entry)}`);
    }
    types[column] = type as ColumnType;
  }
  return types;
}

function splitText(split: { train: number; validation: number; test: number }): string {
  return `train ${split.train} · validation ${split.validation} · test ${split.test}`;
}

export const upload: CommandSpec = {
  path: ['datasets', 'upload'],
  summary: 'Upload a CSV, JSON or JSON lines file as a new dataset (version)',
  description: `Upload a CSV, JSON (array of records) or JSON lines file, streamed with progress.

Creates a dataset named after the file unless --dataset adds a version to an existing one.
The server infers column types and statistics, splits the rows and fits preprocessing.
Use - as the file to read stdin (then --format is required).`,
  args: [{ name: 'file', description: 'Path of the file, or - for stdin' }],
  options: [
    { name: 'dataset', type: 'string', value: 'id', description: 'Add a version to this dataset instead of creating one' },
    { name: 'name', type: 'string', value: 'name', description: 'Name of the new dataset (default: the file name)' },
    { name: 'description', type: 'string', value: 'text', description: 'Description of the new dataset' },
    { name: 'format', type: 'string', value: 'CSV|JSON|JSONL', description: 'File format (default: from the extension)' },
    { name: 'label', type: 'string', value: 'column', description: 'The column to predict' },
    { name: 'split', type: 'string', value: 'train,val,test', description: 'Split fractions, e.g. 0.8,0.1,0.1 (server default otherwise)' },
    { name: 'seed', type: 'string', value: 'n', description: 'Seed of the split' },
    { name: 'stratify', type: 'boolean', description: 'Stratify the split by the label' },
    { name: 'no-stratify', type: 'boolean', description: 'Do not stratify the split' },
    { name: 'column-type', type: 'string', value: 'col=TYPE', multiple: true, description: 'Override an inferred column type (NUMERIC, CATEGORICAL, BOOLEAN, TEXT, DATETIME, IMAGE)' },
    { name: 'preprocessing', type: 'string', value: 'json|@file', description: 'Preprocessing spec as JSON' },
  ],
  examples: [
    'modelgraph datasets upload cars.csv --label Miles_per_Gallon',
    'modelgraph datasets upload penguins.json --label Species --split 0.7,0.15,0.15 --seed 7',
    'gunzip -c big.csv.gz | modelgraph datasets upload - --format CSV --name big --label y',
  ],
  async run(ctx, [file], values) {
    const fromStdin = file === '-';
    const format = parseFormat(values.format as string | undefined) ?? (fromStdin ? undefined : formatFromName(file));
    if (!format) throw new UsageError(fromStdin ? 'reading stdin needs --format CSV|JSON|JSONL' : `cannot tell the format of ${file}: pass --format CSV|JSON|JSONL`, upload);
    const datasetId = values.dataset as string | undefined;
    const name = (values.name as string | undefined) ?? (fromStdin ? undefined : path.basename(file!).replace(/\.[^.]+$/, ''));
    if (!datasetId && !name) throw new UsageError('reading stdin needs --name (or --dataset <id>)', upload);
    if (datasetId && values.name) throw new UsageError('--name is for a new dataset; drop it with --dataset', upload);
    const split = parseSplit(values);
    const columnTypes = parseColumnTypes(values);
    const preprocessing = values.preprocessing !== undefined ? jsonFlag('preprocessing', values.preprocessing as string) : undefined;

    const client = ctx.client();
    const source: UploadSource = fromStdin ? (ctx.stdin as AsyncIterable<Uint8Array>) : path.resolve(file!);
    const shownName = fromStdin ? 'stdin' : path.basename(file!);
    const line = !ctx.json && ctx.stderr.isTTY ? new StatusLine(ctx.stderr) : undefined;
    let result;
    try {
      result = await client.uploadDataset(source, {
        ...(datasetId ? { datasetId } : { name: name! }),
        ...(values.description ? { description: values.description as string } : {}),
        format,
        ...(values.label ? { labelColumn: values.label as string } : {}),
        ...(split ? { split } : {}),
        ...(columnTypes ? { columnTypes } : {}),
        ...(preprocessing !== undefined ? { preprocessing } : {}),
        ...(line ? { onProgress: ({ loaded, total }) => line.update(uploadBar(shownName, loaded, total), loaded === total) } : {}),
      });
    } catch (error) {
      if (!datasetId && isModelGraphError(error, 'CONFLICT')) {
        // The name is taken: point at the dataset, to add a version to it instead.
        let existing: string | undefined;
        for await (const d of client.datasets.all()) {
          if (d.name === name) {
            existing = d.id;
            break;
          }
        }
        throw new CliError(
          EXIT.BAD_INPUT,
          error.message,
          existing ? `Add a version to it with --dataset ${existing}, or pick another --name.` : 'Pick another --name.',
          error.code,
        );
      }
      throw error;
    } finally {
      line?.clear();
    }
    if (ctx.json) {
      ctx.printJson(result);
      return;
    }
    const version = await client.datasets.version(result.id);
    const { style } = ctx;
    ctx.out(`${style.green('✓')} Uploaded ${shownName} as ${version.dataset.name} version ${result.version}\n`);
    ctx.out(fields([
      ['Dataset', `${version.dataset.name} (${result.datasetId})`],
      ['Version', `${result.version} (${result.id})`],
      ['Rows', `${result.rowCount} (${splitText(result.splits)})`],
      ['Size', `${formatBytes(result.byteSize)}, ${result.format}, sha256 ${result.sha256.slice(0, 12)}…`],
      ['Label', result.labelColumn ? `${result.labelColumn}${version.task ? ` (${version.task.toLowerCase()})` : ''}` : 'none'],
    ], '  '));
    ctx.out('\n');
    ctx.out(columnsTable(ctx, version));
    warnings(ctx, version);
    ctx.out(`\n${style.dim('Next:')} modelgraph models create --name <name> --dataset-version ${result.id}\n`);
  },
};

function columnSummary(column: DatasetVersion['columns'][number]): string {
  const s = column.stats;
  switch (column.type) {
    case 'NUMERIC':
      return `mean ${formatNumber(s.mean)}  min ${formatNumber(s.min)}  max ${formatNumber(s.max)}`;
    case 'CATEGORICAL':
    case 'BOOLEAN':
      return s.topValues.slice(0, 3).map((v) => `${v.value} (${v.count})`).join(', ') + (s.topValues.length > 3 ? ', …' : '');
    case 'DATETIME':
      return `${s.minDate ?? '?'} … ${s.maxDate ?? '?'}`;
    case 'TEXT':
      return `~${formatNumber(s.meanTokens)} tokens, vocabulary ${s.vocabularySize ?? '?'}`;
    default:
      return '';
  }
}

function columnsTable(ctx: Context, version: DatasetVersion): string {
  return table(
    version.columns,
    [
      { header: 'COLUMN', value: (c) => c.name },
      { header: 'TYPE', value: (c) => (c.type === c.inferredType ? c.type : `${c.type} (inferred ${c.inferredType})`) },
      { header: 'ROLE', value: (c) => c.role },
      { header: 'MISSING', value: (c) => String(c.stats.missing), align: 'right' },
      { header: 'DISTINCT', value: (c) => `${c.stats.distinctCount}${c.stats.distinctCapped ? '+' : ''}`, align: 'right' },
      { header: 'SUMMARY', value: columnSummary },
    ],
    ctx.style,
  );
}

function warnings(ctx: Context, version: DatasetVersion) {
  if (version.warnings.length === 0) return;
  ctx.out(`\n${ctx.style.yellow('Warnings')}\n`);
  for (const w of version.warnings) ctx.out(`  ! ${w.column ? `${w.column}: ` : ''}${w.message}\n`);
}

export const list: CommandSpec = {
  path: ['datasets', 'list'],
  summary: 'List datasets, newest first',
  options: [{ name: 'limit', type: 'string', short: 'L', value: 'n', description: 'How many to show (default 30)' }],
  async run(ctx, _args, values) {
    const first = intFlag('limit', values.limit as string | undefined, { min: 1 }) ?? 30;
    const page = await ctx.client().datasets.list({ first });
    if (ctx.json) {
      ctx.printJson(page.nodes);
      return;
    }
    if (page.nodes.length === 0) {
      ctx.out('No datasets yet. Upload one: modelgraph datasets upload <file> --label <column>\n');
      return;
    }
    ctx.out(
      table(
        page.nodes,
        [
          { header: 'ID', value: (d) => d.id },
          { header: 'NAME', value: (d) => d.name },
          { header: 'VERSION', value: (d) => (d.latestVersion ? String(d.latestVersion.version) : '-'), align: 'right' },
          { header: 'ROWS', value: (d) => (d.latestVersion ? String(d.latestVersion.rowCount) : '-'), align: 'right' },
          { header: 'SIZE', value: (d) => (d.latestVersion ? formatBytes(d.latestVersion.byteSize) : '-'), align: 'right' },
          { header: 'LABEL', value: (d) => d.latestVersion?.labelColumn ?? '-' },
          { header: 'UPDATED', value: (d) => formatAgo(d.updatedAt) },
        ],
        ctx.style,
      ),
    );
    if (page.pageInfo.hasNextPage) ctx.out(ctx.style.dim(`Showing the newest ${page.nodes.length}; use --limit for more.\n`));
  },
};

export const show: CommandSpec = {
  path: ['datasets', 'show'],
  summary: 'Show a dataset: its versions, columns and statistics',
  args: [{ name: 'id', description: 'Dataset ID (or a dataset version ID)' }],
  options: [{ name: 'version', type: 'string', value: 'n', description: 'Show this version number (default: the latest)' }],
  async run(ctx, [id], values) {
    const client = ctx.client();
    const wanted = intFlag('version', values.version as string | undefined, { min: 1 });
    let dataset;
    let versionId: string | undefined;
    try {
      dataset = await client.datasets.get(id!, { versions: 100 });
    } catch (error) {
      // A version ID works too: show its dataset, at that version.
      if (!isModelGraphError(error, 'NOT_FOUND')) throw error;
      const byVersion = await client.datasets.version(id!).catch(() => {
        throw error;
      });
      dataset = await client.datasets.get(byVersion.dataset.id, { versions: 100 });
      versionId = byVersion.id;
    }
    const versions = dataset.versions.edges.map((e) => e.node);
    if (wanted !== undefined) {
      const match = versions.find((v) => v.version === wanted);
      if (!match) throw new UsageError(`dataset ${dataset.name} has no version ${wanted} (versions: ${versions.map((v) => v.version).join(', ') || 'none'})`);
      versionId = match.id;
    }
    const version = versionId && versionId !== dataset.latestVersion?.id ? await client.datasets.version(versionId) : dataset.latestVersion;
    if (ctx.json) {
      ctx.printJson({ ...dataset, version });
      return;
    }
    const { style } = ctx;
    ctx.out(`${style.bold(dataset.name)}  ${style.dim(dataset.id)}\n`);
    if (dataset.description) ctx.out(`${dataset.description}\n`);
    ctx.out(`${plural(versions.length, 'version')}, created ${formatAgo(dataset.createdAt)}, updated ${formatAgo(dataset.updatedAt)}\n\n`);
    if (versions.length > 0) {
      ctx.out(
        table(
          versions,
          [
            { header: 'VERSION', value: (v) => String(v.version), align: 'right' },
            { header: 'ID', value: (v) => v.id },
            { header: 'FORMAT', value: (v) => v.format },
            { header: 'ROWS', value: (v) => String(v.rowCount), align: 'right' },
            { header: 'SIZE', value: (v) => formatBytes(v.byteSize), align: 'right' },
            { header: 'LABEL', value: (v) => v.labelColumn ?? '-' },
            { header: 'CREATED', value: (v) => formatAgo(v.createdAt) },
          ],
          style,
        ),
      );
    }
    if (!version) {
      ctx.out(`\nNo versions yet. Upload one: modelgraph datasets upload <file> --dataset ${dataset.id}\n`);
      return;
    }
    ctx.out(`\n${style.bold(`Version ${version.version}`)}  ${style.dim(version.id)}\n`);
    ctx.out(fields([
      ['Rows', `${version.rowCount} (${splitText(version.splits)}; seed ${version.splits.seed}${version.splits.stratified ? ', stratified' : ''})`],
      ['Label', version.labelColumn ? `${version.labelColumn}${version.task ? ` (${version.task.toLowerCase()})` : ''}` : 'none'],
      ['Classes', version.labelClasses?.length ? version.labelClasses.join(', ') : null],
      ['Features', `${version.featureNames.length} after preprocessing, shape [${version.featureShape.join(', ')}]`],
      ['sha256', version.sha256],
    ]));
    ctx.out('\n');
    ctx.out(columnsTable(ctx, version));
    warnings(ctx, version);
  },
};

export const datasetCommands = [upload, list, show];
