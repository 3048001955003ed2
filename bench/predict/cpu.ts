// CPU accounting from /proc (Linux): a process tree's CPU (all threads, all descendants — for the platform that
// includes its embedded Postgres), this process's, and the whole machine's, so a measurement can say how much CPU
// the server used and how much went to processes outside the bench. Returns nulls where /proc is unavailable.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

const TICKS_PER_SECOND = 100; // USER_HZ; 100 on every mainstream Linux

interface Snapshot {
  at: number;
  tree: Map<number, number>;
  self: number;
  machineBusy: number;
  machineTotal: number;
}

function statOf(pid: number | 'self'): { ppid: number; ticks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] = state (field 3), so field n is fields[n - 3]
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

function treeTicks(root: number): Map<number, number> {
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = statOf(Number(name));
    if (!stat) continue;
    ticks.set(Number(name), stat.ticks);
    const list = children.get(stat.ppid) ?? [];
    list.push(Number(name));
    children.set(stat.ppid, list);
  }
  const out = new Map<number, number>();
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (!ticks.has(pid)) continue;
    out.set(pid, ticks.get(pid)!);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

function machine(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest is already inside user)
  const busy = v[0]! + v[1]! + v[2]! + v[5]! + v[6]! + v[7]!;
  return { busy, total: busy + v[3]! + v[4]! };
}

export function cpuSnapshot(serverPid: number | undefined): Snapshot | null {
  try {
    const m = machine();
    return { at: performance.now(), tree: serverPid ? treeTicks(serverPid) : new Map(), self: statOf('self')!.ticks, machineBusy: m.busy, machineTotal: m.total };
  } catch {
    return null;
  }
}

export interface CpuShares {
  /** CPU of the server's process tree, in cores (1.0 = one core busy for the whole window). */
  server: number;
  /** CPU of this process (the load generator). */
  loadgen: number;
  /** Everything else on the machine. */
  others: number;
  /** Cores on the machine. */
  cores: number;
}

export function cpuShares(a: Snapshot | null, b: Snapshot | null): CpuShares | null {
  if (!a || !b) return null;
  const seconds = (b.at - a.at) / 1000;
  let server = 0;
  for (const [pid, ticks] of b.tree) server += ticks - (a.tree.get(pid) ?? 0);
  const loadgen = b.self - a.self;
  const cores = os.cpus().length;
  // The machine's jiffies advance by `cores` per tick; express its busy time in cores too.
  const busyCores = ((b.machineBusy - a.machineBusy) / Math.max(1, b.machineTotal - a.machineTotal)) * cores;
  const toCores = (ticks: number) => ticks / TICKS_PER_SECOND / seconds;
  return { server: toCores(server), loadgen: toCores(loadgen), others: Math.max(0, busyCores - toCores(server) - toCores(loadgen)), cores };
}
