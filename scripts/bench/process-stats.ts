// Peak memory and CPU use of another process and its children (a gateway's
// cluster workers), read from /proc while a cell runs.

import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessStats {
  /** Highest VmRSS (summed over the process and its children) seen by sampling every `intervalMs`. */
  peakRssMb: number;
  /**
   * The file-backed part of that sample (RssFile): pages of the node binary and
   * its libraries, shared with every other node process. The rest is the
   * process's own memory (heap, buffers, stacks).
   */
  peakRssFileMb: number;
  /** CPU time of the process and its children over wall time while sampling (100 = one full core). */
  cpuPercent: number;
  wallSeconds: number;
}

export interface StatsSampler {
  stop(): ProcessStats;
}

const CLOCK_TICKS_PER_SECOND = 100;

export function sampleProcess(pid: number, intervalMs = 100): StatsSampler {
  // Taken once: a cell does not start processes, and a scan of /proc per sample would cost the load side.
  const tree = processTree(pid);
  const readTreeRss = () => tree.map(readRss).reduce((sum, rss) => ({ totalKb: sum.totalKb + rss.totalKb, fileKb: sum.fileKb + rss.fileKb }));
  let peak = readTreeRss();
  const sample = () => {
    const now = readTreeRss();
    if (now.totalKb > peak.totalKb) peak = now;
  };
  const startedAt = performance.now();
  const startTicks = tree.map(readCpuTicks);
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const seconds = (performance.now() - startedAt) / 1000;
      // A process that ended meanwhile reads 0: it adds nothing rather than subtracting its past.
      const ticks = tree.reduce((sum, member, i) => sum + Math.max(0, readCpuTicks(member) - startTicks[i]!), 0);
      const cpuSeconds = ticks / CLOCK_TICKS_PER_SECOND;
      return {
        peakRssMb: peak.totalKb / 1024,
        peakRssFileMb: peak.fileKb / 1024,
        cpuPercent: seconds > 0 ? (100 * cpuSeconds) / seconds : 0,
        wallSeconds: seconds,
      };
    },
  };
}

/** VmRSS of the process and its children. */
export function currentRssMb(pid: number): number {
  return processTree(pid).reduce((sum, member) => sum + readRss(member).totalKb, 0) / 1024;
}

/** The process and all its descendants (a cluster's workers), from the parent pids in /proc. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = readParent(Number(entry));
    if (parent === undefined) continue;
    const siblings = children.get(parent);
    if (siblings) siblings.push(Number(entry));
    else children.set(parent, [Number(entry)]);
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

/** Field 4 of /proc/<pid>/stat (the command name, field 2, may hold spaces and parentheses). */
function readParent(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ', 2)[1]);
  } catch {
    return undefined;
  }
}

/** VmRSS and its file-backed part, from one read of /proc/<pid>/status (zeros once the process is gone). */
function readRss(pid: number): { totalKb: number; fileKb: number } {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return { totalKb: 0, fileKb: 0 };
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { totalKb: kb('VmRSS'), fileKb: kb('RssFile') };
}

/** utime + stime (fields 14 and 15 of /proc/<pid>/stat; the command name may hold spaces). */
function readCpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Share of all CPUs busy over `ms`, from /proc/stat: how much other work is running. */
export async function machineBusyPercent(ms = 500): Promise<number> {
  const read = () => {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3]! + (fields[4] ?? 0);
    return { idle, total: fields.reduce((sum, value) => sum + value, 0) };
  };
  const before = read();
  await new Promise((done) => setTimeout(done, ms));
  const after = read();
  const total = after.total - before.total;
  return total > 0 ? (100 * (total - (after.idle - before.idle))) / total : 0;
}
