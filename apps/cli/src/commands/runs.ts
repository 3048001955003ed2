// runs start | watch | cancel | list | show
import type { Run, RunStatus, RunSummary, TrainingEpoch } from '@modelgraph/sdk';
import { EXIT, UsageError, type CommandSpec, type Context } from '../framework.ts';
import { intFlag } from '../input.ts';
import { fields, formatAgo, formatDuration, formatNumber, table } from '../output.ts';
import { StatusLine, epochLine, epochStats, trainingBar } from '../progress.ts';
import { evaluationText } from './models.ts';

const STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

const WATCH_NOTES = `OUTPUT
  On a terminal: a progress bar (epochs done / planned) with the live loss.
  Otherwise: one line per epoch. With --json: one JSON object per line (JSON lines):
    {"type":"status","status":…}  {"type":"epoch","epoch":…,"loss":…}  {"type":"run","run":{…}}
  The exit code is 0 when the run succeeds and 6 when it fails or is cancelled.
  Ctrl-C stops watching (exit 130); the run goes on.
`;

function runDuration(run: Pick<RunSummary, 'startedAt' | 'finishedAt'>, now = Date.now()): string {
  if (!run.startedAt) return '-';
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now;
  return formatDuration(end - Date.parse(run.startedAt));
}

function statusText(ctx: Context, status: RunStatus): string {
  const s = status.toLowerCase();
  if (status === 'SUCCEEDED') return ctx.style.green(s);
  if (status === 'FAILED' || status === 'CANCELLED') return ctx.style.red(s);
  if (status === 'RUNNING') return ctx.style.cyan(s);
  return s;
}

function progressMode(ctx: Context): 'json' | 'bar' | 'lines' {
  if (ctx.json) return 'json';
  const forced = ctx.env.MODELGRAPH_PROGRESS;
  if (forced === 'bar' || forced === 'lines') return forced;
  return ctx.stdout.isTTY ? 'bar' : 'lines';
}

function jsonLine(ctx: Context, value: unknown) {
  ctx.out(`${JSON.stringify(value)}\n`);
}

/** Follows a run to its end; returns the exit code (0 succeeded, 6 failed/cancelled, 130 interrupted). */
export async function watchRun(ctx: Context, runId: string): Promise<number> {
  const client = ctx.client();
  const handle = client.runs.watch(runId);
  const mode = progressMode(ctx);
  const line = mode === 'bar' ? new StatusLine(ctx.stdout) : undefined;
  const localStart = Date.now();
  let startedAt: number | undefined;
  let status: RunStatus | undefined;
  let planned = 0;
  let last: TrainingEpoch | undefined;
  const events = handle.events();
  let interrupted = false;
  const removeInterrupt = ctx.onInterrupt(() => {
    interrupted = true;
    void events.return?.();
  });
  const draw = (force = false) => {
    if (!line || !status) return;
    const elapsed = startedAt ? Date.now() - startedAt : Date.now() - localStart;
    line.update(trainingBar(last, planned, elapsed, status, ctx.stdout.columns ?? 100), force);
  };
  const ticker = line ? setInterval(() => draw(true), 1000) : undefined;
  try {
    for await (const event of events) {
      const run = event.run;
      planned = run.plannedEpochs;
      if (run.startedAt) startedAt = Date.parse(run.startedAt);
      if (event.kind === 'STATUS') {
        const changed = run.status !== status;
        status = run.status;
        if (mode === 'json') jsonLine(ctx, { type: 'status', runId, status: run.status, attempt: run.attempt, backend: run.backend, error: run.error });
        else if (mode === 'lines' && changed) ctx.out(`status ${run.status.toLowerCase()}${run.backend ? ` (backend ${run.backend})` : ''}${run.attempt > 1 ? ` attempt ${run.attempt}` : ''}\n`);
        else draw(true);
      } else if (event.epoch) {
        status = run.status;
        last = { ...event.epoch, runId, plannedEpochs: planned, status: run.status };
        if (mode === 'json') jsonLine(ctx, { type: 'epoch', runId, plannedEpochs: planned, ...event.epoch });
        else if (mode === 'lines') ctx.out(`${epochLine(event.epoch, planned)}\n`);
        else draw(event.epoch.epoch === planned);
      }
    }
  } finally {
    if (ticker) clearInterval(ticker);
    removeInterrupt();
  }
  if (interrupted) {
    line?.finish();
    ctx.err(`Stopped watching; the run goes on. Resume with: modelgraph runs watch ${runId}\n`);
    return EXIT.INTERRUPTED;
  }
  const run = await client.runs.get(runId);
  const exitCode = run.status === 'SUCCEEDED' ? EXIT.OK : EXIT.RUN_FAILED;
  if (mode === 'json') {
    jsonLine(ctx, { type: 'run', run });
    return exitCode;
  }
  const final = run.epochs.at(-1);
  if (line) line.finish(trainingBar(final, run.plannedEpochs, startedAt ? Date.parse(run.finishedAt ?? new Date().toISOString()) - startedAt : Date.now() - localStart, run.status, ctx.stdout.columns ?? 100));
  finalSummary(ctx, run);
  return exitCode;
}

function finalSummary(ctx: Context, run: Run) {
  const { style } = ctx;
  const final = run.epochs.at(-1);
  const epochs = `${run.epochs.length}/${run.plannedEpochs} epochs`;
  if (run.status === 'SUCCEEDED') {
    const stopped = run.epochs.length < run.plannedEpochs ? ' (stopped early)' : '';
    ctx.out(`${style.green('✓')} Run ${run.id} succeeded in ${runDuration(run)}: ${epochs}${stopped}${final ? `, ${epochStats(final)}` : ''}\n`);
    ctx.out(fields([
      ['Model version', run.modelVersion ? `${run.modelVersion.version} (${run.modelVersion.id})` : null],
      ['Evaluation', run.evaluation ? `${evaluationText(run.evaluation)} (test split, ${run.evaluation.count} rows)` : null],
    ], '  '));
    ctx.out(`\n${style.dim('Next:')} modelgraph predict ${run.model.id} < records.json\n`);
  } else if (run.status === 'FAILED') {
    ctx.out(`${style.red('✗')} Run ${run.id} failed after ${epochs}${run.error ? `: ${run.error}` : ''}\n`);
  } else {
    ctx.out(`${style.red('✗')} Run ${run.id} was cancelled after ${epochs}\n`);
  }
}

export const start: CommandSpec = {
  path: ['runs', 'start'],
  summary: 'Queue a training run of a model',
  args: [{ name: 'model-id', description: 'The model to train' }],
  options: [{ name: 'watch', type: 'boolean', short: 'w', description: 'Follow the run until it ends (see `runs watch`)' }],
  notes: WATCH_NOTES,
  examples: ['modelgraph runs start <model-id> --watch', 'modelgraph runs start <model-id> --json | jq -r .id'],
  async run(ctx, [modelId], values) {
    const run = await ctx.client().runs.start(modelId!);
    if (!values.watch) {
      if (ctx.json) ctx.printJson(run);
      else {
        ctx.out(`${ctx.style.green('✓')} Queued run ${run.id} of ${run.model.name} (${run.plannedEpochs} epochs)\n`);
        ctx.out(`\n${ctx.style.dim('Follow it:')} modelgraph runs watch ${run.id}\n`);
      }
      return;
    }
    if (ctx.json) jsonLine(ctx, { type: 'started', run });
    else ctx.out(`Queued run ${run.id} of ${run.model.name}\n`);
    return watchRun(ctx, run.id);
  },
};

export const watch: CommandSpec = {
  path: ['runs', 'watch'],
  summary: 'Follow a run live: progress bar and loss per epoch',
  args: [{ name: 'run-id', description: 'The run to follow' }],
  notes: WATCH_NOTES,
  async run(ctx, [runId]) {
    return watchRun(ctx, runId!);
  },
};

export const cancel: CommandSpec = {
  path: ['runs', 'cancel'],
  summary: 'Stop a queued or running run',
  args: [{ name: 'run-id', description: 'The run to stop' }],
  options: [{ name: 'wait', type: 'boolean', description: 'Wait until the run has stopped' }],
  async run(ctx, [runId], values) {
    const client = ctx.client();
    let run: RunSummary = await client.runs.cancel(runId!);
    if (values.wait) run = await client.runs.watch(runId!).done();
    if (ctx.json) {
      ctx.printJson(run);
      return;
    }
    if (run.status === 'CANCELLED') ctx.out(`${ctx.style.green('✓')} Run ${run.id} cancelled\n`);
    else if (run.status === 'SUCCEEDED' || run.status === 'FAILED') ctx.out(`Run ${run.id} had already ${statusText(ctx, run.status)}\n`);
    else ctx.out(`${ctx.style.green('✓')} Cancellation requested for run ${run.id} (${statusText(ctx, run.status)}); it stops within one epoch\n`);
  },
};

export const list: CommandSpec = {
  path: ['runs', 'list'],
  summary: 'List training runs, newest first',
  options: [
    { name: 'model', type: 'string', value: 'id', description: 'Only runs of this model' },
    { name: 'status', type: 'string', value: 'status', description: 'Only runs in this status (QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED)' },
    { name: 'limit', type: 'string', short: 'L', value: 'n', description: 'How many to show (default 30)' },
  ],
  async run(ctx, _args, values) {
    const first = intFlag('limit', values.limit as string | undefined, { min: 1 }) ?? 30;
    const status = (values.status as string | undefined)?.toUpperCase();
    if (status && !STATUSES.includes(status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
    const page = await ctx.client().runs.list({
      first,
      ...(values.model ? { modelId: values.model as string } : {}),
      ...(status ? { status: status as RunStatus } : {}),
    });
    if (ctx.json) {
      ctx.printJson(page.nodes);
      return;
    }
    if (page.nodes.length === 0) {
      ctx.out('No runs. Start one: modelgraph runs start <model-id> --watch\n');
      return;
    }
    ctx.out(
      table(
        page.nodes,
        [
          { header: 'ID', value: (r) => r.id },
          { header: 'MODEL', value: (r) => r.model.name },
          { header: 'STATUS', value: (r) => statusText(ctx, r.status) },
          { header: 'EPOCHS', value: (r) => String(r.plannedEpochs), align: 'right' },
          { header: 'VERSION', value: (r) => (r.modelVersion ? String(r.modelVersion.version) : '-'), align: 'right' },
          { header: 'QUEUED', value: (r) => formatAgo(r.queuedAt) },
          { header: 'DURATION', value: (r) => runDuration(r) },
        ],
        ctx.style,
      ),
    );
  },
};

export const show: CommandSpec = {
  path: ['runs', 'show'],
  summary: 'Show a run: status, epochs and evaluation',
  args: [{ name: 'run-id', description: 'The run' }],
  options: [{ name: 'log', type: 'boolean', description: 'Print the training log too' }],
  async run(ctx, [runId], values) {
    const run = await ctx.client().runs.get(runId!);
    if (ctx.json) {
      ctx.printJson(run);
      return;
    }
    const { style } = ctx;
    ctx.out(`${style.bold(`Run ${run.id}`)}  ${statusText(ctx, run.status)}\n`);
    ctx.out(fields([
      ['Model', `${run.model.name} (${run.model.id})`],
      ['Epochs', `${run.epochs.length}/${run.plannedEpochs}`],
      ['Backend', run.backend],
      ['Attempt', run.attempt > 1 ? String(run.attempt) : null],
      ['Queued', formatAgo(run.queuedAt)],
      ['Duration', runDuration(run)],
      ['Error', run.error],
      ['Model version', run.modelVersion ? `${run.modelVersion.version} (${run.modelVersion.id})` : null],
      ['Evaluation', run.evaluation ? `${evaluationText(run.evaluation)} (test split, ${run.evaluation.count} rows)` : null],
    ]));
    if (run.epochs.length > 0) {
      const shown = run.epochs.slice(-20);
      ctx.out('\n');
      if (shown.length < run.epochs.length) ctx.out(style.dim(`Last ${shown.length} of ${run.epochs.length} epochs:\n`));
      const metricNames = [...new Set(shown.flatMap((e) => Object.keys((e.metrics as Record<string, unknown>) ?? {})))].sort();
      ctx.out(
        table(
          shown,
          [
            { header: 'EPOCH', value: (e) => String(e.epoch), align: 'right' as const },
            { header: 'LOSS', value: (e) => formatNumber(e.loss), align: 'right' as const },
            { header: 'VAL_LOSS', value: (e) => formatNumber(e.valLoss), align: 'right' as const },
            ...metricNames.map((m) => ({
              header: m.toUpperCase(),
              value: (e: (typeof shown)[number]) => formatNumber((e.metrics as Record<string, number | undefined>)?.[m]),
              align: 'right' as const,
            })),
            { header: 'TIME', value: (e) => formatDuration(e.durationMs), align: 'right' as const },
          ],
          style,
        ),
      );
    }
    const perClass = run.evaluation?.perClass;
    if (perClass?.length) {
      ctx.out('\n');
      ctx.out(
        table(
          perClass,
          [
            { header: 'CLASS', value: (c) => c.label },
            { header: 'PRECISION', value: (c) => formatNumber(c.precision), align: 'right' },
            { header: 'RECALL', value: (c) => formatNumber(c.recall), align: 'right' },
            { header: 'F1', value: (c) => formatNumber(c.f1), align: 'right' },
            { header: 'SUPPORT', value: (c) => String(c.support), align: 'right' },
          ],
          style,
        ),
      );
    }
    if (values.log && run.log) ctx.out(`\n${style.bold('Log')}\n${run.log.trimEnd()}\n`);
  },
};

export const runCommands = [start, watch, cancel, list, show];
