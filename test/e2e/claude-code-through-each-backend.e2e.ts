// The real Claude Code CLI, through the built gateway, against each backend's
// simulated upstream: a Read tool call and its result, streamed, with thinking
// on (the CLI's default), using the model id the CLI picks by itself.

import { randomBytes } from 'node:crypto';
import { conversationOf, type ScriptedToolCall } from '../../scripts/simulators';
import { E2E_BACKENDS } from './e2e-backends';
import { explainFailure } from './explain-failure';
import { recordAgentTurns, type IssuedTurn } from './record-agent-turns';
import { describeRun, runClaude, type ClaudeRun } from './run-claude-cli';
import { isConversation, startE2eStack, type E2eStack } from './start-e2e-stack';
import { toolExchangeSeen } from './tool-exchange-seen';

/** What the pinned CLI (2.1.331) sends when no --model is given. */
const CLI_DEFAULT_MODEL = 'claude-opus-5-5';
const PROMPT = 'read the file secret.txt and tell me the secret word';

describe.each(E2E_BACKENDS)('Claude Code through $label', (backend) => {
  const secret = `KUMQUAT-${randomBytes(4).toString('hex').toUpperCase()}`;
  let stack: E2eStack;
  let issued: IssuedTurn[];
  let run: ClaudeRun;

  beforeAll(async () => {
    stack = await startE2eStack(backend);
    issued = recordAgentTurns(stack.upstream, `toolu_e2e_${backend.upstream}`);
    run = await runClaude({
      baseUrl: stack.url,
      prompt: PROMPT,
      args: ['--allowedTools', 'Read', '--output-format', 'json'],
      files: { 'secret.txt': `The secret word is ${secret}.\n` },
    });
  }, 90_000);

  afterAll(async () => {
    await stack?.close();
  });

  const context = () => `${describeRun(run)}\n${stack.describeGateway()}`;
  const conversations = () => stack.upstream.received.filter(isConversation);
  const readCall = (): ScriptedToolCall | undefined => issued.flatMap((entry) => entry.turn.toolCalls ?? []).find((call) => call.name === 'Read');

  it('exits 0 and answers with the secret word that the Read tool returned', () => {
    explainFailure(context, () => {
      expect(run.exitCode).toBe(0);
      expect(run.json).toMatchObject({ is_error: false });
      expect(run.json?.result).toContain(secret);
    });
  });

  it(`hands the tool result to the upstream in its own format (${backend.format}), under the id of the call it made`, () => {
    explainFailure(context, () => {
      const call = readCall();
      expect(call).toMatchObject({ name: 'Read', input: { file_path: 'secret.txt' } });
      const seen = conversations().flatMap((req) => toolExchangeSeen(req, backend.format, call!.id!) ?? []);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen[0]).toEqual({ call: { name: 'Read', input: call!.input }, resultText: expect.stringContaining(`The secret word is ${secret}.`) });
      if (backend.format === 'openai') {
        for (const req of conversations()) expect(req.body).not.toContain('"tool_result"');
      }
    });
  });

  it('streams every turn, from the CLI through the gateway to the upstream', () => {
    explainFailure(context, () => {
      const completed = stack.logs('Request completed');
      expect(completed.length).toBeGreaterThanOrEqual(2);
      for (const line of completed) expect(line).toMatchObject({ status: 200, stream: true });
      // Bedrock picks streaming by its path, not a body field.
      expect(conversations().map((req) => req.json.stream ?? req.path.endsWith('/invoke-with-response-stream'))).toEqual(conversations().map(() => true));
    });
  });

  it("passes the CLI's thinking request on to the upstream", () => {
    explainFailure(context, () => {
      expect(conversations().length).toBeGreaterThanOrEqual(2);
      for (const req of conversations()) expect(conversationOf(req).thinkingRequested).toBe(true);
    });
  });

  if (backend.thinkingRoundTrip) {
    it('gives the signed thinking block back to the upstream unchanged on the next turn', () => {
      explainFailure(context, () => {
        const thought = issued.find((entry) => entry.turn.thinking)?.turn.thinking;
        expect(thought?.signature).toEqual(expect.any(String));
        const returned = conversations().flatMap((req) => conversationOf(req).thinking);
        expect(returned).toContainEqual(expect.objectContaining({ text: thought!.text, signature: thought!.signature, valid: true }));
      });
    });
  }

  it(`routes the model id the CLI sends by default (${CLI_DEFAULT_MODEL}) to the upstream model the simulator received`, () => {
    explainFailure(context, () => {
      expect(Object.keys(run.json?.modelUsage ?? {})).toContain(CLI_DEFAULT_MODEL);
      const resolved = stack.logs('Model resolved');
      expect(resolved.length).toBeGreaterThanOrEqual(2);
      for (const line of resolved) {
        expect(line).toMatchObject({ backend: backend.backend, model: CLI_DEFAULT_MODEL, upstream_model: expect.any(String), rule: expect.any(String) });
      }
      const received = new Set(conversations().map((req) => req.params.endpoint ?? req.params.model ?? req.json.model));
      expect(received).toEqual(new Set(resolved.map((line) => line.upstream_model)));
    });
  });

  it('leaves the other simulated upstreams alone', () => {
    for (const other of stack.others) expect(other.received.map((req) => `${other.name} ${req.method} ${req.path}`)).toEqual([]);
  });
});
