// The three simulated upstreams and the built gateway as a child process,
// configured for one backend, with the gateway's JSON log lines at hand.

import { gatewayEnvForSimulators, SIMULATOR_CREDENTIALS, type DemoBackend } from '../../scripts/demo/simulated-backends';
import { runGatewayProcess, type GatewayProcess } from '../helpers/run-gateway-process';
import { startAllSimulators, type AllSimulators, type ReceivedRequest, type Simulator } from '../../scripts/simulators';
import type { E2eBackend } from './e2e-backends';

export type LogLine = Record<string, unknown>;

export interface E2eStack {
  backend: E2eBackend;
  simulators: AllSimulators;
  /** The simulator the backend calls. */
  upstream: Simulator;
  /** The simulators the backend must leave alone. */
  others: Simulator[];
  gateway: GatewayProcess;
  url: string;
  logs(event?: string): LogLine[];
  /** The gateway's log and stderr, for assertion messages. */
  describeGateway(): string;
  close(): Promise<void>;
}

export async function startE2eStack(backend: E2eBackend, extraEnv: Record<string, string> = {}): Promise<E2eStack> {
  const simulators = await startAllSimulators({
    openrouterKey: SIMULATOR_CREDENTIALS.openrouterKey,
    databricksToken: SIMULATOR_CREDENTIALS.databricksToken,
  });
  const own = await backend.ownUpstream?.();
  // Every shared simulator stays configured, so a fallback or a stray setting never reaches a real host.
  const shared = gatewayEnvForSimulators(backend.backend as DemoBackend, simulators.urls(), backend.databricksApi);
  const env = { ...shared, ...own?.env, ...backend.gatewayEnv, LOG_LEVEL: 'debug', ...extraEnv };
  const gateway = runGatewayProcess(env);
  let url: string;
  try {
    url = await gateway.listening;
  } catch (error) {
    await simulators.close();
    await own?.close();
    throw error;
  }
  const all: Partial<Record<E2eBackend['upstream'], Simulator>> = { openrouter: simulators.openrouter, litellm: simulators.litellm, databricks: simulators.databricks };
  const logs = (event?: string) =>
    gateway
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine)
      .filter((line) => event === undefined || line.event === event);
  return {
    backend,
    simulators,
    upstream: own?.simulator ?? all[backend.upstream]!,
    others: Object.entries(all).filter(([name]) => name !== backend.upstream).map(([, simulator]) => simulator!),
    gateway,
    url,
    logs,
    describeGateway: () => `--- gateway log\n${gateway.stdout().trim().slice(-6000)}\n--- gateway stderr\n${gateway.stderr().trim() || '(empty)'}`,
    async close() {
      await gateway.stop();
      await simulators.close();
      await own?.close();
    },
  };
}

/** A request that carries a conversation (not count_tokens, models or health). */
export function isConversation(req: ReceivedRequest): boolean {
  return Array.isArray(req.json?.messages) && !req.path.endsWith('/count_tokens') && req.route !== 'count_tokens';
}
