// login, logout, whoami.
import { createClient, isModelGraphError } from '@modelgraph/sdk';
import WebSocket from 'ws';
import { loadConfig, saveConfig } from '../config.ts';
import { CliError, EXIT, UsageError, type CommandSpec, type Context } from '../framework.ts';
import { readAll } from '../input.ts';
import { fields } from '../output.ts';
import { serverKey } from '../server.ts';

/** Reads a line from the terminal without echoing it. */
function promptHidden(ctx: Context, question: string): Promise<string> {
  const stdin = ctx.stdin as NodeJS.ReadStream;
  ctx.stderr.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (result: string | Error) => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.off('data', onData);
      ctx.stderr.write('\n');
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(value);
        if (ch === '\u0003') return done(new CliError(EXIT.INTERRUPTED, 'cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export const login: CommandSpec = {
  path: ['login'],
  summary: 'Store an API key for a server (checked first)',
  description: `Store an API key for a server, after checking it works.

The key comes from --api-key, else MODELGRAPH_API_KEY, else a prompt (on a terminal),
else the first line of stdin. It is saved in $XDG_CONFIG_HOME/modelgraph/config.json
(~/.config/modelgraph/config.json; MODELGRAPH_CONFIG_DIR overrides the folder) with
mode 0600, one key per server; the server becomes the default for later commands.`,
  examples: [
    'modelgraph login --url http://localhost:4000',
    'echo "$MODELGRAPH_KEY" | modelgraph login --url https://modelgraph.example.com',
  ],
  async run(ctx) {
    let apiKey = ctx.keySource === 'flag' || ctx.keySource === 'env' ? ctx.apiKey : undefined;
    if (!apiKey) {
      if (ctx.stdin.isTTY) apiKey = await promptHidden(ctx, `Paste an API key for ${ctx.url}: `);
      else apiKey = (await readAll(ctx.stdin)).split(/\r?\n/)[0];
    }
    apiKey = apiKey?.trim();
    if (!apiKey) throw new UsageError('no API key: pass --api-key <key>, set MODELGRAPH_API_KEY, or pipe the key on stdin', login);
    const client = createClient({ url: ctx.url, apiKey, webSocketImpl: WebSocket });
    let me;
    try {
      me = await client.me();
    } catch (error) {
      if (isModelGraphError(error, 'UNAUTHENTICATED')) throw new CliError(EXIT.AUTH, `${ctx.url} refused the key: ${error.message}`, undefined, error.code);
      throw error;
    }
    const { config } = loadConfig(ctx.env);
    const host = serverKey(ctx.url);
    config.hosts[host] = {
      apiKey,
      tenant: me.tenant?.name ?? null,
      keyPrefix: me.apiKey?.prefix ?? null,
      savedAt: new Date().toISOString(),
    };
    config.current = host;
    const path = saveConfig(ctx.env, config);
    const who = me.isOperator ? 'the platform operator' : `tenant ${me.tenant?.name ?? '?'}`;
    if (ctx.json) {
      ctx.printJson({ url: host, tenant: me.tenant, apiKey: me.apiKey, scopes: me.scopes, isOperator: me.isOperator, configPath: path });
      return;
    }
    ctx.out(`${ctx.style.green('✓')} Logged in to ${host} as ${who}\n`);
    ctx.out(fields([
      ['Key', me.apiKey ? `${me.apiKey.name} (${me.apiKey.prefix}…)` : 'operator key'],
      ['Scopes', me.scopes.join(', ')],
      ['Saved in', `${path} (mode 600)`],
    ], '  '));
  },
};

export const logout: CommandSpec = {
  path: ['logout'],
  summary: 'Forget the stored key for a server',
  async run(ctx) {
    const { config } = loadConfig(ctx.env);
    const host = serverKey(ctx.url);
    const had = Boolean(config.hosts[host]);
    delete config.hosts[host];
    if (config.current === host) delete config.current;
    if (had) saveConfig(ctx.env, config);
    if (ctx.json) ctx.printJson({ url: host, loggedOut: had });
    else ctx.out(had ? `${ctx.style.green('✓')} Logged out of ${host}\n` : `Not logged in to ${host}\n`);
  },
};

export const whoami: CommandSpec = {
  path: ['whoami'],
  summary: 'Show the server, tenant, key and scopes in use',
  async run(ctx) {
    const me = await ctx.client().me();
    if (ctx.json) {
      ctx.printJson({ url: serverKey(ctx.url), keySource: ctx.keySource, ...me });
      return;
    }
    const source = { flag: '--api-key', env: 'MODELGRAPH_API_KEY', config: 'config file' }[ctx.keySource ?? 'config'];
    ctx.out(fields([
      ['Server', serverKey(ctx.url)],
      ['Tenant', me.isOperator ? 'platform operator' : me.tenant ? `${me.tenant.name} (${me.tenant.id})` : '-'],
      ['Key', me.apiKey ? `${me.apiKey.name} (${me.apiKey.prefix}…, from ${source})` : `operator key (from ${source})`],
      ['Scopes', me.scopes.join(', ')],
    ]));
  },
};
