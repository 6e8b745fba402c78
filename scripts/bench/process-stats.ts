// Peak memory and CPU use of another process, read from /proc while a cell runs.

import { readFileSync } from 'node:fs';

export interface ProcessStats {
  /** Highest VmRSS seen by sampling every `intervalMs`. */
  peakRssMb: number;
  /**
   * The file-backed part of that sample (RssFile): pages of the node binary and
   * its libraries, shared with every other node process. The rest is the
   * process's own memory (heap, buffers, stacks).
   */
  peakRssFileMb: number;
  /** CPU time over wall time while sampling (100 = one full core). */
  cpuPercent: number;
  wallSeconds: number;
}

export interface StatsSampler {
  stop(): ProcessStats;
}

const CLOCK_TICKS_PER_SECOND = 100;

export function sampleProcess(pid: number, intervalMs = 100): StatsSampler {
  let peak = readRss(pid);
  const sample = () => {
    const now = readRss(pid);
    if (now.totalKb > peak.totalKb) peak = now;
  };
  const startedAt = performance.now();
  const startTicks = readCpuTicks(pid);
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const seconds = (performance.now() - startedAt) / 1000;
      const cpuSeconds = (readCpuTicks(pid) - startTicks) / CLOCK_TICKS_PER_SECOND;
      return {
        peakRssMb: peak.totalKb / 1024,
        peakRssFileMb: peak.fileKb / 1024,
        cpuPercent: seconds > 0 ? (100 * cpuSeconds) / seconds : 0,
        wallSeconds: seconds,
      };
    },
  };
}

export function currentRssMb(pid: number): number {
  return readRss(pid).totalKb / 1024;
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
