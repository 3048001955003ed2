// Which server and key a command uses: flag > environment > config file > default.
import { endpoints } from '@modelgraph/sdk';
import type { Config, Env } from './config.ts';
import { UsageError } from './framework.ts';

export const DEFAULT_URL = 'http://localhost:4000';

/** The server's base URL, the key under which its API key is stored. */
export function serverKey(url: string): string {
  try {
    return endpoints(url).base;
  } catch (error) {
    throw new UsageError(`--url: ${(error as Error).message}`);
  }
}

export function resolveServer(
  flags: { url?: string | undefined; apiKey?: string | undefined },
  env: Env,
  config: Config,
): { url: string; apiKey: string | undefined; keySource: 'flag' | 'env' | 'config' | undefined } {
  const url = serverKey(flags.url ?? env.MODELGRAPH_URL ?? config.current ?? DEFAULT_URL);
  if (flags.apiKey) return { url, apiKey: flags.apiKey, keySource: 'flag' };
  if (env.MODELGRAPH_API_KEY) return { url, apiKey: env.MODELGRAPH_API_KEY, keySource: 'env' };
  const stored = config.hosts[url]?.apiKey;
  return { url, apiKey: stored, keySource: stored ? 'config' : undefined };
}
