// The `modelgraph` command: dispatch, context, help and error reporting. `main` never exits the
// process itself; it returns the exit code (see EXIT in framework.ts).
import { readFileSync } from 'node:fs';
import { createClient, isModelGraphError, type ModelGraphClient } from '@modelgraph/sdk';
import WebSocket from 'ws';
import { login, logout, whoami } from './commands/auth.ts';
import { datasetCommands } from './commands/datasets.ts';
import { keyCommands } from './commands/keys.ts';
import { modelCommands } from './commands/models.ts';
import { predict } from './commands/predict.ts';
import { runCommands } from './commands/runs.ts';
import { loadConfig } from './config.ts';
import {
  CliError,
  EXIT,
  EXIT_CODES_HELP,
  GLOBAL_OPTIONS,
  UsageError,
  commandHelp,
  commandUsage,
  exitCodeFor,
  groupHelp,
  parseCommandArgs,
  type CommandSpec,
  type Context,
  type GroupSpec,
  type Io,
} from './framework.ts';
import { createStyle, json, type Style } from './output.ts';
import { DEFAULT_URL, resolveServer } from './server.ts';

export const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const GROUPS: GroupSpec[] = [
  { name: 'datasets', summary: 'Upload, list and inspect datasets', commands: datasetCommands },
  { name: 'models', summary: 'Define models and inspect them', commands: modelCommands },
  { name: 'runs', summary: 'Start, watch, cancel and list training runs', commands: runCommands },
  { name: 'keys', summary: 'Create, list and revoke API keys', commands: keyCommands },
];
const TOP: CommandSpec[] = [login, logout, whoami, predict];

function topHelp(style: Style): string {
  const entries: Array<[string, string]> = [
    ['login', login.summary],
    ['whoami', whoami.summary],
    ['logout', logout.summary],
    ...GROUPS.map((g): [string, string] => [g.name, g.summary]),
    ['predict', predict.summary],
  ];
  const width = Math.max(...entries.map(([n]) => n.length));
  const flags = [...GLOBAL_OPTIONS, { name: 'version', type: 'boolean' as const, short: undefined, value: undefined, description: 'Print the version' }].map(
    (o) => [`${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.type === 'string' ? ` <${o.value}>` : ''}`, o.description] as const,
  );
  const flagWidth = Math.max(...flags.map(([f]) => f.length));
  return [
    'Train and serve models on ModelGraph from the terminal.\n',
    `${style.bold('USAGE')}\n  modelgraph <command> [<subcommand>] [flags]\n`,
    `${style.bold('COMMANDS')}\n${entries.map(([n, s]) => `  ${n.padEnd(width)}   ${s}`).join('\n')}\n`,
    `${style.bold('GLOBAL FLAGS')}\n${flags.map(([f, d]) => `  ${f.padEnd(flagWidth)}   ${d}`).join('\n')}\n`,
    `${style.bold('QUICK START')}
  modelgraph login --url ${DEFAULT_URL}
  modelgraph datasets upload cars.csv --label Miles_per_Gallon
  modelgraph models create --name mpg --dataset-version <version-id>
  modelgraph runs start <model-id> --watch
  echo '{"Horsepower":130,"Weight_in_lbs":3504}' | modelgraph predict <model-id>
`,
    `${style.bold('ENVIRONMENT')}
  MODELGRAPH_URL          Server URL (like --url)
  MODELGRAPH_API_KEY      API key (like --api-key)
  MODELGRAPH_CONFIG_DIR   Folder of config.json (default $XDG_CONFIG_HOME/modelgraph or ~/.config/modelgraph)
  NO_COLOR                Disable colour
`,
    EXIT_CODES_HELP.replace('EXIT CODES', style.bold('EXIT CODES')),
    `${style.bold('LEARN MORE')}\n  modelgraph <command> --help\n`,
  ].join('\n');
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

function suggest(word: string, candidates: string[]): string {
  const best = candidates.map((c) => [c, distance(word, c)] as const).sort((a, b) => a[1] - b[1])[0];
  return best && best[1] <= 2 ? `\n\nDid you mean this?\n  ${best[0]}` : '';
}

type Resolved =
  | { kind: 'top' }
  | { kind: 'version' }
  | { kind: 'group'; group: GroupSpec }
  | { kind: 'command'; spec: CommandSpec; rest: string[] };

/** Splits argv into the command words and the rest; global flags may come anywhere. */
function resolve(argv: string[]): Resolved {
  const rest = [...argv];
  const words: string[] = [];
  let i = 0;
  let isHelp = false;
  while (i < rest.length) {
    const token = rest[i]!;
    if (token === '--') break;
    if (token.startsWith('-')) {
      i += token === '--url' || token === '--api-key' ? 2 : 1;
      continue;
    }
    const first = words.length === 0;
    if (!first && !(words.length === 1 && (GROUPS.some((g) => g.name === words[0]) || words[0] === 'help'))) break;
    words.push(token);
    rest.splice(i, 1);
    if (first && TOP.some((c) => c.path[0] === token)) break;
    if (words.length === 2 && words[0] !== 'help') break;
  }
  if (words[0] === 'help') {
    isHelp = true;
    words.shift();
    if (words.length === 1 && rest.length > 0 && !rest[0]!.startsWith('-')) words.push(rest.shift()!);
  }
  if (words.length === 0) return rest.includes('--version') && !isHelp ? { kind: 'version' } : { kind: 'top' };
  const top = TOP.find((c) => c.path[0] === words[0]);
  if (top) return { kind: 'command', spec: top, rest: isHelp ? ['--help'] : rest };
  const group = GROUPS.find((g) => g.name === words[0]);
  if (!group) {
    throw new UsageError(`unknown command ${JSON.stringify(words[0])}${suggest(words[0]!, [...TOP.map((c) => c.path[0]!), ...GROUPS.map((g) => g.name)])}`);
  }
  if (words.length === 1) return { kind: 'group', group };
  const spec = group.commands.find((c) => c.path[1] === words[1]);
  if (!spec) {
    throw new UsageError(
      `unknown command ${JSON.stringify(words[1])} for "modelgraph ${group.name}"${suggest(words[1]!, group.commands.map((c) => c.path[1]!))}`,
      group,
    );
  }
  return { kind: 'command', spec, rest: isHelp ? ['--help'] : rest };
}

function report(io: Io, error: unknown, jsonMode: boolean, url: string | undefined): number {
  const exitCode = exitCodeFor(error);
  const mgError = isModelGraphError(error) ? error : undefined;
  const byExit: Record<number, string> = { 2: 'USAGE', 3: 'UNAUTHENTICATED', 4: 'NOT_FOUND', 5: 'BAD_INPUT', 6: 'RUN_FAILED', 130: 'INTERRUPTED' };
  const code = mgError?.code ?? (error instanceof CliError ? error.code : undefined) ?? byExit[exitCode] ?? 'UNEXPECTED';
  const message = error instanceof Error ? error.message : String(error);
  if (jsonMode) {
    io.stderr.write(json({ error: { code, message, exitCode, ...(mgError ? { extensions: mgError.extensions } : {}) } }));
    return exitCode;
  }
  const hints: string[] = [];
  if (error instanceof UsageError && error.command) {
    const spec = error.command;
    if ('path' in spec) hints.push(`Usage: ${commandUsage(spec)}`, `Run 'modelgraph ${spec.path.join(' ')} --help' for more.`);
    else hints.push(`Run 'modelgraph ${spec.name} --help' for its commands.`);
  } else if (error instanceof UsageError) {
    hints.push("Run 'modelgraph --help' for usage.");
  } else if (error instanceof CliError && error.hint) {
    hints.push(error.hint);
  } else if (mgError) {
    const where = mgError.extensions as { line?: number; column?: number };
    if (typeof where.line === 'number' && !/\bline\b/.test(message)) hints.push(`At line ${where.line}${typeof where.column === 'number' ? `, column ${where.column}` : ''}.`);
    if (mgError.code === 'UNAUTHENTICATED') hints.push(`Log in again with: modelgraph login --url ${url ?? DEFAULT_URL}`);
    if (mgError.code === 'FORBIDDEN') hints.push("The key lacks a scope for this; see 'modelgraph whoami'.");
    if (mgError.code === 'NETWORK_ERROR') hints.push(`Is the server running at ${url ?? DEFAULT_URL}? Start one with: npm start (or pass --url).`);
  }
  io.stderr.write(`error: ${message}\n${hints.map((h) => `${h}\n`).join('')}`);
  if (io.env.MODELGRAPH_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return exitCode;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const jsonMode = argv.includes('--json');
  const colour = !jsonMode && io.stdout.isTTY && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
  const style = createStyle(Boolean(colour));
  let url: string | undefined;
  const clients: ModelGraphClient[] = [];
  try {
    const resolved = resolve(argv);
    if (resolved.kind === 'version') {
      io.stdout.write(`modelgraph ${VERSION}\n`);
      return EXIT.OK;
    }
    if (resolved.kind === 'top') {
      io.stdout.write(topHelp(style));
      return EXIT.OK;
    }
    if (resolved.kind === 'group') {
      io.stdout.write(groupHelp(resolved.group, style));
      return EXIT.OK;
    }
    const { spec, rest } = resolved;
    const { args, values } = parseCommandArgs(spec, rest);
    if (values.help) {
      io.stdout.write(commandHelp(spec, style));
      return EXIT.OK;
    }
    const loaded = loadConfig(io.env);
    if (loaded.warning) io.stderr.write(`warning: ${loaded.warning}\n`);
    const server = resolveServer({ url: values.url as string | undefined, apiKey: values['api-key'] as string | undefined }, io.env, loaded.config);
    url = server.url;
    const ctx: Context = {
      ...io,
      json: Boolean(values.json),
      style,
      url: server.url,
      apiKey: server.apiKey,
      keySource: server.keySource,
      client() {
        if (!server.apiKey) {
          throw new CliError(
            EXIT.AUTH,
            `not logged in to ${server.url}`,
            `Run 'modelgraph login --url ${server.url}', or set MODELGRAPH_API_KEY (or pass --api-key).`,
            'UNAUTHENTICATED',
          );
        }
        const client = createClient({ url: server.url, apiKey: server.apiKey, webSocketImpl: WebSocket });
        clients.push(client);
        return client;
      },
      out: (text) => io.stdout.write(text),
      err: (text) => io.stderr.write(text),
      printJson: (value) => io.stdout.write(json(value)),
    };
    const code = await spec.run(ctx, args, values);
    return code ?? EXIT.OK;
  } catch (error) {
    return report(io, error, jsonMode, url);
  } finally {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  }
}
