// The CLI's config file: API keys per server, like `gh auth`. It lives in
// $MODELGRAPH_CONFIG_DIR, else $XDG_CONFIG_HOME/modelgraph, else ~/.config/modelgraph
// (%APPDATA%\modelgraph on Windows), and is written with mode 0600 (its folder 0700).
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface HostConfig {
  apiKey: string;
  tenant?: string | null;
  keyPrefix?: string | null;
  savedAt?: string;
}

export interface Config {
  /** The server used when neither --url nor MODELGRAPH_URL is given. */
  current?: string;
  hosts: Record<string, HostConfig>;
}

export type Env = Record<string, string | undefined>;

export function configDir(env: Env): string {
  if (env.MODELGRAPH_CONFIG_DIR) return path.resolve(env.MODELGRAPH_CONFIG_DIR);
  if (env.XDG_CONFIG_HOME) return path.join(env.XDG_CONFIG_HOME, 'modelgraph');
  if (process.platform === 'win32' && env.APPDATA) return path.join(env.APPDATA, 'modelgraph');
  return path.join(env.HOME || os.homedir(), '.config', 'modelgraph');
}

export function configPath(env: Env): string {
  return path.join(configDir(env), 'config.json');
}

export function loadConfig(env: Env): { config: Config; path: string; warning?: string } {
  const file = configPath(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { config: { hosts: {} }, path: file };
    throw error;
  }
  let config: Config;
  try {
    const parsed = JSON.parse(text) as Partial<Config>;
    config = { ...parsed, hosts: parsed.hosts && typeof parsed.hosts === 'object' ? parsed.hosts : {} };
  } catch {
    return { config: { hosts: {} }, path: file, warning: `ignoring ${file}: it is not valid JSON` };
  }
  let warning: string | undefined;
  if (process.platform !== 'win32') {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) warning = `${file} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${file}`;
  }
  return { config, path: file, ...(warning ? { warning } : {}) };
}

/** Writes atomically (temp file + rename) with mode 0600. */
export function saveConfig(env: Env, config: Config): string {
  const dir = configDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'config.json');
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
  return file;
}
