import Anthropic from '@anthropic-ai/sdk';
import { startFakeLiteLLM, type FakeLiteLLM } from '../../../scripts/simulators';
import { postJson, startGateway, type TestGateway } from '../../helpers/start-gateway';

const READ_TOOL = {
  name: 'Read',
  description: 'Reads a file',
  input_schema: { type: 'object' as const, properties: { file_path: { type: 'string' } }, required: ['file_path'] },
};

async function gatewayFor(litellm: FakeLiteLLM, env: Record<string, string> = {}) {
  return startGateway({ PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: litellm.url, LITELLM_MAX_RETRIES: '0', ...env });
}

describe('LITELLM_MESSAGES: pass-through to LiteLLM /v1/messages', () => {
  let litellm: FakeLiteLLM;
  let gw: TestGateway;
  let client: Anthropic;

  beforeAll(async () => {
    litellm = await startFakeLiteLLM();
    gw = await gatewayFor(litellm);
    client = new Anthropic({ baseURL: gw.url, apiKey: 'sk-client-key-0001', maxRetries: 0 });
  });
  afterEach(() => litellm.reset());
  afterAll(async () => {
    await gw.close();
    await litellm.close();
  });

  it('answers a JSON request, rewriting only the model', async () => {
    const message = await client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hello' }],
      metadata: { user_id: 'u-1' },
      brand_new_field: { kept: true },
    } as never);
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'You said: hello' });
    const sent = litellm.received.at(-1)!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.json).toEqual({
      model: 'openrouter/anthropic/claude-sonnet-4',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hello' }],
      metadata: { user_id: 'u-1' },
      brand_new_field: { kept: true },
    });
  });

  it.each([
    ['big', 'openrouter/anthropic/claude-sonnet-4'],
    ['small', 'openrouter/anthropic/claude-3.7-sonnet'],
    ['claude-3.7-sonnet', 'openrouter/anthropic/claude-3.7-sonnet'],
    ['claude-3-7-sonnet', 'openrouter/anthropic/claude-3.7-sonnet'],
  ])('maps %s to %s', async (model, upstream) => {
    await client.messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'x' }] });
    expect(litellm.received.at(-1)!.json.model).toBe(upstream);
  });

  it('streams, and the SDK stream helper assembles the answer', async () => {
    const stream = client.messages.stream({ model: 'claude-sonnet-4', max_tokens: 64, messages: [{ role: 'user', content: 'stream me' }] });
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'text', text: 'You said: stream me' });
    expect(final.stop_reason).toBe('end_turn');
  });

  it('returns the upstream bytes unchanged, but the model, which says the requested id', async () => {
    const body = { model: 'claude-sonnet-4', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'bytes' }] };
    const viaGateway = await postJson(`${gw.url}/v1/messages`, body);
    const direct = await postJson(`${litellm.url}/v1/messages`, { ...body, model: 'openrouter/anthropic/claude-sonnet-4' });
    const normalise = (text: string) => text.replace(/msg_sim_\w+/g, 'msg').replace(/toolu_sim_\w+/g, 'toolu');
    expect(viaGateway.headers.get('content-type')).toBe(direct.headers.get('content-type'));
    const echoed = normalise(direct.text).replace('"model":"openrouter/anthropic/claude-sonnet-4"', '"model":"claude-sonnet-4"');
    expect(echoed).not.toBe(normalise(direct.text));
    expect(normalise(viaGateway.text)).toBe(echoed);
  });

  it('runs a tool round trip and keeps thinking signatures byte for byte', async () => {
    const first = await client.messages.stream({
      model: 'claude-sonnet-4',
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [READ_TOOL],
      messages: [{ role: 'user', content: 'read the file /tmp/notes.txt' }],
    }).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const thinking = first.content.find((b) => b.type === 'thinking');
    const toolUse = first.content.find((b) => b.type === 'tool_use');
    expect(thinking).toMatchObject({ type: 'thinking', signature: expect.any(String) });
    expect(toolUse).toMatchObject({ name: 'Read', input: { file_path: '/tmp/notes.txt' } });

    const second = await client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [READ_TOOL],
      messages: [
        { role: 'user', content: 'read the file /tmp/notes.txt' },
        { role: 'assistant', content: first.content as never },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: (toolUse as { id: string }).id, content: 'The secret is 42' }] },
      ],
    });
    expect(second.content.find((b) => b.type === 'text')).toMatchObject({ text: expect.stringContaining('The secret is 42') });
    expect(litellm.thinkingReceived()).toEqual([expect.objectContaining({ signature: (thinking as { signature: string }).signature, valid: true })]);
  });

  it('forwards x-api-key from clients that send one', async () => {
    await postJson(`${gw.url}/v1/messages`, { model: 'small', max_tokens: 8, messages: [{ role: 'user', content: 'h' }] }, { 'x-api-key': 'sk-cli-x' });
    expect(litellm.received.at(-1)!.headers['x-api-key']).toBe('sk-cli-x');
  });

  it('keeps the upstream connection alive between requests', async () => {
    await postJson(`${gw.url}/v1/messages`, { model: 'small', max_tokens: 8, messages: [{ role: 'user', content: 'h' }] });
    expect(litellm.received.at(-1)!.headers.connection).not.toBe('close');
  });

  it('forwards anthropic-version, anthropic-beta and the query string', async () => {
    await postJson(`${gw.url}/v1/messages?beta=true`, { model: 'small', max_tokens: 8, messages: [{ role: 'user', content: 'h' }] }, {
      'anthropic-beta': 'interleaved-thinking-2025-05-14,claude-code-20250219',
    });
    const sent = litellm.received.at(-1)!;
    expect(sent.query).toEqual({ beta: 'true' });
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14,claude-code-20250219');
  });

  it("forwards the client's own key when LITELLM_API_KEY is unset", async () => {
    await client.messages.create({ model: 'small', max_tokens: 8, messages: [{ role: 'user', content: 'h' }] });
    // This SDK version sends its key as a bearer token; older clients use x-api-key.
    expect(litellm.received.at(-1)!.headers.authorization).toBe('Bearer sk-client-key-0001');
  });

  it('forwards count_tokens to the upstream', async () => {
    const counted = await client.messages.countTokens({ model: 'claude-sonnet-4', messages: [{ role: 'user', content: 'count me please' }] });
    const sent = litellm.received.at(-1)!;
    expect(sent.path).toBe('/v1/messages/count_tokens');
    expect(sent.json.model).toBe('openrouter/anthropic/claude-sonnet-4');
    expect(counted.input_tokens).toBeGreaterThan(0);
  });

  it("normalises LiteLLM's OpenAI-shaped errors into Anthropic's envelope, Retry-After kept", async () => {
    litellm.script({ path: '/v1/messages', times: 1, reply: { kind: 'failure', status: 429, message: 'Rate limit reached for openrouter', headers: { 'retry-after': '7' } } });
    const { status, json, headers } = await postJson(`${gw.url}/v1/messages`, { model: 'small', max_tokens: 8, messages: [{ role: 'user', content: 'h' }] });
    expect(status).toBe(429);
    expect(headers.get('retry-after')).toBe('7');
    expect(json).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: 'Rate limit reached for openrouter' }, request_id: expect.stringMatching(/^req_/) });
  });

  it('rejects invalid requests with 400 and sends nothing upstream', async () => {
    const { status, json } = await postJson(`${gw.url}/v1/messages`, { model: 'small', messages: [] });
    expect(status).toBe(400);
    expect(json.error.type).toBe('invalid_request_error');
    expect(litellm.received).toHaveLength(0);
  });
});

describe('LITELLM_MESSAGES: auth, newer error shape, timeouts, disconnects, retries', () => {
  it('uses LITELLM_API_KEY instead of the client key when set', async () => {
    const litellm = await startFakeLiteLLM({ apiKey: 'sk-litellm-master' });
    const gw = await gatewayFor(litellm, { LITELLM_API_KEY: 'sk-litellm-master' });
    try {
      const { status } = await postJson(`${gw.url}/v1/messages`, { model: 'small', max_tokens: 8, messages: [{ role: 'user', content: 'h' }] }, { 'x-api-key': 'sk-client', authorization: 'Bearer sk-client' });
      expect(status).toBe(200);
      const sent = litellm.received.at(-1)!;
      expect(sent.headers.authorization).toBe('Bearer sk-litellm-master');
      expect(sent.headers['x-api-key']).toBeUndefined();
    } finally {
      await gw.close();
      await litellm.close();
    }
  });

  it('keeps the base URL path, and reaches a LiteLLM on an IPv6 address', async () => {
    const litellm = await startFakeLiteLLM({ host: '::1' });
    const gw = await gatewayFor(litellm, { LITELLM_BASE_URL: `${litellm.url}/litellm` });
    try {
      const ask = { model: 'small', max_tokens: 8, messages: [{ role: 'user', content: 'h' }] };
      await postJson(`${gw.url}/v1/messages?beta=true`, ask);
      const sent = litellm.received.at(-1)!;
      expect(sent.path).toBe('/litellm/v1/messages');
      expect(sent.query).toEqual({ beta: 'true' });
      expect(sent.headers.host).toBe(new URL(litellm.url).host);
    } finally {
      await gw.close();
      await litellm.close();
    }
  });

  it('keeps Anthropic-shaped errors from newer LiteLLM as they are', async () => {
    const litellm = await startFakeLiteLLM({ errorShape: 'anthropic' });
    const gw = await gatewayFor(litellm);
    try {
      litellm.script({ path: '/v1/messages', reply: { kind: 'failure', status: 400, message: 'messages.0.content: Field required', code: 'invalid_request_error' } });
      const { status, json } = await postJson(`${gw.url}/v1/messages`, { model: 'small', max_tokens: 8, messages: [{ role: 'user', content: 'h' }] });
      expect(status).toBe(400);
      expect(json.error).toEqual({ type: 'invalid_request_error', message: 'messages.0.content: Field required' });
    } finally {
      await gw.close();
      await litellm.close();
    }
  });

  it('answers 504 when LiteLLM sends no first byte within LITELLM_TIMEOUT', async () => {
    const litellm = await startFakeLiteLLM();
    const gw = await gatewayFor(litellm, { LITELLM_TIMEOUT: '0.3' });
    try {
      litellm.script({ path: '/v1/messages', reply: { kind: 'hang' } });
      const { status, json } = await postJson(`${gw.url}/v1/messages`, { model: 'small', max_tokens: 8, messages: [{ role: 'user', content: 'h' }] });
      expect(status).toBe(504);
      expect(json.error).toMatchObject({ type: 'api_error', message: expect.stringContaining('did not answer within 0.3 s') });
      await litellm.waitFor(() => litellm.abortedCount === 1);
    } finally {
      await gw.close();
      await litellm.close();
    }
  });

  it('ends a stream that goes silent for LITELLM_TIMEOUT with an error event', async () => {
    const litellm = await startFakeLiteLLM();
    const gw = await gatewayFor(litellm, { LITELLM_TIMEOUT: '0.3' });
    try {
      litellm.script({ path: '/v1/messages', reply: { kind: 'turn', turn: { text: 'partial answer' }, cut: { events: 3, then: 'hang' } } });
      const response = await fetch(`${gw.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'small', max_tokens: 8, stream: true, messages: [{ role: 'user', content: 'h' }] }),
      });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toContain('event: message_start');
      expect(text.trimEnd().split('\n\n').at(-1)).toMatch(/^event: error\ndata: .*"type":"api_error".*went silent for 0\.3 s/);
      await litellm.waitFor(() => litellm.abortedCount === 1);
    } finally {
      await gw.close();
      await litellm.close();
    }
  });

  it('cuts the connection when LiteLLM goes silent in the middle of an event', async () => {
    const litellm = await startFakeLiteLLM();
    const gw = await gatewayFor(litellm, { LITELLM_TIMEOUT: '0.3' });
    try {
      const start = { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 0 } } };
      litellm.script({
        path: '/v1/messages',
        reply: { kind: 'sse', pieces: [`event: message_start\ndata: ${JSON.stringify(start)}\n\n`, 'event: content_block_start\ndata: {"ty'], cut: { pieces: 2, then: 'hang' } },
      });
      const response = await fetch(`${gw.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'small', max_tokens: 8, stream: true, messages: [{ role: 'user', content: 'h' }] }),
      });
      expect(response.status).toBe(200);
      await expect(response.text()).rejects.toThrow();
    } finally {
      await gw.close();
      await litellm.close();
    }
  });

  it('retries a 503 before the first byte and then succeeds', async () => {
    const litellm = await startFakeLiteLLM();
    const gw = await gatewayFor(litellm, { LITELLM_MAX_RETRIES: '2' });
    try {
      litellm.script({ path: '/v1/messages', times: 1, reply: { kind: 'failure', status: 503, message: 'busy', headers: { 'retry-after': '0' } } });
      const { status, json } = await postJson(`${gw.url}/v1/messages`, { model: 'small', max_tokens: 8, messages: [{ role: 'user', content: 'again' }] });
      expect(status).toBe(200);
      expect(json.content[0].text).toBe('You said: again');
      expect(litellm.received.filter((r) => r.path === '/v1/messages')).toHaveLength(2);
      expect(gw.logs.some((l) => l.event === 'Retrying upstream request')).toBe(true);
    } finally {
      await gw.close();
      await litellm.close();
    }
  });

  it('aborts the upstream request when the client goes away mid-stream', async () => {
    const litellm = await startFakeLiteLLM({ gapMs: 200 });
    const gw = await gatewayFor(litellm);
    try {
      const controller = new AbortController();
      const response = await fetch(`${gw.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'small', max_tokens: 8, stream: true, messages: [{ role: 'user', content: 'a long answer please' }] }),
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      await reader.read();
      controller.abort();
      await litellm.waitFor(() => litellm.received.at(-1)!.clientAborted, 3000);
      expect(litellm.received.at(-1)!.completed).toBe(false);
    } finally {
      await gw.close();
      await litellm.close();
    }
  });
});

describe('LITELLM_MESSAGES: request bodies the client compressed or chunked', () => {
  it('forwards the inflated body with a matching content-length', async () => {
    const { gzipSync } = await import('node:zlib');
    const litellm = await startFakeLiteLLM();
    const gw = await gatewayFor(litellm);
    try {
      const body = JSON.stringify({ model: 'small', max_tokens: 8, messages: [{ role: 'user', content: 'zipped' }] });
      const response = await fetch(`${gw.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: gzipSync(body),
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { content: Array<{ text: string }> }).content[0].text).toBe('You said: zipped');
      const sent = litellm.received.at(-1)!;
      expect(sent.headers['content-encoding']).toBeUndefined();
      expect(sent.headers['content-length']).toBe(String(Buffer.byteLength(sent.body)));
    } finally {
      await gw.close();
      await litellm.close();
    }
  });
});
