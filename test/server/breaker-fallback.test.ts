import { openRouterError, startFakeLiteLLM, type FakeLiteLLM } from '../../scripts/simulators';
import { logEvents, postJson } from '../helpers/start-gateway';
import { startOpenRouterRig, type OpenRouterRig } from '../plugins/openrouter/openrouter-harness';

// OPENROUTER with LITELLM_OPENROUTER as its fallback: the breaker only decides
// whether a request skips ahead to the fallback.

const ASK = { model: 'claude-sonnet-4', max_tokens: 32, messages: [{ role: 'user', content: 'hello' }] };

describe('circuit breaker with a fallback', () => {
  let litellm: FakeLiteLLM;
  let rig: OpenRouterRig;

  beforeEach(async () => {
    litellm = await startFakeLiteLLM();
    rig = await startOpenRouterRig(
      { LITELLM_BASE_URL: litellm.url, LITELLM_MAX_RETRIES: '0' },
      { fallback: ['LITELLM_OPENROUTER'], circuitBreaker: { failureThreshold: 2, coolDownMs: 60_000 } },
    );
  });
  afterEach(async () => {
    await rig.close();
    await litellm.close();
  });

  const ask = () => postJson(`${rig.gw.url}/v1/messages`, ASK);
  const circuit = async (id: string) => ((await (await fetch(`${rig.gw.url}/health`)).json()) as any).backends[id].circuit;

  it('never opens on 429s: OpenRouter is still asked first afterwards', async () => {
    rig.fake.script({ times: 6, reply: openRouterError(429, 'Rate limit exceeded') });
    for (let i = 0; i < 6; i++) {
      const answer = await ask();
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-gateway-backend')).toBe('LITELLM_OPENROUTER');
    }
    expect(await circuit('OPENROUTER')).toMatchObject({ state: 'closed', consecutiveFailures: 0, lastError: null });

    const answer = await ask();
    expect(answer.headers.get('x-gateway-backend')).toBe('OPENROUTER');
    expect(rig.fake.received).toHaveLength(7);
    expect(logEvents(rig.gw.logs, 'Skipping backend while its circuit is open')).toHaveLength(0);
  });

  it('an open breaker skips straight to the fallback', async () => {
    rig.fake.script({ reply: openRouterError(500, 'Internal Server Error') });
    for (let i = 0; i < 4; i++) {
      const answer = await ask();
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-gateway-backend')).toBe('LITELLM_OPENROUTER');
    }
    expect(rig.fake.received).toHaveLength(2);
    expect(litellm.received).toHaveLength(4);
    expect(await circuit('OPENROUTER')).toMatchObject({ state: 'open', lastError: 'http_500' });
    expect(logEvents(rig.gw.logs, 'Skipping backend while its circuit is open')).toHaveLength(2);
  });

  it('with every breaker open there is nothing better to skip to: the request is tried, and served once the upstream is back', async () => {
    rig.fake.script({ times: 2, reply: openRouterError(500, 'Internal Server Error') });
    litellm.script({ times: 2, reply: { kind: 'failure', status: 500, message: 'LiteLLM is down' } });
    for (let i = 0; i < 2; i++) expect((await ask()).status).toBe(500);
    expect(await circuit('OPENROUTER')).toMatchObject({ state: 'open' });
    expect(await circuit('LITELLM_OPENROUTER')).toMatchObject({ state: 'open' });

    const answer = await ask();
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-gateway-backend')).toBe('OPENROUTER');
    expect(answer.headers.get('retry-after')).toBeNull();
    expect(await circuit('OPENROUTER')).toMatchObject({ state: 'closed' });
  });
});
