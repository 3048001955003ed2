// Entry point of `modelgraph` (bin/modelgraph.js loads it through tsx).
import { main } from './cli.ts';

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  onInterrupt(handler) {
    // The first Ctrl-C goes to the command (e.g. `runs watch` stops watching); a second one kills.
    const listener = () => handler();
    process.once('SIGINT', listener);
    return () => process.off('SIGINT', listener);
  },
});
process.exitCode = code;
// Nothing should keep the process alive now; if something does (a socket being torn down), exit anyway.
setTimeout(() => process.exit(code), 2_000).unref();
