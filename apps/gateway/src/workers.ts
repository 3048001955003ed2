// `npm start` supervises training workers as child processes so one command runs the platform.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './config.ts';
import type { Logger } from './logger.ts';

const WORKER_ENTRY = path.join(REPO_ROOT, 'apps', 'worker', 'src', 'main.ts');

export function startWorkers(count: number, opts: { databaseUrl: string; dataDir: string; logger: Logger }) {
  const children = new Set<ChildProcess>();
  let stopping = false;

  const launch = (index: number) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER_ENTRY], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: opts.databaseUrl, MODELGRAPH_DATA_DIR: opts.dataDir, MODELGRAPH_WORKER_NAME: `worker-${index}` },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.add(child);
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (stopping) return;
      // A crashed worker's run is recovered by the lease; start a replacement after a pause.
      opts.logger.warn({ worker: index, code, signal }, 'training worker exited; restarting it');
      setTimeout(() => !stopping && launch(index), 1_000).unref();
    });
  };
  for (let i = 1; i <= count; i += 1) launch(i);

  return {
    async stop() {
      stopping = true;
      await Promise.all(
        [...children].map(
          (child) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
              child.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
