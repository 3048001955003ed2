#!/usr/bin/env node
// `npx modelgraph` inside the repository: runs the TypeScript sources in-process through tsx's
// loader, resolved from this file (not the working directory), so it works from any folder.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
