import type { Simulator } from '../../scripts/simulators';

/** A backend's own simulated upstream, started beside the shared ones, with the gateway settings that reach it. */
export interface OwnUpstream {
  simulator: Simulator;
  env: Record<string, string>;
  close(): Promise<void>;
}
