import { startGateway, waitForLog, postJson, type TestGateway } from '../helpers/start-gateway';
import { startFakeLiteLLM, startFakeOpenRouter, type FakeLiteLLM, type FakeOpenRouter } from '../../scripts/simulators';

// The client is told which model served it in a header and the log, while the
// answer's `model` keeps the id it asked for (where the gateway writes the answer).
const hello = (model: string, stream = false) => ({ model, max_tokens: 50, stream, messages: [{ role: 'user', content: 'hi' }] });

describe('x-gateway-upstream-model', () => {
  let openrouter: FakeOpenRouter;
  let litellm: FakeLiteLLM;
  beforeAll(async () => {
    openrouter = await startFakeOpenRouter({ apiKey: 'sk-or-test' });
    litellm = await startFakeLiteLLM();
  });
  afterAll(async () => {
    await openrouter.close();
    await litellm.close();
  });

  describe('on a translated backend (LITELLM_OPENROUTER)', () => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startGateway({ PROXY_BACKEND: 'LITELLM_OPENROUTER', OPENROUTER_API_KEY: 'sk-or-test', LITELLM_BASE_URL: litellm.url, LITELLM_MAX_RETRIES: '0' });
    });
    afterAll(() => gw.close());

    it.each([false, true])('names the upstream model, and the answer echoes the requested id (stream: %s)', async (stream) => {
      const answer = await postJson(`${gw.url}/v1/messages`, hello('claude-opus-5-5', stream));
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-gateway-backend')).toBe('LITELLM_OPENROUTER');
      expect(answer.headers.get('x-gateway-upstream-model')).toBe('openrouter/anthropic/claude-opus-5.5');
      if (stream) expect(answer.text).toContain('"model":"claude-opus-5-5"');
      else expect(answer.json.model).toBe('claude-opus-5-5');
      expect(answer.text).not.toContain('openrouter/anthropic');
    });

    it('logs the upstream model and the rule on the Model resolved line', async () => {
      await postJson(`${gw.url}/v1/messages`, hello('claude-opus-4-8'));
      const line = await waitForLog(gw.logs, 'Model resolved', (l) => l.model === 'claude-opus-4-8');
      expect(line).toMatchObject({ backend: 'LITELLM_OPENROUTER', upstream_model: 'openrouter/anthropic/claude-opus-5.5', rule: 'family' });
      expect(String(line.rule_detail)).toContain('opus');
    });
  });

  it('is set on OPENROUTER and on the LITELLM_MESSAGES pass-through', async () => {
    const or = await startGateway({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_KEY: 'sk-or-test', OPENROUTER_API_BASE: openrouter.baseUrl });
    const lm = await startGateway({ PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: litellm.url });
    try {
      const viaOpenRouter = await postJson(`${or.url}/v1/messages`, hello('claude-haiku-5-5'));
      expect(viaOpenRouter.headers.get('x-gateway-upstream-model')).toBe('anthropic/claude-haiku-5.5');
      const viaLiteLlm = await postJson(`${lm.url}/v1/messages`, hello('claude-sonnet-5-5', true));
      expect(viaLiteLlm.status).toBe(200);
      expect(viaLiteLlm.headers.get('x-gateway-upstream-model')).toBe('openrouter/anthropic/claude-sonnet-5.5');
      // The pass-through's message_start says the id the client asked for, as the translated backends do.
      expect(viaLiteLlm.text).toContain('"model":"claude-sonnet-5-5"');
      expect(viaLiteLlm.text).not.toContain('openrouter/anthropic');
      const whole = await postJson(`${lm.url}/v1/messages`, hello('claude-sonnet-5-5'));
      expect(whole.json.model).toBe('claude-sonnet-5-5');
    } finally {
      await or.close();
      await lm.close();
    }
  });

  it('is left off when the model id could not be a header value, and the request still succeeds', async () => {
    const or = await startGateway({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_KEY: 'sk-or-test', OPENROUTER_API_BASE: openrouter.baseUrl });
    try {
      const answer = await postJson(`${or.url}/v1/messages`, hello('vendor/modèle\u2603'));
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-gateway-upstream-model')).toBeNull();
    } finally {
      await or.close();
    }
  });
});

describe('GET /v1/models', () => {
  it.each(['OPENROUTER', 'LITELLM_OPENROUTER', 'LITELLM_MESSAGES', 'AZURE_DATABRICKS'])('lists each %s model once, by its dashed id', async (backend) => {
    const gw = await startGateway({ PROXY_BACKEND: backend });
    try {
      const { data } = (await (await fetch(`${gw.url}/v1/models`)).json()) as { data: Array<{ id: string }> };
      const ids = data.map((m) => m.id);
      expect(ids).toContain('claude-3-7-sonnet');
      expect(ids).not.toContain('claude-3.7-sonnet');
      expect(ids).toEqual(expect.arrayContaining(['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5', 'claude-sonnet-4']));
      const served = ids.map((id) => gw.gateway.registry.active.resolveModel(id).upstreamModel);
      expect(new Set(served).size).toBe(served.length);
    } finally {
      await gw.close();
    }
  });
});
