// keys create | list | revoke
import type { ApiKey, ApiKeyScope } from '@modelgraph/sdk';
import { UsageError, type CommandSpec, type Context } from '../framework.ts';
import { intFlag, listFlag } from '../input.ts';
import { fields, formatAgo, table } from '../output.ts';

const SCOPES = ['READ', 'WRITE', 'TRAIN', 'PREDICT', 'ADMIN'];

/** An ISO date-time, or a duration from now: 30d, 12h, 90m, 2w. */
export function parseExpiry(value: string, now = Date.now()): string {
  const relative = /^(\d+)\s*([mhdw])$/i.exec(value.trim());
  if (relative) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[relative[2]!.toLowerCase() as 'm' | 'h' | 'd' | 'w'];
    return new Date(now + Number(relative[1]) * unit).toISOString();
  }
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`--expires takes an ISO date-time or a duration like 30d, 12h; not ${JSON.stringify(value)}`);
  return new Date(t).toISOString();
}

function keyLine(key: ApiKey): string {
  return `${key.name} (${key.prefix}…)`;
}

export const create: CommandSpec = {
  path: ['keys', 'create'],
  summary: 'Create an API key (the secret is shown once)',
  description: `Create an API key for your tenant (needs an ADMIN key).

Scopes: READ (read everything), WRITE (datasets, models, aliases), TRAIN (start and cancel runs),
PREDICT (predictions), ADMIN (everything, including keys). The secret is printed once: store it.`,
  options: [
    { name: 'name', type: 'string', value: 'name', description: 'Name of the key (required)' },
    { name: 'scope', type: 'string', short: 's', value: 'scope', multiple: true, description: 'A scope, or several comma-separated (required)' },
    { name: 'expires', type: 'string', value: 'when', description: 'Expiry: ISO date-time or a duration (30d, 12h, 2w); default never' },
  ],
  examples: ['modelgraph keys create --name ci --scope READ,PREDICT --expires 90d', 'modelgraph keys create --name trainer -s TRAIN -s READ --json | jq -r .secret'],
  async run(ctx, _args, values) {
    const name = values.name as string | undefined;
    if (!name) throw new UsageError('missing --name', create);
    const scopes = listFlag(values.scope).map((s) => s.toUpperCase());
    if (scopes.length === 0) throw new UsageError(`missing --scope (one or more of ${SCOPES.join(', ')})`, create);
    const unknown = scopes.find((s) => !SCOPES.includes(s));
    if (unknown) throw new UsageError(`unknown scope ${unknown}; scopes are ${SCOPES.join(', ')}`, create);
    const expiresAt = values.expires ? parseExpiry(values.expires as string) : null;
    const { apiKey, secret } = await ctx.client().keys.create({ name, scopes: [...new Set(scopes)] as ApiKeyScope[], expiresAt });
    if (ctx.json) {
      ctx.printJson({ apiKey, secret });
      return;
    }
    ctx.out(`${ctx.style.green('✓')} Created key ${keyLine(apiKey)} with scopes ${apiKey.scopes.join(', ')}\n`);
    ctx.out(fields([
      ['ID', apiKey.id],
      ['Expires', apiKey.expiresAt ?? 'never'],
    ], '  '));
    ctx.out(`\n  ${ctx.style.bold(secret)}\n\n`);
    ctx.out(`${ctx.style.yellow('!')} Store the secret now: it is shown only once.\n`);
  },
};

function keysTable(ctx: Context, keys: ApiKey[]): string {
  return table(
    keys,
    [
      { header: 'ID', value: (k) => k.id },
      { header: 'NAME', value: (k) => k.name },
      { header: 'PREFIX', value: (k) => k.prefix },
      { header: 'SCOPES', value: (k) => k.scopes.join(',') },
      { header: 'STATUS', value: (k) => (k.status === 'ACTIVE' ? k.status.toLowerCase() : ctx.style.red(k.status.toLowerCase())) },
      { header: 'CREATED', value: (k) => formatAgo(k.createdAt) },
      { header: 'LAST USED', value: (k) => formatAgo(k.lastUsedAt) },
      { header: 'EXPIRES', value: (k) => (k.expiresAt ? k.expiresAt.slice(0, 10) : 'never') },
    ],
    ctx.style,
  );
}

export const list: CommandSpec = {
  path: ['keys', 'list'],
  summary: "List the tenant's API keys, newest first",
  options: [
    { name: 'active', type: 'boolean', description: 'Hide revoked keys' },
    { name: 'limit', type: 'string', short: 'L', value: 'n', description: 'How many to show (default 50)' },
  ],
  async run(ctx, _args, values) {
    const first = intFlag('limit', values.limit as string | undefined, { min: 1 }) ?? 50;
    const page = await ctx.client().keys.list({ first, includeRevoked: !values.active });
    if (ctx.json) {
      ctx.printJson(page.nodes);
      return;
    }
    ctx.out(keysTable(ctx, page.nodes));
  },
};

export const revoke: CommandSpec = {
  path: ['keys', 'revoke'],
  summary: 'Revoke an API key at once',
  args: [{ name: 'id', description: 'ID of the key (see `keys list`)' }],
  async run(ctx, [id]) {
    const key = await ctx.client().keys.revoke(id!);
    if (ctx.json) {
      ctx.printJson(key);
      return;
    }
    ctx.out(`${ctx.style.green('✓')} Revoked key ${keyLine(key)}\n`);
  },
};

export const keyCommands = [create, list, revoke];
