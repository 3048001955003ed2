// predict <model-id> < records
import { readFileSync } from 'node:fs';
import type { PredictOutput, PredictRecord } from '@modelgraph/sdk';
import { CliError, EXIT, UsageError, type CommandSpec } from '../framework.ts';
import { detectFormat, intFlag, parseRecords, parseTensors, readAll, type InputFormat } from '../input.ts';
import { formatNumber, table } from '../output.ts';

export const predict: CommandSpec = {
  path: ['predict'],
  summary: 'Predict from JSON, JSON lines or CSV records on stdin',
  description: `Predict with a trained (or imported) model.

Reads records from stdin (or --input): a JSON array of objects (or one object), JSON lines, or
CSV with a header row. Records are keyed by the dataset's column names; the model preprocesses
them itself. With --tensors, rows are raw feature vectors instead (JSON [[…]] or CSV numbers).
The version served is --alias, else --version, else the alias "production" if set, else the latest.`,
  args: [{ name: 'model-id', description: 'The model to predict with' }],
  options: [
    { name: 'alias', type: 'string', value: 'name', description: 'Serve the version this alias points at (e.g. production)' },
    { name: 'version', type: 'string', value: 'n', description: 'Serve this version number' },
    { name: 'input', type: 'string', short: 'i', value: 'file', description: 'Read from this file instead of stdin' },
    { name: 'format', type: 'string', value: 'json|jsonl|csv', description: 'Input format (default: detected)' },
    { name: 'tensors', type: 'boolean', description: 'Rows are raw tensors (feature vectors), not records' },
  ],
  examples: [
    `echo '{"Horsepower":130,"Weight_in_lbs":3504,"Origin":"USA"}' | modelgraph predict <model-id>`,
    'modelgraph predict <model-id> --alias production < new-cars.csv',
    'modelgraph predict <model-id> --json < records.jsonl | jq ".predictions[].value"',
  ],
  async run(ctx, [modelId], values) {
    if (values.alias && values.version) throw new UsageError('pass --alias or --version, not both', predict);
    const version = intFlag('version', values.version as string | undefined, { min: 1 });
    let format: InputFormat | undefined;
    if (values.format) {
      const f = (values.format as string).toLowerCase();
      if (f !== 'json' && f !== 'jsonl' && f !== 'csv') throw new UsageError('--format must be json, jsonl or csv', predict);
      format = f;
    }
    let text: string;
    if (values.input) {
      try {
        text = readFileSync(values.input as string, 'utf8');
      } catch (error) {
        throw new CliError(EXIT.BAD_INPUT, `cannot read ${values.input as string}: ${(error as Error).message}`);
      }
    } else {
      if (ctx.stdin.isTTY) throw new UsageError('pipe records on stdin (or pass --input <file>)', predict);
      text = await readAll(ctx.stdin);
    }
    format ??= detectFormat(text);
    const selector = values.alias ? { alias: values.alias as string } : version !== undefined ? { version } : {};
    const client = ctx.client();
    const result: PredictOutput<unknown> = values.tensors
      ? await client.predict({ modelId: modelId!, tensors: parseTensors(text, format), ...selector })
      : await client.predict({ modelId: modelId!, records: parseRecords(text, format) as PredictRecord[], ...selector });
    if (ctx.json) {
      ctx.printJson({ modelVersion: result.modelVersion, predictions: result.predictions });
      return;
    }
    const mv = result.modelVersion;
    const aliases = mv.aliases.length ? ` [${mv.aliases.join(', ')}]` : '';
    ctx.out(ctx.style.dim(`${mv.model.name} version ${mv.version}${aliases}, ${mv.model.task.toLowerCase()}\n`));
    const classification = result.predictions.some((p) => p.label !== null);
    const rows = result.predictions.map((p, i) => ({ i: i + 1, p }));
    if (classification) {
      ctx.out(
        table(
          rows,
          [
            { header: '#', value: (r) => String(r.i), align: 'right' },
            { header: 'LABEL', value: (r) => r.p.label ?? '-' },
            {
              header: 'PROBABILITY',
              value: (r) => formatNumber(r.p.probabilities?.find((c) => c.label === r.p.label)?.probability),
              align: 'right',
            },
            {
              header: 'OTHERS',
              value: (r) =>
                (r.p.probabilities ?? [])
                  .filter((c) => c.label !== r.p.label)
                  .sort((a, b) => b.probability - a.probability)
                  .slice(0, 3)
                  .map((c) => `${c.label} ${formatNumber(c.probability)}`)
                  .join(', '),
            },
          ],
          ctx.style,
        ),
      );
    } else {
      ctx.out(
        table(
          rows,
          [
            { header: '#', value: (r) => String(r.i), align: 'right' },
            { header: 'VALUE', value: (r) => formatNumber(r.p.value), align: 'right' },
          ],
          ctx.style,
        ),
      );
    }
  },
};
