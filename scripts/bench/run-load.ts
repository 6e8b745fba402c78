// One benchmark cell: every target warmed up, then loaded with autocannon in
// interleaved one-second slices (A, B, A, B, ...), so that other work on the
// machine hits the baseline and the gateway alike, while the target process's
// memory and CPU are sampled. The targets share one core, and only the one
// being loaded runs: the others are stopped (SIGSTOP), or their deferred work
// (closing the last slice's sockets, a collection once they go idle: 30 to
// 100 ms of CPU in the second after a slice, measured on the 100 KB body)
// would land in its slice. Resumed, each pays for its own in its next slice.
// A target is its process and its children (a gateway's cluster workers):
// all are stopped and resumed together, and all their CPU is the target's.

import autocannon from 'autocannon';
import { processTree, sampleProcess } from './process-stats';

export interface HttpCall {
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface LoadTarget {
  call: HttpCall;
  pid: number;
}

export interface LoadOptions {
  connections: number;
  /** Measured seconds per target, in slices of `sliceSeconds`. */
  durationSeconds: number;
  sliceSeconds: number;
  warmupSeconds: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  /** Each measured slice's own rate, in the order run: slice i of every target ran in the same round. */
  sliceRequestsPerSecond: number[];
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx answers, socket errors and timeouts during the measured part. */
  failures: number;
  peakRssMb: number;
  /** The file-backed part of RSS at that peak (see ProcessStats). */
  peakRssFileMb: number;
  /** CPU time over wall time while loaded (100 = one full core). */
  cpuPercent: number;
  /** CPU milliseconds the target spent per answered request. */
  cpuMsPerRequest: number;
}

interface Slice {
  ok: number;
  failures: number;
  seconds: number;
  latencies: number[];
}

function fire(call: HttpCall, connections: number, seconds: number): Promise<Slice> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(
      { url: call.url, method: 'POST', headers: call.headers, body: call.body, connections, duration: seconds, timeout: 10 },
      (error, result) => {
        if (error) return reject(error);
        // Nothing answered at all: the target is gone or refusing connections.
        if (result['2xx'] === 0 && result.errors > 0) return reject(new Error(`${result.errors} connection errors, no answer from ${call.url}`));
        resolve({ ok: result['2xx'], failures: result.non2xx + result.errors + result.timeouts, seconds: result.duration, latencies });
      },
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
}

/** One result per target, or the error that stopped it. */
export async function runInterleaved(targets: LoadTarget[], options: LoadOptions): Promise<Array<LoadResult | Error>> {
  const totals = targets.map(() => ({
    ok: 0,
    failures: 0,
    seconds: 0,
    sliceRates: [] as number[],
    latencies: [] as number[],
    peakRssMb: 0,
    peakRssFileMb: 0,
    cpuSeconds: 0,
    wallSeconds: 0,
    error: undefined as Error | undefined,
  }));
  const run = async (index: number, seconds: number, measured: boolean) => {
    const total = totals[index]!;
    if (total.error) return;
    const { pid, call } = targets[index]!;
    signal(pid, 'SIGCONT');
    const sampler = sampleProcess(pid);
    try {
      const slice = await fire(call, options.connections, seconds);
      const stats = sampler.stop();
      if (!measured) return;
      total.ok += slice.ok;
      total.failures += slice.failures;
      total.seconds += slice.seconds;
      total.sliceRates.push(slice.seconds > 0 ? slice.ok / slice.seconds : 0);
      for (const ms of slice.latencies) total.latencies.push(ms);
      if (stats.peakRssMb > total.peakRssMb) {
        total.peakRssMb = stats.peakRssMb;
        total.peakRssFileMb = stats.peakRssFileMb;
      }
      total.cpuSeconds += (stats.cpuPercent / 100) * stats.wallSeconds;
      total.wallSeconds += stats.wallSeconds;
    } catch (error) {
      sampler.stop();
      total.error = error instanceof Error ? error : new Error(String(error));
    } finally {
      if (targets.length > 1) signal(pid, 'SIGSTOP');
    }
  };

  try {
    if (targets.length > 1) for (const { pid } of targets) signal(pid, 'SIGSTOP');
    if (options.warmupSeconds > 0) for (const index of targets.keys()) await run(index, options.warmupSeconds, false);
    const slices = Math.max(1, Math.round(options.durationSeconds / options.sliceSeconds));
    for (let round = 0; round < slices; round++) {
      for (const index of targets.keys()) await run(index, options.durationSeconds / slices, true);
    }
  } finally {
    for (const { pid } of targets) signal(pid, 'SIGCONT');
  }

  return totals.map((total) => {
    if (total.error) return total.error;
    const sorted = total.latencies.sort((a, b) => a - b);
    return {
      requestsPerSecond: total.seconds > 0 ? total.ok / total.seconds : 0,
      sliceRequestsPerSecond: total.sliceRates,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      failures: total.failures,
      peakRssMb: total.peakRssMb,
      peakRssFileMb: total.peakRssFileMb,
      cpuPercent: total.wallSeconds > 0 ? (100 * total.cpuSeconds) / total.wallSeconds : 0,
      cpuMsPerRequest: total.ok > 0 ? (1000 * total.cpuSeconds) / total.ok : 0,
    };
  });
}

/** A target that died has its failure recorded by its slice; signalling it is then moot. */
function signal(pid: number, name: 'SIGSTOP' | 'SIGCONT'): void {
  for (const member of processTree(pid)) {
    try {
      process.kill(member, name);
    } catch {
      // gone already
    }
  }
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}
