import Anthropic from '@anthropic-ai/sdk';
import { openRouterMessagesError, startFakeLiteLLM, type FakeLiteLLM } from '../../../scripts/simulators';
import { logEvents, postJson, waitForLog } from '../../helpers/start-gateway';
import { startOpenRouterRig, type OpenRouterRig } from './openrouter-harness';

// Failures on OpenRouter's messages route: what the client gets (Anthropic's
// envelope, the right status, retry-after), retries, a mid-stream error, and the
// core's fallback chain acting on what the route throws.

const ON_MESSAGES = { path: '/api/v1/messages' };
const ASK = { model: 'claude-sonnet-4', max_tokens: 64, messages: [{ role: 'user' as const, content: 'hello' }] };

describe('errors on the messages route', () => {
  let rig: OpenRouterRig;

  beforeAll(async () => {
    rig = await startOpenRouterRig({ OPENROUTER_API: 'messages' });
  });
  afterEach(() => rig.fake.reset());
  afterAll(() => rig.close());

  it('a wrong key is a 401 authentication_error', async () => {
    const wrongKey = await startOpenRouterRig({ OPENROUTER_API: 'messages', OPENROUTER_API_KEY: 'sk-or-v1-wrong' });
    try {
      const answer = await postJson(`${wrongKey.gw.url}/v1/messages`, ASK);
      expect(answer.status).toBe(401);
      expect(answer.json).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: 'User not found.' } });
      expect(answer.text).not.toContain('sk-or-v1-wrong');
      expect(wrongKey.fake.received.at(-1)!.path).toBe('/api/v1/messages');
    } finally {
      await wrongKey.close();
    }
  });

  it('a 429 comes back as rate_limit_error with its retry-after', async () => {
    rig.fake.script({ ...ON_MESSAGES, reply: openRouterMessagesError(429, 'Rate limit exceeded: free-models-per-min', { retryAfter: 7 }) });
    const answer = await postJson(`${rig.gw.url}/v1/messages`, ASK);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('7');
    expect(answer.json).toMatchObject({ type: 'error', error: { type: 'rate_limit_error', message: 'Rate limit exceeded: free-models-per-min' } });
  });

  it('an invalid model is a 400 invalid_request_error with OpenRouter\'s text, and is not retried', async () => {
    const retrying = await startOpenRouterRig({ OPENROUTER_API: 'messages', OPENROUTER_MAX_RETRIES: '2' }, { models: { overrides: { OPENROUTER: { 'claude-nope': 'anthropic/claude-nope' } } } });
    try {
      retrying.fake.script({ ...ON_MESSAGES, reply: openRouterMessagesError(400, 'anthropic/claude-nope is not a valid model ID') });
      const answer = await postJson(`${retrying.gw.url}/v1/messages`, { ...ASK, model: 'claude-nope' });
      expect(answer.status).toBe(400);
      expect(answer.json.error).toMatchObject({ type: 'invalid_request_error', message: 'anthropic/claude-nope is not a valid model ID' });
      expect(retrying.fake.received).toHaveLength(1);
    } finally {
      await retrying.close();
    }
  });

  it('a 5xx before the first byte is retried, then served', async () => {
    const retrying = await startOpenRouterRig({ OPENROUTER_API: 'messages', OPENROUTER_MAX_RETRIES: '2' });
    try {
      retrying.fake.script({ ...ON_MESSAGES, times: 1, reply: openRouterMessagesError(502, 'Provider returned error') });
      retrying.fake.script({ ...ON_MESSAGES, times: 1, reply: openRouterMessagesError(503, 'No allowed providers are available for the selected model.', { retryAfter: 0 }) });
      const message = await retrying.client.messages.create(ASK);
      expect(message.content[0]).toMatchObject({ type: 'text', text: 'You said: hello' });
      expect(retrying.fake.received.map((r) => r.status)).toEqual([502, 503, 200]);
      expect(logEvents(retrying.gw.logs, 'Retrying upstream request')).toHaveLength(2);
    } finally {
      await retrying.close();
    }
  });

  it('a 503 with no retries left stays a 503 overloaded_error, as the route wrote it, which the client retries', async () => {
    rig.fake.script({ ...ON_MESSAGES, reply: openRouterMessagesError(503, 'No allowed providers are available for the selected model.') });
    const answer = await postJson(`${rig.gw.url}/v1/messages`, ASK);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('x-should-retry')).not.toBe('false');
    expect(answer.json).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
  });

  it('a mid-stream error ends the stream with an error event the SDK raises, and is logged', async () => {
    rig.fake.script({ ...ON_MESSAGES, reply: { kind: 'turn', turn: { text: 'a long answer that breaks off' }, midStreamError: { afterEvents: 4, message: 'Provider disconnected' } } });
    const stream = rig.client.messages.stream(ASK);
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    await expect(stream.finalMessage()).rejects.toMatchObject({ error: { type: 'error', error: { type: 'overloaded_error', message: 'Provider disconnected' } } });
    expect(texts.join('')).toBe('a long answer th');
    const line = await waitForLog(rig.gw.logs, 'Request completed', (l) => l.stream === true);
    expect(line).toMatchObject({ status: 200 });
    expect(String(line.stream_error)).toContain('Provider disconnected');
  });

  it('a stream refused before it began is an Anthropic error the SDK raises', async () => {
    rig.fake.script({ ...ON_MESSAGES, reply: openRouterMessagesError(429, 'slow down', { retryAfter: 1 }) });
    const stream = rig.client.messages.stream(ASK);
    const error = await stream.finalMessage().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect((error as InstanceType<typeof Anthropic.RateLimitError>).headers?.get('retry-after')).toBe('1');
  });
});

describe('the messages route in the fallback chain', () => {
  let litellm: FakeLiteLLM;
  let rig: OpenRouterRig;

  beforeAll(async () => {
    litellm = await startFakeLiteLLM();
    rig = await startOpenRouterRig(
      { OPENROUTER_API: 'auto', LITELLM_BASE_URL: litellm.url, LITELLM_MAX_RETRIES: '0' },
      { fallback: ['LITELLM_MESSAGES'], circuitBreaker: { failureThreshold: 2, coolDownMs: 60_000 } },
    );
  });
  afterAll(async () => {
    await rig.close();
    await litellm.close();
  });

  it('falls back when the route fails before the first byte, and the breaker opens after repeated failures', async () => {
    rig.fake.script({ ...ON_MESSAGES, reply: openRouterMessagesError(503, 'No allowed providers are available for the selected model.') });
    for (let i = 0; i < 3; i++) {
      const { data, response } = await rig.client.messages.create(ASK).withResponse();
      expect(data.content[0]).toMatchObject({ type: 'text', text: 'You said: hello' });
      expect(data.model).toBe('claude-sonnet-4');
      expect(response.headers.get('x-gateway-backend')).toBe('LITELLM_MESSAGES');
    }
    // Two failures opened the circuit: the third request skipped OpenRouter.
    expect(rig.fake.received.map((r) => r.path)).toEqual(['/api/v1/messages', '/api/v1/messages']);
    expect(litellm.received.map((r) => r.path)).toEqual(['/v1/messages', '/v1/messages', '/v1/messages']);
    expect(logEvents(rig.gw.logs, 'Skipping backend while its circuit is open')).toHaveLength(1);
  });
});
