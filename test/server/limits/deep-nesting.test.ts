import { startFakeLiteLLM, startFakeOpenRouter, type FakeLiteLLM, type FakeOpenRouter } from '../../../scripts/simulators';
import { postJson, startGateway, type TestGateway } from '../../helpers/start-gateway';

const DEEP = '"__deep__"';

/** `{"a":{"a":...1...}}`, `levels` objects deep, as text (JSON.stringify itself overflows on such values). */
function nested(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

/** The body as JSON text with its `__deep__` placeholder replaced by `levels` of nesting. */
function bodyWith(body: Record<string, unknown>, levels: number): string {
  return JSON.stringify(body).replace(DEEP, nested(levels));
}

const withDeepToolInput = (levels: number, extra: Record<string, unknown> = {}) => bodyWith({
  model: 'claude-sonnet-4',
  max_tokens: 16,
  messages: [
    { role: 'user', content: 'go' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: '__deep__' }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'done' }] },
  ],
  ...extra,
}, levels);

const withDeepSchema = (levels: number, prompt = 'go') => bodyWith({
  model: 'claude-sonnet-4',
  max_tokens: 16,
  tools: [{ name: 'Read', description: 'reads', input_schema: { type: 'object', properties: '__deep__' } }],
  messages: [{ role: 'user', content: prompt }],
}, levels);

function expectDepthRefusal(answer: { status: number; json: any }) {
  expect(answer.status).toBe(400);
  expect(answer.json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('nests deeper than 128 levels') } });
}

describe('deeply nested request bodies', () => {
  describe('translated (OPENROUTER)', () => {
    let fake: FakeOpenRouter;
    let gw: TestGateway;
    beforeAll(async () => {
      fake = await startFakeOpenRouter({ apiKey: 'sk-or-test' });
      gw = await startGateway({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_KEY: 'sk-or-test', OPENROUTER_API_BASE: fake.baseUrl, OPENROUTER_MAX_RETRIES: '0' });
    });
    afterAll(async () => {
      await gw.close();
      await fake.close();
    });

    it('refuses 5,000 levels in tool_use.input with a 400, streamed or not, and never calls the upstream', async () => {
      expectDepthRefusal(await postJson(`${gw.url}/v1/messages`, withDeepToolInput(5000)));
      expectDepthRefusal(await postJson(`${gw.url}/v1/messages`, withDeepToolInput(5000, { stream: true })));
      expect(fake.received).toHaveLength(0);
    });

    it('refuses deep input_schema and deep count_tokens bodies the same way', async () => {
      expectDepthRefusal(await postJson(`${gw.url}/v1/messages`, withDeepSchema(5000)));
      expectDepthRefusal(await postJson(`${gw.url}/v1/messages/count_tokens`, withDeepToolInput(5000)));
      expectDepthRefusal(await postJson(`${gw.url}/v1/messages/count_tokens`, withDeepSchema(300)));
      expect(fake.received).toHaveLength(0);
    });

    it('serves a body nested just under the limit', async () => {
      // The body itself adds 6 levels above the tool input (body, messages, message, content, block, input).
      const answer = await postJson(`${gw.url}/v1/messages`, withDeepToolInput(128 - 6));
      expect(answer.status).toBe(200);
      const counted = await postJson(`${gw.url}/v1/messages/count_tokens`, withDeepToolInput(128 - 6));
      expect(counted.status).toBe(200);
    });
  });

  describe('forwarded (LITELLM_MESSAGES)', () => {
    let litellm: FakeLiteLLM;
    let gw: TestGateway;
    beforeAll(async () => {
      litellm = await startFakeLiteLLM();
      gw = await startGateway({ PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: litellm.url, LITELLM_MAX_RETRIES: '0' });
    });
    afterAll(async () => {
      await gw.close();
      await litellm.close();
    });

    it('refuses deep nesting on messages (ASCII and not) and count_tokens, and forwards nothing', async () => {
      expectDepthRefusal(await postJson(`${gw.url}/v1/messages`, withDeepToolInput(5000)));
      expectDepthRefusal(await postJson(`${gw.url}/v1/messages`, withDeepSchema(200, 'go → there')));
      expectDepthRefusal(await postJson(`${gw.url}/v1/messages/count_tokens`, withDeepSchema(5000)));
      expect(litellm.received).toHaveLength(0);
    });
  });
});
