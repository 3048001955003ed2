// `npm run bench` runs every bench below; `npm run bench -- ingest` runs the named ones.
// Each bench runs in its own child process (node + tsx), so memory figures are per bench.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Benches in this folder: `<name>.ts`, run in this order. */
export const BENCHES = ['ingest', 'train', 'predict', 'load'] as const;

async function main() {
  const requested = process.argv.slice(2).filter((arg) => arg !== '--');
  const unknown = requested.filter((name) => !(BENCHES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    console.error(`unknown bench ${unknown.join(', ')}; available: ${BENCHES.join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const selected = requested.length > 0 ? requested : [...BENCHES];
  const here = path.dirname(fileURLToPath(import.meta.url));
  const tsx = import.meta.resolve('tsx');
  const failed: string[] = [];
  for (const name of selected) {
    console.log(`\n=== bench/${name} ===`);
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', tsx, path.join(here, `${name}.ts`)], { stdio: 'inherit' });
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (code === 0) {
      console.log(`=== bench/${name}: done in ${seconds} s ===`);
    } else {
      console.log(`=== bench/${name}: FAILED (exit code ${code}${signal ? `, signal ${signal}` : ''}) after ${seconds} s ===`);
      failed.push(name);
    }
  }
  if (failed.length > 0) process.exitCode = 1;
}

await main();
