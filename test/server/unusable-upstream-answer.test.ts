import { postJson, startGateway, type TestGateway } from '../helpers/start-gateway';
import { startFakeDatabricks, startFakeLiteLLM, startFakeOpenRouter, type Reply, type Simulator } from '../../scripts/simulators';

// A captive portal (or a base URL pointing at some web server) answers 200 with HTML.
const PORTAL: Reply = {
  kind: 'text',
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: '<!DOCTYPE html><html><head><title>Sign in to Hotel WiFi</title></head><body><form>...</form></body></html>',
};

interface BackendCase {
  name: string;
  /** What the 502 names. */
  upstream: string;
  passThrough: boolean;
  start(): Promise<{ upstream: Simulator; env: Record<string, string> }>;
}

const CASES: BackendCase[] = [
  {
    name: 'OPENROUTER',
    upstream: 'OpenRouter',
    passThrough: false,
    async start() {
      const upstream = await startFakeOpenRouter();
      return { upstream, env: { PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_BASE: upstream.baseUrl, OPENROUTER_API_KEY: 'sk-or-test', OPENROUTER_MAX_RETRIES: '0' } };
    },
  },
  {
    name: 'LITELLM_OPENROUTER',
    upstream: 'LiteLLM',
    passThrough: false,
    async start() {
      const upstream = await startFakeLiteLLM();
      return { upstream, env: { PROXY_BACKEND: 'LITELLM_OPENROUTER', LITELLM_BASE_URL: upstream.url, OPENROUTER_API_KEY: 'sk-or-test', LITELLM_MAX_RETRIES: '0' } };
    },
  },
  {
    name: 'LITELLM_MESSAGES',
    upstream: 'LiteLLM',
    passThrough: true,
    async start() {
      const upstream = await startFakeLiteLLM();
      return { upstream, env: { PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: upstream.url, LITELLM_MAX_RETRIES: '0' } };
    },
  },
  ...(['invocations', 'messages'] as const).map(
    (api): BackendCase => ({
      name: `AZURE_DATABRICKS ${api}`,
      upstream: 'Azure Databricks',
      passThrough: api === 'messages',
      async start() {
        const upstream = await startFakeDatabricks();
        return {
          upstream,
          env: { PROXY_BACKEND: 'AZURE_DATABRICKS', DATABRICKS_HOST: upstream.url, DATABRICKS_TOKEN: 'dapi-test', DATABRICKS_API: api, DATABRICKS_MAX_RETRIES: '0' },
        };
      },
    }),
  ),
];

const REQUEST = { model: 'claude-sonnet-4', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }] };

describe.each(CASES)('$name: an upstream 2xx the gateway cannot use', (backend) => {
  let upstream: Simulator;
  let env: Record<string, string>;
  let gw: TestGateway;

  beforeAll(async () => {
    ({ upstream, env } = await backend.start());
    gw = await startGateway(env);
  });
  afterEach(() => upstream.reset());
  afterAll(async () => {
    await gw.close();
    await upstream.close();
  });

  it.each([false, true])('is a 502 api_error envelope when it is HTML (stream: %s)', async (stream) => {
    upstream.script({ reply: PORTAL });
    const answer = await postJson(`${gw.url}/v1/messages`, { ...REQUEST, stream });
    expect(answer.status).toBe(502);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.json).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    expect(answer.json.error.message).toContain(`${backend.upstream} answered 200 with text/html, not JSON or an event stream`);
    expect(answer.json.error.message).toContain('Sign in to Hotel WiFi');
  });

  it('counts as a backend fault: with retries allowed, it is tried again', async () => {
    upstream.script({ times: 1, reply: PORTAL });
    const retrying = await startGateway({ ...env, OPENROUTER_MAX_RETRIES: '1', LITELLM_MAX_RETRIES: '1', DATABRICKS_MAX_RETRIES: '1' });
    try {
      const answer = await postJson(`${retrying.url}/v1/messages`, REQUEST);
      expect(answer.status).toBe(200);
      expect(answer.json.content[0].text).toBe('You said: hello');
    } finally {
      await retrying.close();
    }
  });

  // Only a pass-through hands the upstream's stream on; a translated one reads it event by event.
  if (!backend.passThrough) return;
  describe('on a pass-through, an event stream that is not SSE', () => {
    it.each([
      ['a JSON body', ['{"type":"message","content":[{"type":"text","text":"hi"}]}']],
      ['an HTML page', ['<html><body>Gateway Timeout</body></html>']],
      ['a first event that is not message_start', ['event: content_block_delta\ndata: {"type":"content_block_delta"}\n\n']],
      ['nothing at all', []],
    ])('is a 502 before the first byte: %s', async (_name, pieces) => {
      upstream.script({ reply: { kind: 'sse', pieces } });
      const answer = await postJson(`${gw.url}/v1/messages`, { ...REQUEST, stream: true });
      expect(answer.status).toBe(502);
      expect(answer.json).toMatchObject({ type: 'error', error: { type: 'api_error' } });
      expect(answer.json.error.message).toContain('with an event stream that is not SSE');
    });

    it('ends with an error event, and none of its bytes, when it comes after the headers went', async () => {
      // The headers go alone when no byte came within 50 ms.
      upstream.script({ reply: { kind: 'sse', pieces: ['', '{"type":"message"}'], gapMs: 400 } });
      const answer = await postJson(`${gw.url}/v1/messages`, { ...REQUEST, stream: true });
      expect(answer.status).toBe(200);
      const [eventLine, dataLine, ...rest] = answer.text.split('\n');
      expect(eventLine).toBe('event: error');
      expect(JSON.parse(dataLine!.replace(/^data: /, ''))).toEqual({
        type: 'error',
        error: { type: 'api_error', message: expect.stringContaining("with an event stream that is not SSE: it begins with '{\"type\":\"message\"}'") },
      });
      expect(rest).toEqual(['', '']);
    });
  });
});
