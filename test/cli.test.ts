// The `modelgraph` CLI (apps/cli) against a real `npm start` stack: the whole path
// login → upload → model → train → predict, keys, exit codes, --json, and output snapshots
// (ids, keys, times and metric values normalised). Help texts are snapshotted in-process.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../apps/cli/src/cli.ts';
import type { Io } from '../apps/cli/src/framework.ts';
import { toCsv, vegaJson } from './support/data.ts';
import { REPO_ROOT, startStack, type Stack } from './support/stack.ts';

/** MODELGRAPH_TEST_PREDICT=0 skips the steps that need predict (see test/sdk.test.ts). */
const PREDICT = process.env.MODELGRAPH_TEST_PREDICT !== '0';

const BIN = path.join(REPO_ROOT, 'apps/cli/bin/modelgraph.js');

let stack: Stack;
let tmp: string;
let configDir: string;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real binary in a clean environment (own config folder, no colour, no inherited keys). */
function mg(args: string[], opts: { input?: string; env?: Record<string, string>; cwd?: string } = {}): Promise<Result> {
  return start(args, opts).done;
}

function start(args: string[], opts: { input?: string; env?: Record<string, string>; cwd?: string } = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? tmp,
    env: { PATH: process.env.PATH ?? '', HOME: tmp, MODELGRAPH_CONFIG_DIR: configDir, NO_COLOR: '1', ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(opts.input ?? '');
  return {
    child,
    output: () => stdout,
    done: new Promise<Result>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr }))),
  };
}

function parse<T = any>(text: string): T {
  return JSON.parse(text) as T;
}

/** Makes output stable: numbered ids and keys, and placeholders for URLs, paths, times and metrics. */
function normalise(text: string, opts: { numbers?: boolean } = {}): string {
  const ids = new Map<string, string>();
  const keys = new Map<string, string>();
  let out = text
    .replaceAll(stack.url, '<url>')
    .replaceAll(configDir, '<config>')
    .replaceAll(tmp, '<tmp>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
      if (!ids.has(id)) ids.set(id, `<id${ids.size + 1}>`);
      return ids.get(id)!;
    })
    .replace(/mg_live_[A-Za-z0-9_-]+/g, (key) => {
      if (!keys.has(key)) keys.set(key, `<key${keys.size + 1}>`);
      return keys.get(key)!;
    })
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/\b\d{4}-\d\d-\d\d\b/g, '<date>')
    .replace(/\b(just now|\d+[smhd] ago)\b/g, '<ago>')
    .replace(/\b\d+(\.\d+)?(ms|s)\b|\b\d+m\d\ds\b|\b\d+h\d\dm\b/g, '<dur>')
    .replace(/\b(loss|val_loss|accuracy|val_accuracy|acc|mae|val_mae|r2|mse|macroF1|rocAuc) -?\d+(\.\d+)?(e[-+]?\d+)?/g, '$1 <n>')
    // The training backend depends on the machine (tensorflow, wasm or cpu).
    .replace(/\bbackend \w+/g, 'backend <backend>')
    .replace(/^(Backend\s+)\w+$/gm, '$1<backend>');
  // Every number standing alone (table cells of metrics, which vary with the backend).
  if (opts.numbers) out = out.replace(/(?<=^|\s)-?\d+(\.\d+)?(e[-+]?\d+)?(?=[\s,)]|$)/gm, '<n>');
  // Placeholders are shorter than what they replace: collapse the table padding.
  return out.replace(/ {2,}/g, '  ').replace(/ +$/gm, '');
}

const penguins = vegaJson('penguins.json');

beforeAll(async () => {
  stack = await startStack();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'mg-cli-'));
  configDir = path.join(tmp, 'config');
  writeFileSync(path.join(tmp, 'penguins.csv'), toCsv(penguins));
});

afterAll(async () => {
  await stack?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('help', () => {
  const commands = [
    [],
    ['datasets'],
    ['models'],
    ['runs'],
    ['keys'],
    ['login'],
    ['logout'],
    ['whoami'],
    ['datasets', 'upload'],
    ['datasets', 'list'],
    ['datasets', 'show'],
    ['models', 'create'],
    ['models', 'list'],
    ['models', 'show'],
    ['runs', 'start'],
    ['runs', 'watch'],
    ['runs', 'cancel'],
    ['runs', 'list'],
    ['runs', 'show'],
    ['predict'],
    ['keys', 'create'],
    ['keys', 'list'],
    ['keys', 'revoke'],
  ];

  async function inProcess(argv: string[]) {
    let stdout = '';
    let stderr = '';
    const io: Io = {
      stdout: { write: (t) => void (stdout += t), isTTY: false },
      stderr: { write: (t) => void (stderr += t), isTTY: false },
      stdin: process.stdin,
      env: { MODELGRAPH_CONFIG_DIR: '/nonexistent' },
      onInterrupt: () => () => undefined,
    };
    const code = await main(argv, io);
    return { code, stdout, stderr };
  }

  it.each(commands.map((c) => [c.join(' ') || '(none)', c]))('modelgraph %s --help', async (_name, command) => {
    const result = await inProcess([...(command as string[]), '--help']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('USAGE');
    expect(result.stdout).toMatchSnapshot();
    // `help <command>` and `-h` say the same.
    if ((command as string[]).length) expect((await inProcess(['help', ...(command as string[])])).stdout).toBe(result.stdout);
    expect((await inProcess([...(command as string[]), '-h'])).stdout).toBe(result.stdout);
  });

  it('documents the exit codes everywhere', async () => {
    for (const command of commands.filter((c) => c.length === 2 || ['login', 'predict'].includes(c[0]!))) {
      expect((await inProcess([...command, '--help'])).stdout).toContain('6  the training run failed or was cancelled');
    }
  });

  it('runs as `npx modelgraph` from any folder of the repository', () => {
    const result = spawnSync('npx', ['--no-install', 'modelgraph', '--help'], { cwd: path.join(REPO_ROOT, 'packages/sdk/src'), encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('modelgraph <command> [<subcommand>] [flags]');
    const version = spawnSync(process.execPath, [BIN, '--version'], { cwd: os.tmpdir(), encoding: 'utf8' });
    expect(version.stdout).toBe('modelgraph 0.1.0\n');
  });

  it('answers usage errors with exit code 2 and a pointer to --help', async () => {
    const unknown = await mg(['datsets', 'list']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatchSnapshot();
    const unknownSub = await mg(['runs', 'follow']);
    expect(unknownSub.code).toBe(2);
    const flag = await mg(['datasets', 'list', '--bogus']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatchSnapshot();
    const missing = await mg(['runs', 'watch']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatchSnapshot();
    const json = await mg(['runs', 'watch', '--json']);
    expect(json.code).toBe(2);
    expect(parse(json.stderr)).toEqual({ error: { code: 'USAGE', message: 'missing argument <run-id>', exitCode: 2 } });
  });
});

describe('the quick-start path', () => {
  let datasetId: string;
  let versionId: string;
  let modelId: string;
  let runId: string;

  it('login stores the key (mode 0600) after checking it; a refused key is exit 3', async () => {
    const before = await mg(['whoami', '--url', stack.url]);
    expect(before.code).toBe(3);
    expect(normalise(before.stderr)).toMatchSnapshot();

    const refused = await mg(['login', '--url', stack.url], { input: 'mg_live_wrong\n' });
    expect(refused.code).toBe(3);
    expect(normalise(refused.stderr)).toMatchSnapshot();

    const login = await mg(['login', '--url', `${stack.url}/graphql`], { input: `${stack.adminKey}\n` });
    expect(login.code).toBe(0);
    expect(normalise(login.stdout)).toMatchSnapshot();
    const file = path.join(configDir, 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(configDir).mode & 0o777).toBe(0o700);
    const config = parse(readFileSync(file, 'utf8'));
    expect(config.current).toBe(stack.url);
    expect(config.hosts[stack.url].apiKey).toBe(stack.adminKey);

    // Later commands use the stored server and key.
    const whoami = await mg(['whoami']);
    expect(whoami.code).toBe(0);
    expect(normalise(whoami.stdout)).toMatchSnapshot();
  });

  it('datasets upload streams a file and shows what the server inferred', async () => {
    const upload = await mg(['datasets', 'upload', 'penguins.csv', '--label', 'Species', '--split', '0.7,0.15,0.15', '--seed', '7']);
    expect(upload.stderr).toBe('');
    expect(upload.code).toBe(0);
    expect(normalise(upload.stdout)).toMatchSnapshot();

    const again = await mg(['datasets', 'upload', 'penguins.csv', '--label', 'Species', '--json']);
    expect(again.code).toBe(5);
    const error = parse(again.stderr).error;
    expect(error).toMatchObject({ code: 'CONFLICT', exitCode: 5 });

    const hinted = await mg(['datasets', 'upload', 'penguins.csv']);
    expect(hinted.code).toBe(5);
    expect(normalise(hinted.stderr)).toMatchSnapshot();

    const badLabel = await mg(['datasets', 'upload', '-', '--format', 'csv', '--name', 'stdin-penguins', '--label', 'Nope'], { input: toCsv(penguins) });
    expect(badLabel.code).toBe(5);
    expect(badLabel.stderr).toMatch(/^error: label column "Nope" does not exist/);

    const fromStdin = await mg(['datasets', 'upload', '-', '--format', 'jsonl', '--name', 'stdin-penguins', '--label', 'Species', '--json'], {
      input: penguins.map((r) => JSON.stringify(r)).join('\n'),
    });
    expect(fromStdin.code).toBe(0);
    expect(parse(fromStdin.stdout)).toMatchObject({ format: 'JSONL', rowCount: penguins.length, dataset: { name: 'stdin-penguins' } });

    const noName = await mg(['datasets', 'upload', '-', '--format', 'csv']);
    expect(noName.code).toBe(2);
  });

  it('datasets list and show, in tables and JSON', async () => {
    const list = await mg(['datasets', 'list']);
    expect(list.code).toBe(0);
    expect(normalise(list.stdout)).toMatchSnapshot();
    const json = parse<any[]>((await mg(['datasets', 'list', '--json'])).stdout);
    expect(json.map((d) => d.name)).toEqual(['stdin-penguins', 'penguins']);
    datasetId = json[1].id;
    versionId = json[1].latestVersion.id;

    const show = await mg(['datasets', 'show', datasetId]);
    expect(show.code).toBe(0);
    expect(normalise(show.stdout)).toMatchSnapshot();
    // A version ID shows its dataset too.
    const byVersion = await mg(['datasets', 'show', versionId, '--json']);
    expect(parse(byVersion.stdout)).toMatchObject({ id: datasetId, version: { id: versionId, rowCount: penguins.length } });

    const missing = await mg(['datasets', 'show', '00000000-0000-4000-8000-000000000000']);
    expect(missing.code).toBe(4);
    expect(normalise(missing.stderr)).toMatchSnapshot();
  });

  it('models create validates and defines a model', async () => {
    const invalid = await mg(['models', 'create', '--name', 'bad', '--dataset-version', versionId, '--architecture', '{"layers":[{"type":"dense","units":4},{"type":"conv2d","filters":2,"kernelSize":3}]}']);
    expect(invalid.code).toBe(5);
    expect(invalid.stderr).toMatch(/layers\[1\]/);
    const dryRun = await mg(['models', 'create', '--name', 'species', '--dataset', datasetId, '--hidden', '16', '--dry-run']);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toMatch(/The definition is valid/);

    const create = await mg(['models', 'create', '--name', 'species', '--dataset', datasetId, '--hidden', '16', '--epochs', '6', '--learning-rate', '0.01', '--seed', '1']);
    expect(create.code).toBe(0);
    expect(normalise(create.stdout)).toMatchSnapshot();
    const models = parse<any[]>((await mg(['models', 'list', '--json'])).stdout);
    modelId = models[0].id;
    expect(models[0]).toMatchObject({ name: 'species', task: 'MULTICLASS', datasetVersion: { id: versionId } });
  });

  it('runs start --watch follows training epoch by epoch (lines when not a TTY)', async () => {
    const watch = await mg(['runs', 'start', modelId, '--watch']);
    expect(watch.stderr).toBe('');
    expect(watch.code).toBe(0);
    const lines = watch.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('epoch '))).toHaveLength(6);
    expect(lines).toContain('status succeeded (backend wasm)'.replace('wasm', /backend (\w+)/.exec(watch.stdout)![1]!));
    // Whether the watch saw the run queued, or running before its first epoch, is a race: leave those lines out.
    expect(normalise(watch.stdout.replace(/^status (queued|running).*\n/gm, ''))).toMatchSnapshot();
    runId = /Queued run (\S+)/.exec(watch.stdout)![1]!;

    const list = await mg(['runs', 'list']);
    expect(normalise(list.stdout)).toMatchSnapshot();
    const show = await mg(['runs', 'show', runId]);
    expect(show.stdout).toMatch(/^CLASS\s+PRECISION\s+RECALL\s+F1\s+SUPPORT$/m);
    expect(normalise(show.stdout, { numbers: true })).toMatchSnapshot();
  });

  it('runs watch: JSON lines with --json, a progress bar on a terminal', async () => {
    const json = await mg(['runs', 'watch', runId, '--json']);
    expect(json.code).toBe(0);
    const events = json.stdout.trim().split('\n').map((l) => parse(l));
    expect(events.filter((e) => e.type === 'epoch').map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events.at(-1)).toMatchObject({ type: 'run', run: { id: runId, status: 'SUCCEEDED', modelVersion: { version: 1 } } });

    const bar = await mg(['runs', 'watch', runId], { env: { MODELGRAPH_PROGRESS: 'bar' } });
    expect(bar.code).toBe(0);
    expect(bar.stdout).toContain('\r\x1b[2KTraining ');
    expect(bar.stdout).toContain(`${'█'.repeat(20)} 6/6  loss `);
    expect(bar.stdout).toMatch(/✓ Run \S+ succeeded/);
  });

  it('runs cancel stops a run; watching it then exits with 6', async () => {
    const slow = parse((await mg(['models', 'create', '--name', 'slow', '--dataset-version', versionId, '--hidden', '64,64', '--epochs', '500', '--batch-size', '8', '--json'])).stdout);
    const started = await mg(['runs', 'start', slow.id, '--json']);
    expect(started.code).toBe(0);
    const run = parse(started.stdout);
    expect(run).toMatchObject({ status: 'QUEUED', plannedEpochs: 500 });

    // Ctrl-C stops watching (exit 130), not the run.
    const watching = start(['runs', 'watch', run.id]);
    await expect.poll(() => /^epoch 1\/500/m.test(watching.output()), { timeout: 60_000 }).toBe(true);
    watching.child.kill('SIGINT');
    const interrupted = await watching.done;
    expect(interrupted.code).toBe(130);
    expect(normalise(interrupted.stderr)).toBe('Stopped watching; the run goes on. Resume with: modelgraph runs watch <id1>\n');
    expect(parse((await mg(['runs', 'show', run.id, '--json'])).stdout).status).toBe('RUNNING');

    const cancel = await mg(['runs', 'cancel', run.id, '--wait']);
    expect(cancel.code).toBe(0);
    expect(normalise(cancel.stdout)).toBe('✓ Run <id1> cancelled\n');
    const watch = await mg(['runs', 'watch', run.id]);
    expect(watch.code).toBe(6);
    expect(watch.stdout).toMatch(/✗ Run \S+ was cancelled after \d+\/500 epochs/);
    const cancelled = parse<any[]>((await mg(['runs', 'list', '--status', 'cancelled', '--json'])).stdout);
    expect(cancelled.map((r) => r.id)).toEqual([run.id]);
  });

  it.runIf(PREDICT)('predict reads CSV, JSON or JSON lines on stdin', async () => {
    const records = penguins.slice(0, 3).map(({ Species: _s, ...rest }) => rest);
    const csv = await mg(['predict', modelId], { input: toCsv(records) });
    expect(csv.stderr).toBe('');
    expect(csv.code).toBe(0);
    expect(normalise(csv.stdout, { numbers: true })).toMatchSnapshot();
    const json = await mg(['predict', modelId, '--json'], { input: JSON.stringify(records) });
    expect(json.code).toBe(0);
    const body = parse(json.stdout);
    expect(body.predictions).toHaveLength(3);
    expect(body.modelVersion).toMatchObject({ version: 1, model: { id: modelId } });
    const jsonl = await mg(['predict', modelId, '--version', '1', '--json'], { input: records.map((r) => JSON.stringify(r)).join('\n') });
    expect(parse(jsonl.stdout).predictions).toEqual(body.predictions);
    const unknownModel = await mg(['predict', '00000000-0000-4000-8000-000000000000'], { input: JSON.stringify(records) });
    expect(unknownModel.code).toBe(4);
  });

  it('predict refuses input it cannot read (exit 5)', async () => {
    const empty = await mg(['predict', modelId], { input: '' });
    expect(empty.code).toBe(5);
    expect(empty.stderr).toMatch(/no input/);
    const broken = await mg(['predict', modelId, '--format', 'json'], { input: '[{"a":' });
    expect(broken.code).toBe(5);
  });

  it('keys create, list and revoke; a key without the scope is exit 3', async () => {
    const create = await mg(['keys', 'create', '--name', 'ci', '--scope', 'read,predict', '--expires', '30d']);
    expect(create.code).toBe(0);
    expect(normalise(create.stdout)).toMatchSnapshot();
    const secret = /(mg_live_\S+)/.exec(create.stdout.split('\n').find((l) => l.trim().startsWith('mg_live_'))!)![1]!;
    const keys = parse<any[]>((await mg(['keys', 'list', '--json'])).stdout);
    const ci = keys.find((k) => k.name === 'ci');
    expect(ci).toMatchObject({ scopes: ['READ', 'PREDICT'], status: 'ACTIVE' });

    // The new key works through the environment, and is refused what it may not do.
    const asCi = { MODELGRAPH_API_KEY: secret, MODELGRAPH_URL: stack.url };
    expect((await mg(['datasets', 'list', '--json'], { env: asCi })).code).toBe(0);
    const forbidden = await mg(['datasets', 'upload', 'penguins.csv', '--name', 'nope'], { env: asCi });
    expect(forbidden.code).toBe(3);
    expect(normalise(forbidden.stderr)).toMatchSnapshot();

    const revoke = await mg(['keys', 'revoke', ci.id]);
    expect(revoke.code).toBe(0);
    expect(normalise(revoke.stdout)).toMatchSnapshot();
    const list = await mg(['keys', 'list']);
    expect(normalise(list.stdout)).toMatchSnapshot();
    const revoked = await mg(['whoami', '--json'], { env: asCi });
    expect(revoked.code).toBe(3);
    expect(parse(revoked.stderr).error).toMatchObject({ code: 'UNAUTHENTICATED', exitCode: 3 });

    expect((await mg(['keys', 'create', '--name', 'x', '--scope', 'root'])).code).toBe(2);
  });

  it('logout forgets the key', async () => {
    const logout = await mg(['logout']);
    expect(normalise(logout.stdout)).toBe('✓ Logged out of <url>\n');
    const after = await mg(['datasets', 'list', '--url', stack.url]);
    expect(after.code).toBe(3);
    expect(parse(readFileSync(path.join(configDir, 'config.json'), 'utf8'))).toEqual({ hosts: {} });
    // Nothing listening: exit 1 with a hint.
    const offline = await mg(['datasets', 'list', '--url', 'http://127.0.0.1:9', '--api-key', 'mg_live_x']);
    expect(offline.code).toBe(1);
    expect(offline.stderr).toMatch(/Is the server running at http:\/\/127\.0\.0\.1:9\?/);
  });
});
