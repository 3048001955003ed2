// models create | list | show
import type { CreateModelInput, Model, ModelTask } from '@modelgraph/sdk';
import { UsageError, type CommandSpec, type Context } from '../framework.ts';
import { intFlag, jsonFlag, listFlag, numberFlag } from '../input.ts';
import { fields, formatAgo, table } from '../output.ts';

const TASKS = ['REGRESSION', 'BINARY', 'MULTICLASS'];
const PRESETS = ['mlp', 'cnn', 'rnn'];

function layersTable(ctx: Context, model: Pick<Model, 'layers'>): string {
  const total = model.layers.reduce((sum, l) => sum + l.params, 0);
  return (
    table(
      model.layers,
      [
        { header: 'LAYER', value: (l) => l.name },
        { header: 'TYPE', value: (l) => l.type },
        { header: 'OUTPUT', value: (l) => `[${l.outputShape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]` },
        { header: 'PARAMS', value: (l) => l.params.toLocaleString('en-US'), align: 'right' },
      ],
      ctx.style,
    ) + `Total params: ${total.toLocaleString('en-US')}\n`
  );
}

function trainingSummary(spec: unknown): string | undefined {
  if (!spec || typeof spec !== 'object') return undefined;
  const s = spec as { epochs?: number; batchSize?: number; optimizer?: { type?: string; learningRate?: number }; earlyStopping?: { metric?: string; patience?: number } | null; seed?: number };
  const parts: string[] = [];
  if (s.epochs !== undefined) parts.push(`${s.epochs} epochs`);
  if (s.batchSize !== undefined) parts.push(`batch ${s.batchSize}`);
  if (s.optimizer?.type) parts.push(`${s.optimizer.type}${s.optimizer.learningRate !== undefined ? ` lr ${s.optimizer.learningRate}` : ''}`);
  if (s.earlyStopping) parts.push(`early stopping on ${s.earlyStopping.metric ?? 'val_loss'} (patience ${s.earlyStopping.patience ?? '?'})`);
  if (s.seed !== undefined) parts.push(`seed ${s.seed}`);
  return parts.join(', ') || undefined;
}

export const create: CommandSpec = {
  path: ['models', 'create'],
  summary: 'Define a model on a dataset version',
  description: `Define a model: an architecture and training settings for one dataset version.

The architecture is a preset (mlp by default, or cnn, rnn) or explicit layers (--architecture).
The output layer and the loss follow from the task, which follows from the dataset's label.
The server checks that the layers' shapes chain; --dry-run only checks.`,
  options: [
    { name: 'name', type: 'string', value: 'name', description: 'Name of the model (required)' },
    { name: 'dataset-version', type: 'string', value: 'id', description: 'Train on this dataset version...' },
    { name: 'dataset', type: 'string', value: 'id', description: '...or on the latest version of this dataset' },
    { name: 'task', type: 'string', value: 'task', description: 'REGRESSION, BINARY or MULTICLASS (default: from the label)' },
    { name: 'preset', type: 'string', value: 'name', description: 'mlp (default), cnn or rnn' },
    { name: 'hidden', type: 'string', value: 'units', description: 'Hidden layer sizes of the mlp preset, e.g. 64,32' },
    { name: 'cell', type: 'string', value: 'lstm|gru', description: 'Cell of the rnn preset' },
    { name: 'architecture', type: 'string', value: 'json|@file', description: 'Architecture as JSON, e.g. {"layers":[{"type":"dense","units":16}]}' },
    { name: 'loss', type: 'string', value: 'name', description: 'meanSquaredError, meanAbsoluteError, binaryCrossentropy, categoricalCrossentropy' },
    { name: 'optimizer', type: 'string', value: 'name', description: 'adam (default), sgd, momentum or rmsprop' },
    { name: 'learning-rate', type: 'string', value: 'rate', description: 'Learning rate of the optimizer' },
    { name: 'epochs', type: 'string', value: 'n', description: 'Epochs to train' },
    { name: 'batch-size', type: 'string', value: 'n', description: 'Batch size' },
    { name: 'patience', type: 'string', value: 'n', description: 'Stop early after n epochs without a better val_loss' },
    { name: 'seed', type: 'string', value: 'n', description: 'Seed for weights and shuffling' },
    { name: 'spec', type: 'string', value: 'json|@file', description: 'Any CreateModelInput fields as JSON (flags override them)' },
    { name: 'dry-run', type: 'boolean', description: 'Only validate the definition; create nothing' },
  ],
  examples: [
    'modelgraph models create --name mpg --dataset-version <id> --hidden 32,16 --epochs 40',
    'modelgraph models create --name species --dataset <id> --learning-rate 0.01 --patience 5',
    'modelgraph models create --name custom --dataset-version <id> --architecture @arch.json --dry-run',
  ],
  async run(ctx, _args, values) {
    const spec = values.spec !== undefined ? (jsonFlag('spec', values.spec as string) as Partial<CreateModelInput>) : {};
    if (!spec || typeof spec !== 'object' || Array.isArray(spec)) throw new UsageError('--spec must be a JSON object');
    const name = (values.name as string | undefined) ?? spec.name;
    if (!name) throw new UsageError('missing --name', create);
    const client = ctx.client();
    let datasetVersionId = (values['dataset-version'] as string | undefined) ?? spec.datasetVersionId;
    if (values.dataset) {
      if (values['dataset-version']) throw new UsageError('pass --dataset or --dataset-version, not both', create);
      const dataset = await client.datasets.get(values.dataset as string, { versions: 1 });
      if (!dataset.latestVersion) throw new UsageError(`dataset ${dataset.name} has no version yet; upload one first`);
      datasetVersionId = dataset.latestVersion.id;
    }
    if (!datasetVersionId) throw new UsageError('missing --dataset-version <id> (or --dataset <id>)', create);

    let task = spec.task;
    if (values.task) {
      const upper = (values.task as string).toUpperCase();
      if (!TASKS.includes(upper)) throw new UsageError(`--task must be one of ${TASKS.join(', ')}`);
      task = upper as ModelTask;
    }
    let architecture = spec.architecture;
    if (values.architecture !== undefined) {
      if (values.preset || values.hidden || values.cell) throw new UsageError('--architecture replaces --preset, --hidden and --cell');
      architecture = jsonFlag('architecture', values.architecture as string);
    } else if (values.preset || values.hidden || values.cell || architecture === undefined) {
      const preset = ((values.preset as string | undefined) ?? 'mlp').toLowerCase();
      if (!PRESETS.includes(preset)) throw new UsageError(`--preset must be one of ${PRESETS.join(', ')}`);
      const hidden = listFlag(values.hidden as string | undefined).map((u) => intFlag('hidden', u, { min: 1 })!);
      architecture = {
        preset,
        ...(hidden.length ? { hiddenUnits: hidden } : {}),
        ...(values.cell ? { cell: values.cell as string } : {}),
      };
    }
    let optimizer = spec.optimizer as Record<string, unknown> | undefined;
    const learningRate = numberFlag('learning-rate', values['learning-rate'] as string | undefined);
    if (values.optimizer || learningRate !== undefined) {
      optimizer = { ...(optimizer ?? {}), type: (values.optimizer as string | undefined) ?? (optimizer?.type as string | undefined) ?? 'adam', ...(learningRate !== undefined ? { learningRate } : {}) };
    }
    const patience = intFlag('patience', values.patience as string | undefined, { min: 1 });
    const input: CreateModelInput = {
      ...spec,
      name,
      datasetVersionId,
      architecture,
      ...(task ? { task } : {}),
      ...(values.loss ? { loss: values.loss as string } : {}),
      ...(optimizer ? { optimizer } : {}),
      ...(values.epochs !== undefined ? { epochs: intFlag('epochs', values.epochs as string, { min: 1 }) } : {}),
      ...(values['batch-size'] !== undefined ? { batchSize: intFlag('batch-size', values['batch-size'] as string, { min: 1 }) } : {}),
      ...(patience !== undefined ? { earlyStopping: { metric: 'val_loss', patience } } : {}),
      ...(values.seed !== undefined ? { seed: intFlag('seed', values.seed as string) } : {}),
    };

    if (values['dry-run']) {
      const check = await client.models.validate(input);
      if (ctx.json) ctx.printJson(check);
      else if (check.valid) {
        ctx.out(`${ctx.style.green('✓')} The definition is valid\n\n`);
        ctx.out(layersTable(ctx, check));
      } else {
        ctx.out(`${ctx.style.red('✗')} The definition is invalid\n`);
        for (const issue of check.errors) ctx.out(`  ${issue.path}: ${issue.message}\n`);
      }
      return check.valid ? 0 : 5;
    }

    const model = await client.models.create(input);
    if (ctx.json) {
      ctx.printJson(model);
      return;
    }
    ctx.out(`${ctx.style.green('✓')} Created model ${model.name} (${model.id})\n`);
    modelFields(ctx, model);
    ctx.out('\n');
    ctx.out(layersTable(ctx, model));
    ctx.out(`\n${ctx.style.dim('Next:')} modelgraph runs start ${model.id} --watch\n`);
  },
};

function modelFields(ctx: Context, model: Model) {
  const dv = model.datasetVersion;
  ctx.out(fields([
    ['Task', `${model.task.toLowerCase()}, loss ${model.loss}`],
    ['Source', model.source === 'TRAINED' ? null : model.source.toLowerCase()],
    ['Dataset', dv ? `${dv.dataset.name} version ${dv.version} (${dv.id})` : null],
    ['Training', trainingSummary(model.spec)],
  ], '  '));
}

export const list: CommandSpec = {
  path: ['models', 'list'],
  summary: 'List models, newest first',
  options: [{ name: 'limit', type: 'string', short: 'L', value: 'n', description: 'How many to show (default 30)' }],
  async run(ctx, _args, values) {
    const first = intFlag('limit', values.limit as string | undefined, { min: 1 }) ?? 30;
    const page = await ctx.client().models.list({ first });
    if (ctx.json) {
      ctx.printJson(page.nodes);
      return;
    }
    if (page.nodes.length === 0) {
      ctx.out('No models yet. Define one: modelgraph models create --name <name> --dataset-version <id>\n');
      return;
    }
    ctx.out(
      table(
        page.nodes,
        [
          { header: 'ID', value: (m) => m.id },
          { header: 'NAME', value: (m) => m.name },
          { header: 'TASK', value: (m) => m.task },
          { header: 'DATASET', value: (m) => (m.datasetVersion ? `${m.datasetVersion.dataset.name} v${m.datasetVersion.version}` : m.source.toLowerCase()) },
          { header: 'CREATED', value: (m) => formatAgo(m.createdAt) },
        ],
        ctx.style,
      ),
    );
  },
};

export const show: CommandSpec = {
  path: ['models', 'show'],
  summary: 'Show a model: its definition, layers and versions',
  args: [{ name: 'id', description: 'Model ID' }],
  async run(ctx, [id]) {
    const client = ctx.client();
    const [model, versions] = await Promise.all([client.models.get(id!), client.models.versions(id!, { first: 20 })]);
    if (ctx.json) {
      ctx.printJson({ ...model, versions: versions.nodes });
      return;
    }
    ctx.out(`${ctx.style.bold(model.name)}  ${ctx.style.dim(model.id)}\n`);
    modelFields(ctx, model);
    ctx.out('\n');
    ctx.out(layersTable(ctx, model));
    if (versions.nodes.length > 0) {
      ctx.out('\n');
      ctx.out(
        table(
          versions.nodes,
          [
            { header: 'VERSION', value: (v) => String(v.version), align: 'right' },
            { header: 'ID', value: (v) => v.id },
            { header: 'RUN', value: (v) => v.run?.id ?? '-' },
            { header: 'EVALUATION', value: (v) => evaluationText(v.evaluation) },
            { header: 'CREATED', value: (v) => formatAgo(v.createdAt) },
          ],
          ctx.style,
        ),
      );
    }
  },
};

export function evaluationText(evaluation: { task: ModelTask; r2?: number | null; mae?: number | null; mse?: number | null; accuracy?: number | null; macroF1?: number | null; rocAuc?: number | null; count: number } | null | undefined): string {
  if (!evaluation) return '-';
  const metrics: Array<[string, number | null | undefined]> =
    evaluation.task === 'REGRESSION'
      ? [['r2', evaluation.r2], ['mae', evaluation.mae], ['mse', evaluation.mse]]
      : [['accuracy', evaluation.accuracy], ['macroF1', evaluation.macroF1], ['rocAuc', evaluation.rocAuc]];
  return metrics
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k} ${Number((v as number).toPrecision(4))}`)
    .join('  ');
}

export const modelCommands = [create, list, show];
