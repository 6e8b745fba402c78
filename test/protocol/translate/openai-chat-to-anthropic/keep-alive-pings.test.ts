import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StreamEvent } from '../../../../core/protocol/anthropic/types';
import { parseSseStream } from '../../../../core/protocol/sse/parse-sse-stream';
import { translateChatStream } from '../../../../core/protocol/translate/openai-chat-to-anthropic';
import { writeEventStream } from '../../../../core/server/write-event-stream';
import { assertAnthropicStreamGrammar } from '../../assert-anthropic-stream-grammar';

// Two sources of `ping` meet on the wire: the translator turns each upstream SSE
// comment into one, and the server's writer sends one whenever nothing was
// written for its interval. Each is written as a whole event, so they can only
// sit side by side, never inside another event.

type BodyStep = string | { silenceMs: number };

const content = (text: string) => `data: {"choices":[{"index":0,"delta":{"content":${JSON.stringify(text)}}}]}\n\n`;
const finish = 'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n';
const COMMENT = ': OPENROUTER PROCESSING\n\n';

async function* upstreamBody(steps: BodyStep[]): AsyncGenerator<string> {
  for (const step of steps) {
    if (typeof step === 'string') yield step;
    else await sleep(step.silenceMs);
  }
}

let server: Server;
let url: string;
let next: { steps: BodyStep[]; pingIntervalMs: number };

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    void writeEventStream(res, translateChatStream(upstreamBody(next.steps), { requestedModel: 'claude-x' }), {
      pingIntervalMs: next.pingIntervalMs,
      clientGone: controller.signal,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The client's view: every SSE message, checked to be one whole event whose name matches its payload. */
async function receive(steps: BodyStep[], pingIntervalMs: number): Promise<StreamEvent[]> {
  next = { steps, pingIntervalMs };
  const response = await fetch(url);
  const events: StreamEvent[] = [];
  for await (const items of parseSseStream(response.body as AsyncIterable<Uint8Array>)) for (const item of items) {
    expect(item.kind).toBe('message');
    if (item.kind !== 'message') continue;
    const event = JSON.parse(item.data) as StreamEvent;
    expect(item.event).toBe(event.type);
    events.push(event);
  }
  return events;
}

describe('translator pings and the writer pings together', () => {
  test('each upstream comment becomes exactly one ping when the writer has no reason to ping', async () => {
    const events = await receive([COMMENT, content('Hel'), COMMENT, COMMENT, content('lo'), finish], 60_000);
    const outcome = assertAnthropicStreamGrammar(events);
    expect(outcome.pings).toBe(3);
    expect(outcome.message.content).toEqual([{ type: 'text', text: 'Hello' }]);
  });

  test('with both sources active the stream stays valid: pings sit between whole events, none after the end', async () => {
    const comments = 2;
    const events = await receive([content('a'), COMMENT, { silenceMs: 200 }, COMMENT, content('b'), { silenceMs: 100 }, finish], 20);
    const outcome = assertAnthropicStreamGrammar(events);
    expect(outcome.message.content).toEqual([{ type: 'text', text: 'ab' }]);
    expect(outcome.pings).toBeGreaterThan(comments);
    expect(events.filter((event) => event.type === 'ping').every((event) => Object.keys(event).length === 1)).toBe(true);
  });
});
