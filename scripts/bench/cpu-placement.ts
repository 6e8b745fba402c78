// Which CPUs each side runs on. The process under test (bare proxy or gateway)
// gets a core of its own; the load generator and the simulator share the rest.
// Both targets then run under the same conditions, and the load side cannot
// steal the target's core, which on a 2-core box is what makes ratios stable.

import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export interface CpuPlacement {
  /** taskset list for the proxy or gateway under test. */
  target: string;
  /** taskset list for the simulator (and this process, the load generator). */
  load: string;
  describe: string;
}

export function planCpuPlacement(enabled: boolean): CpuPlacement | undefined {
  const cpus = availableParallelism();
  if (!enabled || cpus < 2 || !hasTaskset()) return undefined;
  const last = cpus - 1;
  const load = last === 1 ? '0' : `0-${last - 1}`;
  return { target: String(last), load, describe: `target on CPU ${last}; load generator and simulator on CPU ${load}` };
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
