import { startFakeLiteLLM, type FakeLiteLLM } from '../../../scripts/simulators';
import { postJson, startGateway, type TestGateway } from '../../helpers/start-gateway';

const REQUEST = { model: 'claude-sonnet-4', max_tokens: 16, messages: [{ role: 'user', content: 'hello' }] };

// What a browser, a corporate proxy or a curious caller may add to a request.
const NEVER_FORWARDED = {
  cookie: 'session=abc123',
  'proxy-authorization': 'Basic dXNlcjpwYXNz',
  'x-forwarded-for': '10.1.2.3',
  'x-forwarded-host': 'gateway.example',
  'x-forwarded-proto': 'https',
  forwarded: 'for=10.1.2.3',
  origin: 'http://localhost:4000',
  'x-real-ip': '10.1.2.3',
};

const FORWARDED = {
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'interleaved-thinking-2025-05-14',
  'user-agent': 'claude-cli/2.1.331 (external, cli)',
  'x-request-id': 'req-from-the-client-1',
  accept: 'application/json',
};

describe('LITELLM_MESSAGES: request headers sent to LiteLLM', () => {
  let litellm: FakeLiteLLM;

  beforeAll(async () => {
    litellm = await startFakeLiteLLM();
  });
  afterEach(() => litellm.reset());
  afterAll(() => litellm.close());

  async function sendThrough(env: Record<string, string>, headers: Record<string, string>) {
    // The origin is allowed: the gateway refuses any other with a 403 before LiteLLM hears of it.
    const gw: TestGateway = await startGateway({ PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: litellm.url, LITELLM_MAX_RETRIES: '0', GATEWAY_ALLOWED_ORIGINS: NEVER_FORWARDED.origin, ...env });
    try {
      const answer = await postJson(`${gw.url}/v1/messages`, REQUEST, headers);
      expect(answer.status).toBe(200);
      return litellm.received.at(-1)!.headers;
    } finally {
      await gw.close();
    }
  }

  it('are the allowlisted ones: never cookies, proxy credentials or x-forwarded-*', async () => {
    const seen = await sendThrough({}, { ...NEVER_FORWARDED, ...FORWARDED, 'x-api-key': 'sk-litellm-virtual-key-1' });
    for (const name of Object.keys(NEVER_FORWARDED)) expect(seen[name]).toBeUndefined();
    expect(seen).toMatchObject(FORWARDED);
    expect(seen['content-type']).toBe('application/json');
  });

  it("carry the client's own LiteLLM key when LITELLM_API_KEY is unset", async () => {
    const seen = await sendThrough({}, { 'x-api-key': 'sk-litellm-virtual-key-1', authorization: 'Bearer sk-litellm-virtual-key-2', 'x-litellm-api-key': 'sk-litellm-virtual-key-3' });
    expect(seen).toMatchObject({
      'x-api-key': 'sk-litellm-virtual-key-1',
      authorization: 'Bearer sk-litellm-virtual-key-2',
      'x-litellm-api-key': 'sk-litellm-virtual-key-3',
    });
  });

  it('carry LITELLM_API_KEY only, and no client credential, when it is set', async () => {
    const seen = await sendThrough(
      { LITELLM_API_KEY: 'sk-litellm-master-key' },
      { ...FORWARDED, 'x-api-key': 'sk-client-key-1', authorization: 'Bearer sk-client-key-2', 'x-litellm-api-key': 'sk-client-key-3' },
    );
    expect(seen.authorization).toBe('Bearer sk-litellm-master-key');
    expect(seen['x-api-key']).toBeUndefined();
    expect(seen['x-litellm-api-key']).toBeUndefined();
    expect(seen).toMatchObject(FORWARDED);
  });
});
