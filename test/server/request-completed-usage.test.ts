import { startFakeDatabricks, startFakeLiteLLM, startFakeOpenRouter, type ReceivedRequest, type Simulator, type TurnUsage } from '../../scripts/simulators';
import { startGateway, waitForLog, type TestGateway } from '../helpers/start-gateway';

// The `Request completed` line is what per-caller usage is read from (`npm run
// gateway -- usage`, log stacks): on every backend, streamed or not, it names
// the caller, the backend, both models, and carries the token counts the
// upstream reported and the upstream's own id for the call.

const CALLER_KEY = 'usage-test-key-0123456789';
const USAGE: TurnUsage = { inputTokens: 11, outputTokens: 22, cacheReadTokens: 33, cacheWriteTokens: 44 };
const COUNTS = { input_tokens: 11, output_tokens: 22, cache_read_input_tokens: 33, cache_creation_input_tokens: 44 };

interface BackendCase {
  name: string;
  start(): Promise<Simulator>;
  env(url: string): Record<string, string>;
  /** The model id the upstream was asked for, as it arrived there. */
  upstreamModel(request: ReceivedRequest): unknown;
  /** The id the fake gave the call (the header it sends). */
  upstreamId: RegExp;
  /** What this upstream reports of USAGE (all four counts unless its real counterpart reports fewer). */
  counts?: Record<string, number>;
  usage?: TurnUsage;
}

const bodyModel = (request: ReceivedRequest) => request.json?.model;

const CASES: BackendCase[] = [
  {
    name: 'OPENROUTER',
    start: () => startFakeOpenRouter({ apiKey: 'sk-or-usage' }),
    env: (url) => ({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_KEY: 'sk-or-usage', OPENROUTER_API_BASE: `${url}/api/v1` }),
    upstreamModel: bodyModel,
    upstreamId: /^gen-sim-\d+$/,
  },
  {
    name: 'LITELLM_OPENROUTER',
    start: () => startFakeLiteLLM({ apiKey: 'sk-litellm-usage' }),
    env: (url) => ({ PROXY_BACKEND: 'LITELLM_OPENROUTER', LITELLM_BASE_URL: url, LITELLM_API_KEY: 'sk-litellm-usage', OPENROUTER_API_KEY: 'sk-or-usage' }),
    upstreamModel: bodyModel,
    upstreamId: /^sim-call-\d+$/,
  },
  {
    name: 'LITELLM_MESSAGES',
    start: () => startFakeLiteLLM({ apiKey: 'sk-litellm-usage' }),
    env: (url) => ({ PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: url, LITELLM_API_KEY: 'sk-litellm-usage' }),
    upstreamModel: bodyModel,
    upstreamId: /^sim-call-\d+$/,
  },
  {
    name: 'AZURE_DATABRICKS invocations',
    start: () => startFakeDatabricks({ token: 'dapi-usage' }),
    env: (url) => ({ PROXY_BACKEND: 'AZURE_DATABRICKS', DATABRICKS_HOST: url, DATABRICKS_TOKEN: 'dapi-usage' }),
    upstreamModel: (request) => request.params.endpoint,
    upstreamId: /^sim-dbx-req-\d+$/,
    // Databricks' chat usage has prompt_tokens_details.cached_tokens, and nothing for cache writes.
    usage: { ...USAGE, cacheWriteTokens: 0 },
    counts: { ...COUNTS, cache_creation_input_tokens: 0 },
  },
  {
    name: 'AZURE_DATABRICKS messages',
    start: () => startFakeDatabricks({ token: 'dapi-usage' }),
    env: (url) => ({ PROXY_BACKEND: 'AZURE_DATABRICKS', DATABRICKS_HOST: url, DATABRICKS_TOKEN: 'dapi-usage', DATABRICKS_API: 'messages' }),
    upstreamModel: bodyModel,
    upstreamId: /^sim-dbx-req-\d+$/,
  },
];

describe.each(CASES)('the Request completed line on $name', (backend) => {
  let fake: Simulator;
  let gw: TestGateway;

  beforeAll(async () => {
    fake = await backend.start();
    gw = await startGateway({ ...backend.env(fake.url), GATEWAY_API_KEYS: `usage-team:${CALLER_KEY}` });
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    fake.script({ reply: { kind: 'turn', turn: { text: 'Counted.', usage: backend.usage ?? USAGE } } });
  });

  it.each([false, true])('streamed: %s', async (stream) => {
    const requestId = `req_usage_${backend.name.replace(/\W+/g, '_')}_${stream}`;
    const response = await fetch(`${gw.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': CALLER_KEY, 'x-request-id': requestId },
      body: JSON.stringify({ model: 'claude-sonnet-4', max_tokens: 64, stream, messages: [{ role: 'user', content: 'count me' }] }),
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toContain('Counted.');

    const line = await waitForLog(gw.logs, 'Request completed', (l) => l.correlation_id === requestId);
    const served = fake.received.filter((r) => r.method === 'POST');
    expect(served).toHaveLength(1);
    expect(line).toMatchObject({
      caller: 'usage-team',
      backend: backend.name.split(' ')[0],
      model: 'claude-sonnet-4',
      upstream_model: backend.upstreamModel(served[0]!),
      stream,
      status: 200,
      duration_ms: expect.any(Number),
      ...(backend.counts ?? COUNTS),
      upstream_request_id: expect.stringMatching(backend.upstreamId),
    });
    expect(line.upstream_model).toEqual(expect.any(String));
    expect(line.upstream_request_id).not.toBe(requestId);
  });
});
