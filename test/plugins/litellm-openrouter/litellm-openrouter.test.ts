import Anthropic, { BadRequestError } from '@anthropic-ai/sdk';
import { liteLLMOpenAiError, sseData, startFakeLiteLLM, type FakeLiteLLM } from '../../../scripts/simulators';
import { logEvents, postJson, startGateway, type TestGateway } from '../../helpers/start-gateway';

// LITELLM_OPENROUTER: the Anthropic <-> OpenAI chat translation towards a LiteLLM
// proxy's /v1/chat/completions, checked end to end with the SDK and the fake's records.

const OPENROUTER_KEY = 'sk-or-v1-litellm-client-side';
const LITELLM_KEY = 'sk-litellm-master-0001';
const ASK = { model: 'claude-sonnet-4', max_tokens: 64, messages: [{ role: 'user' as const, content: 'hello' }] };
const READ_TOOL = {
  name: 'Read',
  description: 'Reads a file',
  input_schema: { type: 'object' as const, properties: { file_path: { type: 'string' } }, required: ['file_path'] },
};

interface Rig {
  litellm: FakeLiteLLM;
  gw: TestGateway;
  client: Anthropic;
  close(): Promise<void>;
}

async function startRig(env: Record<string, string> = {}, fakeKey?: string): Promise<Rig> {
  const litellm = await startFakeLiteLLM({ apiKey: fakeKey });
  const gw = await startGateway({
    PROXY_BACKEND: 'LITELLM_OPENROUTER',
    OPENROUTER_API_KEY: OPENROUTER_KEY,
    LITELLM_BASE_URL: litellm.url,
    LITELLM_MAX_RETRIES: '0',
    ...env,
  });
  const client = new Anthropic({ baseURL: gw.url, apiKey: 'x', maxRetries: 0 });
  return {
    litellm,
    gw,
    client,
    async close() {
      await gw.close();
      await litellm.close();
    },
  };
}

describe('LITELLM_OPENROUTER with LITELLM_API_KEY set', () => {
  let rig: Rig;

  beforeAll(async () => {
    rig = await startRig({ LITELLM_API_KEY: LITELLM_KEY }, LITELLM_KEY);
  });
  afterEach(() => rig.litellm.reset());
  afterAll(() => rig.close());

  const last = () => rig.litellm.received.at(-1)!;

  it('posts the translated request to {LITELLM_BASE_URL}/v1/chat/completions with both keys where LiteLLM wants them', async () => {
    const message = await rig.client.messages.create(ASK, { query: { beta: 'true' } });
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'You said: hello' })]);
    expect(message.model).toBe('claude-sonnet-4');
    expect(message.id).toMatch(/^msg_/);
    const sent = last();
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.query).toEqual({});
    expect(sent.headers.authorization).toBe(`Bearer ${LITELLM_KEY}`);
    // LiteLLM's client-side credentials: the provider key travels in the body.
    expect(sent.json).toMatchObject({
      model: 'openrouter/anthropic/claude-sonnet-4',
      api_key: OPENROUTER_KEY,
      messages: [{ role: 'user', content: 'hello' }],
      max_tokens: 64,
    });
    expect(sent.headers['x-api-key']).toBeUndefined();
  });

  it.each([
    ['claude-sonnet-4', 'openrouter/anthropic/claude-sonnet-4'],
    ['big', 'openrouter/anthropic/claude-sonnet-4'],
    ['claude-3.7-sonnet', 'openrouter/anthropic/claude-3.7-sonnet'],
    ['claude-3-7-sonnet', 'openrouter/anthropic/claude-3.7-sonnet'],
    ['small', 'openrouter/anthropic/claude-3.7-sonnet'],
    // Claude Code's own ids reach the same model, or the newest of the same family.
    ['claude-sonnet-4-5-20250929', 'openrouter/anthropic/claude-sonnet-4.5'],
    ['claude-opus-5-5', 'openrouter/anthropic/claude-opus-5.5'],
    ['claude-haiku-5-5', 'openrouter/anthropic/claude-haiku-5.5'],
    ['claude-opus-4-8', 'openrouter/anthropic/claude-opus-5.5'],
  ])('maps %s to %s', async (model, upstream) => {
    const message = await rig.client.messages.create({ ...ASK, model });
    expect(last().json.model).toBe(upstream);
    expect(message.model).toBe(model);
  });

  it('streams, and the SDK assembles the answer with usage', async () => {
    const stream = rig.client.messages.stream({ ...ASK, messages: [{ role: 'user', content: 'stream me' }] });
    const message = await stream.finalMessage();
    const { response } = await stream.withResponse();
    expect(response.headers.get('x-gateway-backend')).toBe('LITELLM_OPENROUTER');
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'You said: stream me' })]);
    expect(message.stop_reason).toBe('end_turn');
    expect(last().json).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
  });

  it('runs a tool round trip, streamed then JSON', async () => {
    const first = await rig.client.messages
      .stream({ ...ASK, max_tokens: 512, tools: [READ_TOOL], messages: [{ role: 'user', content: 'read the file /srv/app.log' }] })
      .finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use')!;
    expect(call).toMatchObject({ name: 'Read', input: { file_path: '/srv/app.log' } });
    expect(last().json.tools).toEqual([
      { type: 'function', function: { name: 'Read', description: 'Reads a file', parameters: READ_TOOL.input_schema } },
    ]);

    const second = await rig.client.messages.create({
      ...ASK,
      max_tokens: 512,
      tools: [READ_TOOL],
      messages: [
        { role: 'user', content: 'read the file /srv/app.log' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'ERROR disk full' }] },
      ],
    });
    expect(second.content).toEqual([expect.objectContaining({ type: 'text', text: 'Tool result received: ERROR disk full' })]);
    const messages = last().json.messages;
    expect(messages[1]).toMatchObject({ role: 'assistant', tool_calls: [{ id: call.id, function: { name: 'Read' } }] });
    expect(messages[2]).toEqual({ role: 'tool', tool_call_id: call.id, content: 'ERROR disk full' });
  });

  it("asks for thinking with LiteLLM's Anthropic-style `thinking` parameter, budget below max_tokens", async () => {
    await rig.client.messages.create({ ...ASK, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 } });
    expect(last().json.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(last().json.reasoning).toBeUndefined();
  });

  it('refuses a PDF document with a 400 naming the block, and sends nothing', async () => {
    const { status, json } = await postJson(`${rig.gw.url}/v1/messages`, {
      ...ASK,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Summarise' },
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQK' } },
          ],
        },
      ],
    });
    expect(status).toBe(400);
    expect(json.error.type).toBe('invalid_request_error');
    expect(json.error.message).toMatch(/messages\.0\.content\.1.*document/);
    expect(rig.litellm.received).toHaveLength(0);
  });

  it('strips the cache_control ttl LiteLLM rejects, keeping the breakpoint', async () => {
    await rig.client.messages.create({
      ...ASK,
      system: [{ type: 'text', text: 'Cached system', cache_control: { type: 'ephemeral', ttl: '1h' } }],
    });
    expect(last().json.messages[0].content).toEqual([{ type: 'text', text: 'Cached system', cache_control: { type: 'ephemeral' } }]);
  });

  it.each([
    [429, 'litellm.RateLimitError: OpenrouterException - Rate limit exceeded: free-models-per-day', 'rate_limit_error'],
    [400, 'litellm.BadRequestError: OpenrouterException - tools.0: invalid schema', 'invalid_request_error'],
    [401, 'Authentication Error, Invalid proxy server token passed.', 'authentication_error'],
    [404, 'litellm.NotFoundError: model openrouter/anthropic/claude-sonnet-4 not found', 'not_found_error'],
    [500, 'litellm.InternalServerError: OpenrouterException - upstream failed', 'api_error'],
  ])("maps LiteLLM's OpenAI-shaped %d error to the Anthropic envelope, message kept", async (status, message, type) => {
    rig.litellm.script({
      times: 1,
      reply: { kind: 'error', status, body: liteLLMOpenAiError(status, message), headers: status === 429 ? { 'retry-after': '5' } : {} },
    });
    const response = await postJson(`${rig.gw.url}/v1/messages`, ASK);
    expect(response.status).toBe(status);
    expect(response.json).toMatchObject({ type: 'error', error: { type, message } });
    if (status === 429) expect(response.headers.get('retry-after')).toBe('5');
  });

  it('a LiteLLM context-window error becomes 400 "prompt is too long"', async () => {
    const words = "litellm.ContextWindowExceededError: OpenrouterException - This endpoint's maximum context length is 200000 tokens.";
    rig.litellm.script({ times: 1, reply: { kind: 'error', status: 400, body: liteLLMOpenAiError(400, words) } });
    const error = await rig.client.messages.create(ASK).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).error).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringMatching(/^prompt is too long/) } });
  });

  it('an error chunk mid-stream ends the SDK stream with the upstream message', async () => {
    rig.litellm.script({
      times: 1,
      reply: { kind: 'turn', turn: { text: 'this will break in the middle' }, midStreamError: { afterEvents: 2, message: 'litellm.APIConnectionError: connection reset', code: 500 } },
    });
    const error = await rig.client.messages.stream(ASK).finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as Error).message).toContain('litellm.APIConnectionError: connection reset');
  });

  it('a stream without a finish reason ends in an error, not a made-up end_turn', async () => {
    const chunk = (delta: Record<string, unknown>) =>
      sseData({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'x', choices: [{ index: 0, delta, finish_reason: null }] });
    rig.litellm.script({ times: 1, reply: { kind: 'sse', pieces: [chunk({ role: 'assistant' }), chunk({ content: 'Half' })] } });
    const { status, text } = await postJson(`${rig.gw.url}/v1/messages`, { ...ASK, stream: true });
    expect(status).toBe(200);
    expect(text).toContain('event: error');
    expect(text).not.toContain('end_turn');
  });

  it('client abort before the first byte closes the connection to LiteLLM', async () => {
    rig.litellm.script({ times: 1, reply: { kind: 'hang' } });
    const controller = new AbortController();
    const pending = rig.client.messages.create(ASK, { signal: controller.signal }).catch((e: unknown) => e);
    await rig.litellm.waitFor(() => rig.litellm.received.length === 1);
    controller.abort();
    expect(await pending).toBeInstanceOf(Anthropic.APIUserAbortError);
    await rig.litellm.waitFor(() => rig.litellm.received[0]!.clientAborted);
  });

  it('answers count_tokens locally without calling LiteLLM', async () => {
    const counted = await rig.client.messages.countTokens({ model: 'claude-sonnet-4', messages: [{ role: 'user', content: 'count these words' }] });
    expect(counted.input_tokens).toBeGreaterThan(0);
    expect(rig.litellm.received).toHaveLength(0);
  });
});

describe('LITELLM_OPENROUTER without LITELLM_API_KEY', () => {
  it('sends no Authorization header, only the OpenRouter key in the body', async () => {
    const rig = await startRig();
    try {
      const message = await rig.client.messages.create(ASK);
      expect(message.content[0]).toMatchObject({ text: 'You said: hello' });
      const sent = rig.litellm.received.at(-1)!;
      expect(sent.headers.authorization).toBeUndefined();
      expect(sent.headers['x-api-key']).toBeUndefined();
      expect(sent.json.api_key).toBe(OPENROUTER_KEY);
    } finally {
      await rig.close();
    }
  });

  it('LITELLM_TIMEOUT bounds the wait: a hanging LiteLLM is a 504, its connection closed', async () => {
    const rig = await startRig({ LITELLM_TIMEOUT: '0.3' });
    try {
      rig.litellm.script({ times: 1, reply: { kind: 'hang' } });
      const { status, json } = await postJson(`${rig.gw.url}/v1/messages`, ASK);
      expect(status).toBe(504);
      expect(json.error.type).toBe('api_error');
      expect(json.error.message).toMatch(/LiteLLM/);
      await rig.litellm.waitFor(() => rig.litellm.received[0]!.clientAborted);
      expect(logEvents(rig.gw.logs, 'Request completed').at(-1)).toMatchObject({ status: 504, backend: 'LITELLM_OPENROUTER' });
    } finally {
      await rig.close();
    }
  });
});
