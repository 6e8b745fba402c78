// An upstream 429 with `retry-after: 1` on the first turn: retried by the
// gateway when it may retry, and by the CLI itself when the gateway may not
// (the 429 and its retry-after must then reach the CLI intact).

import { conversationOf, type ReceivedRequest } from '../../scripts/simulators';
import { e2eBackend, type E2eBackend } from './e2e-backends';
import { explainFailure } from './explain-failure';
import { recordAgentTurns } from './record-agent-turns';
import { describeRun, runClaude, type ClaudeRun } from './run-claude-cli';
import { isConversation, startE2eStack, type E2eStack } from './start-e2e-stack';

const SECRET = 'The secret word is TAMARIND-429.';
const RATE_LIMIT_MESSAGE = 'Rate limit exceeded: slow down (simulated)';

interface RateLimitedRun {
  stack: E2eStack;
  run: ClaudeRun;
  /** The first-turn requests, in arrival order: the one answered 429, then its retries. */
  firstTurn: ReceivedRequest[];
  context(): string;
}

async function runThroughRateLimit(backend: E2eBackend, gatewayEnv: Record<string, string>): Promise<RateLimitedRun> {
  const stack = await startE2eStack(backend, gatewayEnv);
  const isFirstTurn = (req: ReceivedRequest) => isConversation(req) && conversationOf(req).toolResults.length === 0;
  stack.upstream.script({
    name: '429 on the first turn',
    when: isFirstTurn,
    times: 1,
    reply: { kind: 'failure', status: 429, message: RATE_LIMIT_MESSAGE, headers: { 'retry-after': '1' } },
  });
  recordAgentTurns(stack.upstream, 'toolu_e2e_429');
  const run = await runClaude({
    baseUrl: stack.url,
    prompt: 'read the file secret.txt and tell me the secret word',
    args: ['--allowedTools', 'Read', '--output-format', 'json'],
    files: { 'secret.txt': `${SECRET}\n` },
  });
  return { stack, run, firstTurn: stack.upstream.received.filter(isFirstTurn), context: () => `${describeRun(run)}\n${stack.describeGateway()}` };
}

function expectRetriedAfterOneSecond(outcome: RateLimitedRun): void {
  const [limited, retry] = outcome.firstTurn;
  expect(outcome.firstTurn.length).toBeGreaterThanOrEqual(2);
  expect(limited!.status).toBe(429);
  expect(retry!.status).toBe(200);
  expect(retry!.json).toEqual(limited!.json);
  expect(retry!.at - limited!.at).toBeGreaterThanOrEqual(950);
  expect(outcome.run.exitCode).toBe(0);
  expect(outcome.run.json).toMatchObject({ is_error: false });
  expect(outcome.run.json?.result).toContain(SECRET);
}

describe('an upstream 429 with retry-after: 1', () => {
  let outcome: RateLimitedRun | undefined;

  afterEach(async () => {
    await outcome?.stack.close();
    outcome = undefined;
  });

  it('is retried by the gateway after the second it asks for (OPENROUTER); the CLI never sees it', async () => {
    const done = (outcome = await runThroughRateLimit(e2eBackend('OPENROUTER'), {}));
    explainFailure(done.context, () => {
      expectRetriedAfterOneSecond(done);
      expect(done.stack.logs('Retrying upstream request')).toHaveLength(1);
      for (const line of done.stack.logs('Request completed')) expect(line.status).toBe(200);
    });
  });

  it.each(['LITELLM_MESSAGES', 'AZURE_DATABRICKS (DATABRICKS_API=invocations)'])(
    'reaches the CLI as a 429 with its retry-after when the gateway does not retry (%s), and the CLI retries through it',
    async (label) => {
      const backend = e2eBackend(label);
      const done = (outcome = await runThroughRateLimit(backend, { [backend.maxRetriesSetting]: '0' }));
      explainFailure(done.context, () => {
        expectRetriedAfterOneSecond(done);
        expect(done.stack.logs('Retrying upstream request')).toHaveLength(0);
        const statuses = done.stack.logs('Request completed').map((line) => line.status);
        expect(statuses[0]).toBe(429);
        expect(statuses.slice(1)).toEqual(statuses.slice(1).map(() => 200));
      });
    },
  );
});
