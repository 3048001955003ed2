// Command definitions, argument parsing (node:util parseArgs), help text and exit codes.
import { parseArgs } from 'node:util';
import { isModelGraphError, type ModelGraphClient } from '@modelgraph/sdk';
import type { Env } from './config.ts';
import type { Style } from './output.ts';

export const EXIT = {
  OK: 0,
  UNEXPECTED: 1,
  USAGE: 2,
  AUTH: 3,
  NOT_FOUND: 4,
  BAD_INPUT: 5,
  RUN_FAILED: 6,
  INTERRUPTED: 130,
} as const;

export const EXIT_CODES_HELP = `EXIT CODES
  0  success
  1  unexpected error (server error, network failure)
  2  usage error: unknown command or flag, missing argument
  3  not authenticated or not allowed: no key, key refused (UNAUTHENTICATED, FORBIDDEN)
  4  not found (NOT_FOUND)
  5  bad input refused by the server (BAD_USER_INPUT, CONFLICT, GATE_FAILED, PAYLOAD_TOO_LARGE)
  6  the training run failed or was cancelled
`;

/** An error with a message for the user and an exit code. */
export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
    readonly hint?: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export class UsageError extends CliError {
  constructor(message: string, readonly command?: CommandSpec | GroupSpec) {
    super(EXIT.USAGE, message, undefined, 'USAGE');
  }
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof CliError) return error.exitCode;
  if (isModelGraphError(error)) {
    switch (error.code) {
      case 'UNAUTHENTICATED':
      case 'FORBIDDEN':
        return EXIT.AUTH;
      case 'NOT_FOUND':
        return EXIT.NOT_FOUND;
      case 'BAD_USER_INPUT':
      case 'CONFLICT':
      case 'GATE_FAILED':
      case 'PAYLOAD_TOO_LARGE':
        return EXIT.BAD_INPUT;
      default:
        return EXIT.UNEXPECTED;
    }
  }
  return EXIT.UNEXPECTED;
}

export interface OptionSpec {
  name: string;
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in help as `--name <value>`. */
  value?: string;
  description: string;
}

export interface ArgSpec {
  name: string;
  description: string;
  optional?: boolean;
}

export interface Output {
  write(text: string): void;
  isTTY: boolean;
  columns?: number;
}

export interface Io {
  stdout: Output;
  stderr: Output;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Env;
  /** Registers a Ctrl-C handler; returns a function removing it. */
  onInterrupt(handler: () => void): () => void;
}

export interface Context extends Io {
  json: boolean;
  style: Style;
  /** The effective server URL (flag > env > config > default). */
  url: string;
  apiKey: string | undefined;
  keySource: 'flag' | 'env' | 'config' | undefined;
  /** A client for `url` with `apiKey`; exits with code 3 when there is no key. */
  client(): ModelGraphClient;
  out(text: string): void;
  err(text: string): void;
  printJson(value: unknown): void;
}

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface CommandSpec {
  /** e.g. ['runs', 'watch'] */
  path: string[];
  summary: string;
  description?: string;
  args?: ArgSpec[];
  options?: OptionSpec[];
  examples?: string[];
  /** Extra help sections (already formatted). */
  notes?: string;
  /** Whether the command talks to the API without a key (login). */
  run(ctx: Context, args: string[], values: Values): Promise<number | void>;
}

export interface GroupSpec {
  name: string;
  summary: string;
  commands: CommandSpec[];
}

export const GLOBAL_OPTIONS: OptionSpec[] = [
  { name: 'url', type: 'string', value: 'url', description: 'Server URL (env MODELGRAPH_URL; default: the one you logged in to, else http://localhost:4000)' },
  { name: 'api-key', type: 'string', value: 'key', description: 'API key (env MODELGRAPH_API_KEY; default: the key stored by `modelgraph login`)' },
  { name: 'json', type: 'boolean', description: 'Print machine-readable JSON (errors go to stderr as JSON too)' },
  { name: 'help', type: 'boolean', short: 'h', description: 'Show help for the command' },
];

export function parseCommandArgs(spec: CommandSpec, argv: string[]): { args: string[]; values: Values } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const o of [...(spec.options ?? []), ...GLOBAL_OPTIONS]) {
    options[o.name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message
      .replace(/\. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- "[^"]*"/, '')
      .replace(/^Unknown option/, 'unknown flag')
      .replace(/^Option/, 'flag');
    throw new UsageError(message, spec);
  }
  const values = parsed.values as Values;
  if (values.help) return { args: parsed.positionals, values };
  const required = (spec.args ?? []).filter((a) => !a.optional).length;
  const max = (spec.args ?? []).length;
  if (parsed.positionals.length < required) {
    const missing = (spec.args ?? []).slice(parsed.positionals.length).find((a) => !a.optional)!;
    throw new UsageError(`missing argument <${missing.name}>`, spec);
  }
  if (parsed.positionals.length > max) throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[max])}`, spec);
  return { args: parsed.positionals, values };
}

function optionLines(options: OptionSpec[]): string {
  const rows = options.map((o) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.type === 'string' ? ` <${o.value ?? 'value'}>` : ''}`;
    return [flag, o.description + (o.multiple ? ' (repeatable)' : '')] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length));
  return rows.map(([f, d]) => `  ${f.padEnd(width)}   ${d}`).join('\n');
}

export function commandUsage(spec: CommandSpec): string {
  const args = (spec.args ?? []).map((a) => (a.optional ? `[<${a.name}>]` : `<${a.name}>`)).join(' ');
  return `modelgraph ${spec.path.join(' ')}${args ? ` ${args}` : ''} [flags]`;
}

export function commandHelp(spec: CommandSpec, style: Style): string {
  const parts: string[] = [];
  parts.push(`${spec.description ?? spec.summary}\n`);
  parts.push(`${style.bold('USAGE')}\n  ${commandUsage(spec)}\n`);
  if (spec.args?.length) {
    const width = Math.max(...spec.args.map((a) => a.name.length + 2));
    parts.push(`${style.bold('ARGUMENTS')}\n${spec.args.map((a) => `  ${`<${a.name}>`.padEnd(width)}   ${a.description}`).join('\n')}\n`);
  }
  if (spec.options?.length) parts.push(`${style.bold('FLAGS')}\n${optionLines(spec.options)}\n`);
  parts.push(`${style.bold('GLOBAL FLAGS')}\n${optionLines(GLOBAL_OPTIONS)}\n`);
  if (spec.notes) parts.push(spec.notes.trimEnd() + '\n');
  if (spec.examples?.length) parts.push(`${style.bold('EXAMPLES')}\n${spec.examples.map((e) => `  ${e}`).join('\n')}\n`);
  parts.push(EXIT_CODES_HELP.replace('EXIT CODES', style.bold('EXIT CODES')));
  return parts.join('\n');
}

export function groupHelp(group: GroupSpec, style: Style): string {
  const width = Math.max(...group.commands.map((c) => c.path.at(-1)!.length));
  return [
    `${group.summary}\n`,
    `${style.bold('USAGE')}\n  modelgraph ${group.name} <command> [flags]\n`,
    `${style.bold('COMMANDS')}\n${group.commands.map((c) => `  ${c.path.at(-1)!.padEnd(width)}   ${c.summary}`).join('\n')}\n`,
    `${style.bold('GLOBAL FLAGS')}\n${optionLines(GLOBAL_OPTIONS)}\n`,
    `${style.bold('LEARN MORE')}\n  modelgraph ${group.name} <command> --help\n`,
  ].join('\n');
}
