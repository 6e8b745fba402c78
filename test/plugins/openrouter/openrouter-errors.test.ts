import Anthropic, { RateLimitError } from '@anthropic-ai/sdk';
import { openRouterError, sseComment, sseData } from '../../../scripts/simulators';
import { logEvents, postJson } from '../../helpers/start-gateway';
import { startOpenRouterRig, type OpenRouterRig } from './openrouter-harness';

// OpenRouter failing in every way it does, seen through the gateway: the Anthropic
// envelope and statuses, the upstream's words kept, streams ended with an error event.

const ASK = { model: 'claude-sonnet-4', max_tokens: 64, messages: [{ role: 'user' as const, content: 'hello' }] };

function chunk(delta: Record<string, unknown>, finishReason: string | null = null) {
  return sseData({
    id: 'gen-x',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'anthropic/claude-sonnet-4',
    provider: 'Anthropic',
    choices: [{ index: 0, delta, finish_reason: finishReason, native_finish_reason: finishReason }],
  });
}

/** Collects the raw events of a streamed request until it ends or fails. */
async function collectStream(client: Anthropic, params: Anthropic.MessageCreateParamsNonStreaming) {
  const events: Anthropic.RawMessageStreamEvent[] = [];
  const stream = client.messages.stream(params);
  stream.on('streamEvent', (event) => events.push(event));
  const outcome = await stream.finalMessage().then(
    (message) => ({ message, error: undefined }),
    (error: unknown) => ({ message: undefined, error: error as Error }),
  );
  return { events, ...outcome };
}

describe('OPENROUTER: upstream errors', () => {
  let rig: OpenRouterRig;

  beforeAll(async () => {
    rig = await startOpenRouterRig();
  });
  afterEach(() => rig.fake.reset());
  afterAll(() => rig.close());

  it('a mid-stream error chunk (finish_reason "error" at HTTP 200) rejects the SDK stream with the upstream message', async () => {
    rig.fake.script({
      times: 1,
      reply: {
        kind: 'turn',
        turn: { text: 'This answer will be interrupted halfway through by the provider.' },
        midStreamError: { afterEvents: 4, message: 'Provider returned error: upstream connection reset', code: 502 },
      },
    });
    const { events, message, error } = await collectStream(rig.client, ASK);
    expect(message).toBeUndefined();
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error!.message).toContain('Provider returned error: upstream connection reset');
    // Text already streamed reached the client, but no stop reason was made up.
    expect(events.some((e) => e.type === 'content_block_delta')).toBe(true);
    expect(events.some((e) => e.type === 'message_delta' || e.type === 'message_stop')).toBe(false);
  });

  it('a mid-stream error arrives as an `event: error` SSE event, never end_turn', async () => {
    rig.fake.script({
      times: 1,
      reply: { kind: 'turn', turn: { text: 'partial answer, then trouble' }, midStreamError: { afterEvents: 3, message: 'Overloaded', code: 529 } },
    });
    const { status, text } = await postJson(`${rig.gw.url}/v1/messages`, { ...ASK, stream: true });
    expect(status).toBe(200);
    expect(text).toMatch(/event: error\ndata: \{"type":"error","error":\{"type":"overloaded_error","message":"Overloaded"\}\}/);
    expect(text).not.toContain('end_turn');
    expect(text).not.toContain('message_stop');
  });

  it('an upstream that closes without a finish reason ends the stream with an error', async () => {
    rig.fake.script({
      times: 1,
      reply: {
        kind: 'sse',
        pieces: [sseComment('OPENROUTER PROCESSING'), chunk({ role: 'assistant', content: '' }), chunk({ content: 'Half an ans' })],
      },
    });
    const { events, message, error } = await collectStream(rig.client, ASK);
    expect(message).toBeUndefined();
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(events.some((e) => e.type === 'message_stop')).toBe(false);
  });

  it('a stream that reaches [DONE] without any finish reason also ends with an error event', async () => {
    rig.fake.script({
      times: 1,
      reply: { kind: 'sse', pieces: [chunk({ role: 'assistant', content: '' }), chunk({ content: 'Half' }), sseData('[DONE]')] },
    });
    const { status, text } = await postJson(`${rig.gw.url}/v1/messages`, { ...ASK, stream: true });
    // The stream was already committed with a 200: the failure is in-band.
    expect(status).toBe(200);
    expect(text).toContain('"text":"Half"');
    expect(text).toMatch(/event: error\ndata: \{"type":"error"/);
    expect(text).not.toContain('message_stop');
  });

  it('429: status, type, message and retry-after reach the client (OPENROUTER_MAX_RETRIES=0)', async () => {
    rig.fake.script({ times: 1, reply: openRouterError(429, 'Rate limit exceeded: free-models-per-min', { retryAfter: 7 }) });
    const { status, json, headers } = await postJson(`${rig.gw.url}/v1/messages`, ASK);
    expect(status).toBe(429);
    expect(headers.get('retry-after')).toBe('7');
    expect(json).toMatchObject({ type: 'error', error: { type: 'rate_limit_error', message: 'Rate limit exceeded: free-models-per-min' } });
    expect(rig.fake.received).toHaveLength(1);

    rig.fake.script({ times: 1, reply: openRouterError(429, 'Rate limit exceeded', { retryAfter: 3 }) });
    const error = await rig.client.messages.create(ASK).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).headers?.get('retry-after')).toBe('3');
  });

  it('402 (credits) -> 402 billing_error with the message', async () => {
    const words = 'This request requires more credits, or fewer max_tokens. You requested up to 64000 tokens, but can only afford 1200.';
    rig.fake.script({ times: 1, reply: openRouterError(402, words) });
    const { status, json } = await postJson(`${rig.gw.url}/v1/messages`, ASK);
    expect(status).toBe(402);
    expect(json.error).toEqual({ type: 'billing_error', message: words });
  });

  it('403 (moderation) -> permission_error naming the flagged reasons', async () => {
    const moderation = openRouterError(403, 'Input was flagged by moderation', {
      metadata: { reasons: ['harassment', 'violence'], flagged_input: 'x', provider_name: 'OpenAI' },
    });
    rig.fake.script({ times: 1, reply: moderation });
    const { status, json } = await postJson(`${rig.gw.url}/v1/messages`, ASK);
    expect(status).toBe(403);
    expect(json.error.type).toBe('permission_error');
    expect(json.error.message).toContain('Input was flagged by moderation');
    expect(json.error.message).toContain('harassment, violence');

    rig.fake.script({ times: 1, reply: moderation });
    const error = await rig.client.messages.create(ASK).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect((error as Error).message).toContain('harassment, violence');
  });

  it('a context-length error -> 400 invalid_request_error starting "prompt is too long"', async () => {
    const words = "This endpoint's maximum context length is 200000 tokens. However, you requested about 245000 tokens (181000 of text input, 64000 in the output).";
    rig.fake.script({ times: 1, reply: openRouterError(400, words) });
    const { status, json } = await postJson(`${rig.gw.url}/v1/messages`, ASK);
    expect(status).toBe(400);
    expect(json.error.type).toBe('invalid_request_error');
    expect(json.error.message).toMatch(/^prompt is too long/);
    expect(json.error.message).toContain(words);
  });

  it("a provider error in metadata.raw is kept in the message", async () => {
    rig.fake.script({
      times: 1,
      reply: openRouterError(502, 'Provider returned error', {
        metadata: { provider_name: 'Anthropic', raw: JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }) },
      }),
    });
    const { status, json } = await postJson(`${rig.gw.url}/v1/messages`, ASK);
    expect(status).toBe(502);
    expect(json.error.type).toBe('api_error');
    expect(json.error.message).toMatch(/^Provider returned error\b.*Anthropic.*Overloaded/);
  });

  it('401 from OpenRouter -> authentication_error with its message', async () => {
    rig.fake.script({ times: 1, reply: openRouterError(401, 'User not found.') });
    const error = await rig.client.messages.create(ASK).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as Error).message).toContain('User not found.');
  });

  it('client abort before the first byte closes the upstream connection', async () => {
    rig.fake.script({ times: 1, reply: { kind: 'hang' } });
    const controller = new AbortController();
    const pending = rig.client.messages.create(ASK, { signal: controller.signal }).catch((e: unknown) => e);
    await rig.fake.waitFor(() => rig.fake.received.length === 1);
    controller.abort();
    expect(await pending).toBeInstanceOf(Anthropic.APIUserAbortError);
    await rig.fake.waitFor(() => rig.fake.received[0]!.clientAborted);
    expect(rig.fake.received[0]!.completed).toBe(false);
  });

  it('client abort mid-stream closes the upstream connection', async () => {
    rig.fake.script({
      times: 1,
      reply: { kind: 'turn', turn: { text: 'a long streamed answer '.repeat(40) }, gapMs: 20 },
    });
    const controller = new AbortController();
    const stream = await rig.client.messages.create({ ...ASK, stream: true }, { signal: controller.signal });
    const seen: string[] = [];
    let deltas = 0;
    // The SDK's iterator ends quietly when its own signal aborts it.
    for await (const event of stream) {
      seen.push(event.type);
      if (event.type === 'content_block_delta' && ++deltas === 2) controller.abort();
    }
    expect(deltas).toBe(2);
    expect(seen).not.toContain('message_stop');
    await rig.fake.waitFor(() => rig.fake.received[0]!.clientAborted);
    expect(rig.fake.received[0]!.completed).toBe(false);
    const completed = () => logEvents(rig.gw.logs, 'Request completed').at(-1);
    await rig.fake.waitFor(() => completed()?.client_gone === true);
  });
});

describe('OPENROUTER: timeouts and retries', () => {
  it('OPENROUTER_TIMEOUT bounds the wait for headers: a hanging upstream is a 504 and its connection is closed', async () => {
    const rig = await startOpenRouterRig({ OPENROUTER_TIMEOUT: '0.3' });
    try {
      rig.fake.script({ times: 1, reply: { kind: 'hang' } });
      const { status, json } = await postJson(`${rig.gw.url}/v1/messages`, ASK);
      expect(status).toBe(504);
      expect(json.error.type).toBe('api_error');
      expect(json.error.message).toMatch(/OpenRouter/);
      await rig.fake.waitFor(() => rig.fake.received[0]!.clientAborted);
    } finally {
      await rig.close();
    }
  });

  it('retries a 429 and a 503 before the first byte when retries are on, then answers', async () => {
    const rig = await startOpenRouterRig({ OPENROUTER_MAX_RETRIES: '2' });
    try {
      rig.fake.script({ times: 1, reply: openRouterError(429, 'Rate limit exceeded', { retryAfter: 0 }) });
      rig.fake.script({ times: 1, reply: openRouterError(503, 'No available provider', { retryAfter: 0 }) });
      const message = await rig.client.messages.create(ASK);
      expect(message.content[0]).toMatchObject({ text: 'You said: hello' });
      expect(rig.fake.received.map((r) => r.status)).toEqual([429, 503, 200]);
      // OpenRouter's 503 (no provider available) is Anthropic's 529 overloaded on our side.
      expect(logEvents(rig.gw.logs, 'Retrying upstream request').map((l) => l.status)).toEqual([429, 529]);
    } finally {
      await rig.close();
    }
  });

  it('a retried large request sends its whole translated body again (a one-shot body is made per attempt)', async () => {
    const rig = await startOpenRouterRig({ OPENROUTER_MAX_RETRIES: '2' });
    try {
      rig.fake.script({ times: 1, reply: openRouterError(429, 'Rate limit exceeded', { retryAfter: 0 }) });
      const long = '     1→const x = 1;\n'.repeat(5000);
      const message = await rig.client.messages.create({ ...ASK, messages: [{ role: 'user', content: long }] });
      expect(message.content[0]).toMatchObject({ type: 'text' });
      expect(rig.fake.received.map((r) => r.status)).toEqual([429, 200]);
      for (const attempt of rig.fake.received) {
        expect(Buffer.byteLength(attempt.body)).toBeGreaterThan(64 * 1024);
        expect(attempt.headers['content-length']).toBe(String(Buffer.byteLength(attempt.body)));
        expect(attempt.json.messages.at(-1).content).toBe(long);
      }
    } finally {
      await rig.close();
    }
  });

  it('never retries once the stream has begun', async () => {
    const rig = await startOpenRouterRig({ OPENROUTER_MAX_RETRIES: '2' });
    try {
      rig.fake.script({
        times: 1,
        reply: { kind: 'turn', turn: { text: 'started fine then broke' }, midStreamError: { afterEvents: 3, message: 'Provider disconnected', code: 502 } },
      });
      const { error } = await collectStream(rig.client, ASK);
      expect(error!.message).toContain('Provider disconnected');
      expect(rig.fake.received).toHaveLength(1);
    } finally {
      await rig.close();
    }
  });
});
