// Which CPUs each side runs on. The process under test (bare proxy or gateway)
// gets a core of its own; the load generator and the simulator share the rest.
// Both targets then run under the same conditions, and the load side cannot
// steal the target's core, which on a 2-core box is what makes ratios stable.
// A gateway of several workers gets a core per worker when the machine has
// them and one more for the load side; otherwise (2 workers on 2 cores) every
// process shares every core, and req/s says more about the machine than about
// the gateway: compare CPU per request.

import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export interface CpuPlacement {
  /** taskset list for the proxy or gateway under test. */
  target: string;
  /** taskset list for the simulator (and this process, the load generator). */
  load: string;
  describe: string;
}

export function planCpuPlacement(enabled: boolean, workers = 1, cpus = availableParallelism()): CpuPlacement | undefined {
  if (!enabled || cpus < 2 || !hasTaskset()) return undefined;
  const last = cpus - 1;
  if (workers > 1) {
    if (cpus > workers) {
      const target = range(cpus - workers, last);
      const load = range(0, cpus - workers - 1);
      return { target, load, describe: `target (the gateway's ${workers} workers, or the bare proxy) on CPUs ${target}; load generator and simulator on CPU ${load}` };
    }
    const all = range(0, last);
    return {
      target: all,
      load: all,
      describe: `the gateway's ${workers} workers, the bare proxy, the load generator and the simulator all share CPUs ${all} (no core to spare for the load side: compare CPU/req, not req/s)`,
    };
  }
  const load = last === 1 ? '0' : `0-${last - 1}`;
  return { target: String(last), load, describe: `target on CPU ${last}; load generator and simulator on CPU ${load}` };
}

function range(first: number, last: number): string {
  return first === last ? String(first) : `${first}-${last}`;
}

/** Moves every thread of this process onto the load CPUs. */
export function pinThisProcess(placement: CpuPlacement): void {
  execFileSync('taskset', ['-a', '-p', '-c', placement.load, String(process.pid)], { stdio: 'ignore' });
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
