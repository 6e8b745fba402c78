import Anthropic from '@anthropic-ai/sdk';
import { startFakeLiteLLM, type FakeLiteLLM } from '../../../scripts/simulators';
import { postJson, startGateway, type TestGateway } from '../../helpers/start-gateway';
import { MESSAGE } from './message-body';

const GATEWAY_KEY = 'gw-team-key-5f1c2a9e';
const VIRTUAL_KEY = 'sk-litellm-virtual-dev-42';

describe('LITELLM_MESSAGES without LITELLM_API_KEY: the caller brings its own LiteLLM key', () => {
  let litellm: FakeLiteLLM;
  let gw: TestGateway;

  beforeAll(async () => {
    litellm = await startFakeLiteLLM({ apiKey: VIRTUAL_KEY });
    gw = await startGateway({ PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: litellm.url, LITELLM_MAX_RETRIES: '0', GATEWAY_API_KEYS: `dev:${GATEWAY_KEY}` });
  });
  afterEach(() => litellm.reset());
  afterAll(async () => {
    await gw.close();
    await litellm.close();
  });

  function expectOnlyVirtualKeyUpstream() {
    expect(litellm.received.length).toBeGreaterThan(0);
    for (const seen of litellm.received) {
      expect(JSON.stringify(seen.headers)).not.toContain(GATEWAY_KEY);
      expect(seen.body).not.toContain(GATEWAY_KEY);
      expect(JSON.stringify(seen.headers)).toContain(VIRTUAL_KEY);
    }
  }

  it('forwards the x-api-key when the gateway key came as Bearer', async () => {
    const answer = await postJson(`${gw.url}/v1/messages`, JSON.parse(MESSAGE), { authorization: `Bearer ${GATEWAY_KEY}`, 'x-api-key': VIRTUAL_KEY });
    expect(answer.status).toBe(200);
    expect(litellm.received[0]!.headers['x-api-key']).toBe(VIRTUAL_KEY);
    expect(litellm.received[0]!.headers.authorization).toBeUndefined();
    expectOnlyVirtualKeyUpstream();
  });

  it('forwards the Bearer when the gateway key came as x-api-key (ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN both set)', async () => {
    const headers = { 'x-api-key': GATEWAY_KEY, authorization: `Bearer ${VIRTUAL_KEY}` };
    const message = await postJson(`${gw.url}/v1/messages`, JSON.parse(MESSAGE), headers);
    expect(message.json.type).toBe('message');
    const count = await postJson(`${gw.url}/v1/messages/count_tokens`, JSON.parse(MESSAGE), headers);
    expect(count.json.input_tokens).toEqual(expect.any(Number));
    expect(litellm.received.map((r) => r.path)).toEqual(['/v1/messages', '/v1/messages/count_tokens']);
    for (const seen of litellm.received) {
      expect(seen.headers.authorization).toBe(`Bearer ${VIRTUAL_KEY}`);
      expect(seen.headers['x-api-key']).toBeUndefined();
    }
    expectOnlyVirtualKeyUpstream();
  });

  it('serves the official SDK with its auth token as the LiteLLM key and the gateway key as x-api-key', async () => {
    const client = new Anthropic({ baseURL: gw.url, authToken: VIRTUAL_KEY, defaultHeaders: { 'x-api-key': GATEWAY_KEY }, maxRetries: 0 });
    const message = await client.messages.create({ model: 'claude-sonnet-4', max_tokens: 16, messages: [{ role: 'user', content: 'hello' }] });
    expect(message.type).toBe('message');
    expectOnlyVirtualKeyUpstream();
  });

  it('forwards neither header when both carry the gateway key', async () => {
    const answer = await postJson(`${gw.url}/v1/messages`, JSON.parse(MESSAGE), { authorization: `Bearer ${GATEWAY_KEY}`, 'x-api-key': GATEWAY_KEY });
    expect(answer.status).toBe(401);
    expect(litellm.received).toHaveLength(1);
    const seen = litellm.received[0]!;
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers['x-api-key']).toBeUndefined();
  });
});
