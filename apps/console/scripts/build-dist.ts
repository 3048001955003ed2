// `npm run build -w @modelgraph/console`: the same build the gateway runs on demand (Vite's build()
// in a child process, then swapped into dist/ with a stamp of the sources, so the gateway does not
// rebuild an up-to-date dist at start).
import { buildConsole } from '../serve.ts';

await buildConsole();
