import Anthropic from '@anthropic-ai/sdk';
import { openRouterError, startFakeLiteLLM, type FakeLiteLLM } from '../../../scripts/simulators';
import { logEvents, postJson } from '../../helpers/start-gateway';
import { OPENROUTER_KEY, startOpenRouterRig, type OpenRouterRig } from './openrouter-harness';

// OpenRouter failing before the first byte: the core's fallback chain and circuit
// breaker acting on what this plugin throws.

const ASK = { model: 'claude-sonnet-4', max_tokens: 64, messages: [{ role: 'user' as const, content: 'hello' }] };
const NO_PROVIDER = 'No allowed providers are available for the selected model.';

describe('OPENROUTER -> LITELLM_OPENROUTER fallback', () => {
  let litellm: FakeLiteLLM;
  let rig: OpenRouterRig;

  beforeAll(async () => {
    litellm = await startFakeLiteLLM();
    rig = await startOpenRouterRig({ LITELLM_BASE_URL: litellm.url, LITELLM_MAX_RETRIES: '0' }, { fallback: ['LITELLM_OPENROUTER'] });
  });
  afterEach(() => {
    rig.fake.reset();
    litellm.reset();
  });
  afterAll(async () => {
    await rig.close();
    await litellm.close();
  });

  it('serves the request from LiteLLM when OpenRouter answers 503 before the first byte, and says so', async () => {
    rig.fake.script({ times: 1, reply: openRouterError(503, NO_PROVIDER) });
    const { data, response } = await rig.client.messages.create(ASK).withResponse();
    expect(data.content[0]).toMatchObject({ type: 'text', text: 'You said: hello' });
    expect(data.model).toBe('claude-sonnet-4');
    expect(response.headers.get('x-gateway-backend')).toBe('LITELLM_OPENROUTER');

    expect(rig.fake.received.map((r) => r.status)).toEqual([503]);
    const served = litellm.received.at(-1)!;
    expect(served.path).toBe('/v1/chat/completions');
    // Re-resolved with the fallback plugin's own map, and its own credentials.
    expect(served.json.model).toBe('openrouter/anthropic/claude-sonnet-4');
    expect(served.json.api_key).toBe(OPENROUTER_KEY);

    expect(logEvents(rig.gw.logs, 'Falling back to next backend').at(-1)).toMatchObject({
      from: 'OPENROUTER',
      to: 'LITELLM_OPENROUTER',
      reason: NO_PROVIDER,
    });
    expect(logEvents(rig.gw.logs, 'Request completed').at(-1)).toMatchObject({ backend: 'LITELLM_OPENROUTER', status: 200 });
  });

  it('falls back for a streamed request too, and on a dropped connection', async () => {
    rig.fake.script({ times: 1, reply: { kind: 'drop' } });
    const stream = rig.client.messages.stream({ ...ASK, messages: [{ role: 'user', content: 'streamed' }] });
    const message = await stream.finalMessage();
    expect(message.content[0]).toMatchObject({ text: 'You said: streamed' });
    const { response } = await stream.withResponse();
    expect(response.headers.get('x-gateway-backend')).toBe('LITELLM_OPENROUTER');
    expect(litellm.received.at(-1)!.json.stream).toBe(true);
  });

  it('does not fall back on an error that is the request’s own fault (400)', async () => {
    rig.fake.script({ times: 1, reply: openRouterError(400, 'tools.0.function.name: invalid') });
    const { status, json, headers } = await postJson(`${rig.gw.url}/v1/messages`, ASK);
    expect(status).toBe(400);
    expect(json.error.message).toContain('tools.0.function.name: invalid');
    expect(headers.get('x-gateway-backend')).toBe('OPENROUTER');
    expect(litellm.received).toHaveLength(0);
  });

  it('does not fall back once the stream has begun', async () => {
    rig.fake.script({
      times: 1,
      reply: { kind: 'turn', turn: { text: 'partial then broken' }, midStreamError: { afterEvents: 3, message: 'Provider disconnected', code: 502 } },
    });
    const error = await rig.client.messages.stream(ASK).finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as Error).message).toContain('Provider disconnected');
    expect(litellm.received).toHaveLength(0);
  });
});

describe('OPENROUTER circuit breaker', () => {
  const breaker = { circuitBreaker: { failureThreshold: 2, coolDownMs: 200 } };

  async function health(url: string) {
    const response = await fetch(`${url}/health`);
    return { status: response.status, body: (await response.json()) as any };
  }

  it('opens after repeated failures and shows in /health (still 200), yet with no fallback the next request is tried and closes it', async () => {
    const rig = await startOpenRouterRig({}, breaker);
    try {
      rig.fake.script({ times: 2, reply: openRouterError(503, NO_PROVIDER) });
      for (let i = 0; i < 2; i++) expect((await postJson(`${rig.gw.url}/v1/messages`, ASK)).status).toBe(529);

      const open = await health(rig.gw.url);
      expect(open.status).toBe(200);
      expect(open.body.status).toBe('degraded');
      expect(open.body.backends.OPENROUTER.circuit).toMatchObject({ state: 'open', consecutiveFailures: 2, lastError: 'http_529' });

      // Nothing to skip ahead to: OpenRouter is asked, and its answer closes the circuit.
      const message = await rig.client.messages.create(ASK);
      expect(message.content[0]).toMatchObject({ text: 'You said: hello' });
      expect(rig.fake.received).toHaveLength(3);

      const closed = await health(rig.gw.url);
      expect(closed.status).toBe(200);
      expect(closed.body.status).toBe('ok');
      expect(closed.body.backends.OPENROUTER.circuit).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    } finally {
      await rig.close();
    }
  });

  it('with a fallback, an open circuit sends requests straight to LiteLLM', async () => {
    const litellm = await startFakeLiteLLM();
    const rig = await startOpenRouterRig({ LITELLM_BASE_URL: litellm.url }, { ...breaker, fallback: ['LITELLM_OPENROUTER'] });
    try {
      rig.fake.script({ reply: openRouterError(503, NO_PROVIDER) });
      for (let i = 0; i < 3; i++) {
        const { response } = await rig.client.messages.create(ASK).withResponse();
        expect(response.headers.get('x-gateway-backend')).toBe('LITELLM_OPENROUTER');
      }
      // Two failures opened the circuit; the third request skipped OpenRouter.
      expect(rig.fake.received).toHaveLength(2);
      expect(litellm.received).toHaveLength(3);
      expect(logEvents(rig.gw.logs, 'Skipping backend while its circuit is open')).toEqual([expect.objectContaining({ backend: 'OPENROUTER' })]);
    } finally {
      await rig.close();
      await litellm.close();
    }
  });
});
