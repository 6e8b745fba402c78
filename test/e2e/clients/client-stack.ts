// One gateway and its simulated upstream, shared by every client test of a
// backend. The upstream answers as the simulators' default agent, but each turn
// reports its own distinct usage, so a test can tell which count a client shows
// (the upstream's, an estimate, or a neighbour's) and compare it with the
// gateway's `Request completed` line.

import { randomBytes } from 'node:crypto';
import { conversationOf, defaultAgentTurn, type ReceivedRequest, type ScriptedTurn } from '../../../scripts/simulators';
import type { E2eBackend } from '../e2e-backends';
import { explainFailure } from '../explain-failure';
import { isConversation, startE2eStack, type E2eStack, type LogLine } from '../start-e2e-stack';

/** A current id every backend maps (or places in its sonnet family), and one the clients know the capabilities of. */
export const CLIENT_MODEL = 'claude-sonnet-4-5';

export interface TurnUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface AnsweredTurn {
  request: ReceivedRequest;
  turn: ScriptedTurn;
  usage: TurnUsage;
}

/** Where the turns and log lines of one client call begin. */
export interface Mark {
  turns: number;
  completed: number;
}

export interface ClientStack {
  stack: E2eStack;
  url: string;
  /** The inbound gateway key the clients send. */
  apiKey: string;
  mark(): Mark;
  /** The upstream turns answered since `mark`; fails unless there are exactly `count`. */
  turnsSince(mark: Mark, count: number): AnsweredTurn[];
  /** The `Request completed` lines since `mark`, once `count` of them are written (a line follows the response's end). */
  completedSince(mark: Mark, count: number): Promise<LogLine[]>;
  /** The gateway's `count_tokens` answer for the conversation of a messages body, and how it was counted. */
  countTokens(body: Record<string, unknown>): Promise<{ inputTokens: number; countedBy: string | null }>;
  /** Runs assertions with the gateway's log appended to a failure. */
  explain(assertions: () => void): void;
  close(): Promise<void>;
}

export async function startClientStack(backend: E2eBackend): Promise<ClientStack> {
  const apiKey = `e2e-client-${randomBytes(12).toString('hex')}`;
  const stack = await startE2eStack(backend, { GATEWAY_API_KEYS: `e2e-client:${apiKey}` });
  const answered: AnsweredTurn[] = [];
  stack.upstream.script({
    name: 'default agent, distinct usage per turn',
    when: isConversation,
    reply: (request) => {
      const n = answered.length + 1;
      // Far from any estimate of these small prompts, and never the same twice.
      const usage = { inputTokens: 1000 + 37 * n, outputTokens: 200 + 11 * n };
      const turn = { ...defaultAgentTurn(conversationOf(request)), usage };
      answered.push({ request, turn, usage });
      return { kind: 'turn', turn };
    },
  });

  const completed = () => stack.logs('Request completed');
  const explain = (assertions: () => void) => explainFailure(() => stack.describeGateway(), assertions);
  return {
    stack,
    url: stack.url,
    apiKey,
    mark: () => ({ turns: answered.length, completed: completed().length }),
    turnsSince(mark, count) {
      const turns = answered.slice(mark.turns);
      explain(() => expect(turns.map((t) => t.request.path)).toHaveLength(count));
      return turns;
    },
    async completedSince(mark, count) {
      const deadline = Date.now() + 3000;
      while (completed().length < mark.completed + count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      const lines = completed().slice(mark.completed);
      explain(() => expect(lines).toHaveLength(count));
      return lines;
    },
    async countTokens(body) {
      const { model, messages, system, tools, tool_choice } = body;
      const response = await fetch(`${stack.url}/v1/messages/count_tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey, 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model, messages, system, tools, tool_choice }),
      });
      const answer = (await response.json()) as { input_tokens: number };
      explain(() => expect(response.status).toBe(200));
      return { inputTokens: answer.input_tokens, countedBy: response.headers.get('x-gateway-token-count') };
    },
    explain,
    async close() {
      await stack.close();
      explain(() => {
        // The gateway key authenticates the client to the gateway only.
        for (const request of stack.upstream.received) expect(JSON.stringify(request.headers)).not.toContain(apiKey);
      });
    },
  };
}

/** The usage each `Request completed` line logged, in the order the requests ended. */
export function loggedUsage(lines: LogLine[]): TurnUsage[] {
  return lines.map((line) => ({ inputTokens: line.input_tokens as number, outputTokens: line.output_tokens as number }));
}

export function sumUsage(usages: TurnUsage[]): TurnUsage {
  return usages.reduce((sum, usage) => ({ inputTokens: sum.inputTokens + usage.inputTokens, outputTokens: sum.outputTokens + usage.outputTokens }), {
    inputTokens: 0,
    outputTokens: 0,
  });
}
