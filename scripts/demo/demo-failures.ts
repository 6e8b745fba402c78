// `npm run demo -- --fail 429[:N]|midstream[:N]`: the simulated upstreams answer
// the first N model calls with a failure, then answer normally, so a client's
// retry can be watched without keys. `429` is a rate-limit refusal with
// Retry-After: 1 in the upstream's own error form; `midstream` begins a streamed
// answer and breaks it with the upstream's own error event (non-streamed calls
// are answered and not counted). Retries in the gateway are turned off, or it
// would absorb the failure before the client saw it.

import { conversationOf, defaultAgentTurn, type AllSimulators, type ReceivedRequest, type Reply } from '../simulators';

export interface DemoFailure {
  mode: '429' | 'midstream';
  /** How many model calls fail before the model answers. */
  times: number;
}

export const FAIL_USAGE = '429[:N]|midstream[:N]';

export function parseDemoFailure(value: string): DemoFailure {
  const found = /^(429|midstream)(?::([1-9]\d{0,5}))?$/.exec(value);
  if (!found) throw new Error(`Invalid --fail value: ${value}. Must be 429[:N] or midstream[:N] (N answers fail, default 1)`);
  return { mode: found[1] as DemoFailure['mode'], times: found[2] === undefined ? 1 : Number(found[2]) };
}

/** Gateway settings for a failing demo: no retries of its own, so the client sees each failure. */
export function demoFailureEnv(failure: DemoFailure | undefined): Record<string, string> {
  if (!failure) return {};
  return { OPENROUTER_MAX_RETRIES: '0', LITELLM_MAX_RETRIES: '0', DATABRICKS_MAX_RETRIES: '0' };
}

const RETRY_AFTER_SECONDS = '1';

export function scriptDemoFailures(simulators: AllSimulators, failure: DemoFailure): void {
  const isModelCall = (req: ReceivedRequest) =>
    req.method === 'POST' && !req.path.endsWith('/count_tokens') && (failure.mode === '429' || conversationOf(req).stream);
  const reply = (req: ReceivedRequest): Reply =>
    failure.mode === '429'
      ? { kind: 'failure', status: 429, message: 'Simulated rate limit (npm run demo -- --fail 429)', headers: { 'retry-after': RETRY_AFTER_SECONDS } }
      : {
          kind: 'turn',
          turn: defaultAgentTurn(conversationOf(req)),
          // After the upstream's first two events: the client has seen the answer begin.
          midStreamError: { afterEvents: 2, message: 'Simulated failure in the middle of the answer (npm run demo -- --fail midstream)' },
        };
  // One budget across the three upstreams: whichever backend the demo runs, the first N calls fail.
  let failed = 0;
  for (const simulator of [simulators.openrouter, simulators.litellm, simulators.databricks]) {
    simulator.script({ name: `demo --fail ${failure.mode}`, when: (req) => isModelCall(req) && failed < failure.times, reply: (req) => (failed++, reply(req)) });
  }
}
