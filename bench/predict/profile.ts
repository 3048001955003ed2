// Summarises a V8 CPU profile (.cpuprofile: Profiler.Profile) by self time: per package and per function.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const SPECIAL = new Set(['(garbage collector)', '(program)', '(idle)', '(root)']);

/** Which package a frame belongs to: an npm package, a workspace package/app, node core, or a V8 pseudo-frame. */
export function packageOf(frame: CallFrame, root: string): string {
  if (SPECIAL.has(frame.functionName) && !frame.url) return frame.functionName;
  const url = frame.url;
  if (!url) return '(native)';
  if (url.startsWith('node:')) return 'node (core)';
  let file = url;
  if (url.startsWith('file://')) {
    try {
      file = fileURLToPath(url);
    } catch {
      file = url;
    }
  }
  const nm = file.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = file.slice(nm + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const rel = path.relative(root, file);
  if (!rel.startsWith('..')) {
    const parts = rel.split(path.sep);
    if (parts[0] === 'packages' && parts[1]) return `@modelgraph/${parts[1]}`;
    if (parts[0] === 'apps' && parts[1]) return `apps/${parts[1]}`;
    return parts[0] ?? rel;
  }
  return file;
}

function where(frame: CallFrame, root: string): string {
  if (!frame.url) return '';
  let file = frame.url;
  if (file.startsWith('file://')) {
    try {
      file = fileURLToPath(file);
    } catch {
      // keep the URL
    }
  }
  const nm = file.lastIndexOf('/node_modules/');
  const shown = nm >= 0 ? file.slice(nm + '/node_modules/'.length) : file.startsWith(root) ? path.relative(root, file) : file;
  return `${shown}:${frame.lineNumber + 1}`;
}

export function summariseCpuProfile(
  profile: CpuProfile,
  opts: { root: string; topFunctions: number; topPackages: number; topInclusive: number; inclusivePackages: string[]; requests?: number },
): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Samples inside the inspector's own calls (starting/stopping this very profile) are the profiler, not the server.
  const profilerNodes = new Set<number>();
  for (const n of profile.nodes) {
    for (let cur: number | undefined = n.id; cur !== undefined; cur = parent.get(cur)) {
      if (byId.get(cur)!.callFrame.url === 'node:inspector') {
        profilerNodes.add(n.id);
        break;
      }
    }
  }
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    if (profilerNodes.has(id)) continue;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
  const idleUs = [...self].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, v]) => a + v, 0);
  const busyUs = totalUs - idleUs;

  const packages = new Map<string, number>();
  const functions = new Map<string, { name: string; pkg: string; where: string; us: number }>();
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    const pkg = packageOf(frame, opts.root);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
    const key = `${frame.functionName}|${frame.url}|${frame.lineNumber}|${frame.columnNumber}`;
    const entry = functions.get(key) ?? { name: frame.functionName || '(anonymous)', pkg, where: where(frame, opts.root), us: 0 };
    entry.us += us;
    functions.set(key, entry);
  }
  // Inclusive time of the platform's own and its GraphQL/HTTP stack's functions (each counted once per sample).
  const inclusive = new Map<string, { name: string; pkg: string; where: string; us: number }>();
  for (const [id, us] of self) {
    if (byId.get(id)?.callFrame.functionName === '(idle)') continue;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)!.callFrame;
      const pkg = packageOf(frame, opts.root);
      if (!opts.inclusivePackages.some((p) => pkg === p || pkg.startsWith(p))) continue;
      const key = `${frame.functionName}|${frame.url}|${frame.lineNumber}|${frame.columnNumber}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = inclusive.get(key) ?? { name: frame.functionName || '(anonymous)', pkg, where: where(frame, opts.root), us: 0 };
      entry.us += us;
      inclusive.set(key, entry);
    }
  }
  const share = (us: number) => `${((us / busyUs) * 100).toFixed(1)}%`;
  const lines: string[] = [];
  lines.push(
    `  profile: ${(totalUs / 1e6).toFixed(1)} s sampled on the gateway's main thread, ${(busyUs / 1e6).toFixed(1)} s busy ` +
      `(${((busyUs / totalUs) * 100).toFixed(0)}%), ${(idleUs / 1e6).toFixed(1)} s idle; shares below are of busy time` +
      (opts.requests ? `; ${(busyUs / opts.requests).toFixed(0)} us busy per request (with the profiler's overhead)` : ''),
  );
  lines.push('');
  lines.push('  self time by package:');
  for (const [pkg, us] of [...packages].sort((a, b) => b[1] - a[1]).slice(0, opts.topPackages)) {
    lines.push(`    ${share(us).padStart(6)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${pkg}`);
  }
  lines.push('');
  lines.push('  top functions by self time:');
  for (const f of [...functions.values()].sort((a, b) => b.us - a.us).slice(0, opts.topFunctions)) {
    lines.push(`    ${share(f.us).padStart(6)}  ${(f.us / 1000).toFixed(0).padStart(7)} ms  ${f.name.padEnd(34)} ${f.pkg.padEnd(24)} ${f.where}`);
  }
  lines.push('');
  lines.push(`  top functions by inclusive time (${opts.inclusivePackages.join(', ')}):`);
  for (const f of [...inclusive.values()].sort((a, b) => b.us - a.us).slice(0, opts.topInclusive)) {
    lines.push(`    ${share(f.us).padStart(6)}  ${(f.us / 1000).toFixed(0).padStart(7)} ms  ${f.name.padEnd(34)} ${f.pkg.padEnd(24)} ${f.where}`);
  }
  return lines;
}
