// Builds the console with Vite's JavaScript API into the folder given as the first argument
// (default: dist). serve.ts runs this in a child process so the build never blocks the gateway.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(appDir, process.argv[2] ?? 'dist');

await build({
  root: appDir,
  configFile: path.join(appDir, 'vite.config.ts'),
  logLevel: process.env.CONSOLE_BUILD_LOG_LEVEL ?? 'warn',
  build: { outDir, emptyOutDir: true },
});
