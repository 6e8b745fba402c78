import Anthropic from '@anthropic-ai/sdk';
import { signThinking, startFakeOpenRouter, type FakeOpenRouter } from '../../../scripts/simulators';
import { logEvents, postJson, startGateway, waitForLog, type TestGateway } from '../../helpers/start-gateway';
import { OPENROUTER_KEY, READ_TOOL, startOpenRouterRig, type OpenRouterRig } from './openrouter-harness';

// OPENROUTER_API: Anthropic models go to OpenRouter's own Anthropic Messages
// route (POST {base}/messages) as the client's bytes with only `model` changed;
// the rest are translated to chat completions. `messages` and `chat` force one.

const ASK = { model: 'claude-sonnet-4', max_tokens: 64, messages: [{ role: 'user' as const, content: 'hello' }] };

describe('OPENROUTER_API unset (auto)', () => {
  let fake: FakeOpenRouter;
  let gw: TestGateway;

  beforeAll(async () => {
    fake = await startFakeOpenRouter({ apiKey: OPENROUTER_KEY });
    gw = await startGateway({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_KEY: OPENROUTER_KEY, OPENROUTER_API_BASE: fake.baseUrl, OPENROUTER_MAX_RETRIES: '0' });
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  it('sends an Anthropic model to the messages route, and says so on the Model resolved line', async () => {
    const answer = await postJson(`${gw.url}/v1/messages`, ASK);
    expect(answer.status).toBe(200);
    expect(answer.json.content[0]).toMatchObject({ type: 'text', text: 'You said: hello' });
    const received = fake.received.at(-1)!;
    expect(received.path).toBe('/api/v1/messages');
    expect(received.json.model).toBe('anthropic/claude-sonnet-4');
    expect(logEvents(gw.logs, 'Model resolved').at(-1)).toMatchObject({ upstream_model: 'anthropic/claude-sonnet-4', api: 'messages' });
  });

  it('takes a floating ~anthropic/ alias there too', async () => {
    const answer = await postJson(`${gw.url}/v1/messages`, { ...ASK, model: '~anthropic/claude-sonnet-latest' });
    expect(answer.status).toBe(200);
    expect(fake.received.at(-1)!).toMatchObject({ path: '/api/v1/messages', json: { model: '~anthropic/claude-sonnet-latest' } });
  });

  it('translates any other model to chat completions', async () => {
    const answer = await postJson(`${gw.url}/v1/messages`, { ...ASK, model: 'openai/gpt-4o' });
    expect(answer.status).toBe(200);
    expect(answer.json.model).toBe('openai/gpt-4o');
    const received = fake.received.at(-1)!;
    expect(received.path).toBe('/api/v1/chat/completions');
    expect(received.json.messages).toEqual([{ role: 'user', content: 'hello' }]);
    expect(logEvents(gw.logs, 'Model resolved').at(-1)).toMatchObject({ upstream_model: 'openai/gpt-4o', api: 'chat' });
  });
});

describe('OPENROUTER_API forced', () => {
  it('chat: an Anthropic model is translated', async () => {
    const rig = await startOpenRouterRig({ OPENROUTER_API: 'chat' });
    try {
      await rig.client.messages.create(ASK);
      expect(rig.fake.received.at(-1)!.path).toBe('/api/v1/chat/completions');
      expect(logEvents(rig.gw.logs, 'Model resolved').at(-1)).toMatchObject({ api: 'chat' });
    } finally {
      await rig.close();
    }
  });

  it('messages: every model goes to the messages route (OpenRouter refuses what it cannot serve there)', async () => {
    const rig = await startOpenRouterRig({ OPENROUTER_API: 'messages' });
    try {
      const answer = await postJson(`${rig.gw.url}/v1/messages`, { ...ASK, model: 'openai/gpt-4o' });
      expect(rig.fake.received.at(-1)!).toMatchObject({ path: '/api/v1/messages', json: { model: 'openai/gpt-4o' } });
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'openai/gpt-4o is not a valid model ID' } });
      expect(logEvents(rig.gw.logs, 'Model resolved').at(-1)).toMatchObject({ api: 'messages' });
    } finally {
      await rig.close();
    }
  });

  it('an unknown value stops the backend with a message naming the choices', async () => {
    const rig = await startOpenRouterRig({ OPENROUTER_API: 'native' });
    try {
      const answer = await postJson(`${rig.gw.url}/v1/messages`, ASK);
      expect(answer.status).toBe(503);
      expect(answer.json.error.message).toContain('OPENROUTER_API');
      expect(rig.fake.received).toHaveLength(0);
    } finally {
      await rig.close();
    }
  });
});

describe('the messages route as a pass-through', () => {
  let rig: OpenRouterRig;

  beforeAll(async () => {
    rig = await startOpenRouterRig({ OPENROUTER_API: 'auto' }, { plugins: { OPENROUTER: { headers: { 'x-team': 'infra' } } } });
  });
  afterEach(() => rig.fake.reset());
  afterAll(() => rig.close());

  const thought = 'The user wants the file read.';
  // Spacing, key order and fields the gateway does not know are the client's: all must arrive as sent.
  const conversation = `{ "model" :  "claude-sonnet-4",
    "max_tokens": 2048, "thinking": {"type": "enabled", "budget_tokens": 1024},
    "system": [{"type": "text", "text": "You are terse.", "cache_control": {"type": "ephemeral", "ttl": "1h"}}],
    "tools": [${JSON.stringify(READ_TOOL)}, {"type": "web_search_20250305", "name": "web_search", "max_uses": 3}],
    "messages": [
      {"role": "user", "content": [{"type": "text", "text": "read the file a.txt", "cache_control": {"type": "ephemeral"}}]},
      {"role": "assistant", "content": [
        {"type": "thinking", "thinking": ${JSON.stringify(thought)}, "signature": ${JSON.stringify(signThinking(thought))}},
        {"type": "tool_use", "id": "toolu_1", "name": "Read", "input": {"file_path": "a.txt"}}]},
      {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "hi \\u00e9 →"}]}
    ],
    "context_management": {"edits": [{"type": "clear_tool_uses_20250919"}]},
    "metadata": {"user_id": "u-1"} }`;

  it('sends the client bytes with only the model rewritten: signatures, cache_control, server tools and unknown fields kept', async () => {
    const answer = await postJson(`${rig.gw.url}/v1/messages`, conversation);
    expect(answer.status).toBe(200);
    const received = rig.fake.received.at(-1)!;
    expect(received.path).toBe('/api/v1/messages');
    expect(received.body).toBe(conversation.replace('"claude-sonnet-4"', '"anthropic/claude-sonnet-4"'));
    // The fake checked the signature it made; the answer quotes the tool result.
    expect(answer.json.content.map((block: { type: string }) => block.type)).toEqual(['thinking', 'text']);
    expect(answer.json.content[1].text).toBe('Tool result received: hi é →');
  });

  it('sends a large body in pieces, unjoined and unchanged but for the model', async () => {
    const big = JSON.stringify({ ...ASK, messages: [{ role: 'user', content: `big ${'é→x'.repeat(40_000)}` }] });
    expect(Buffer.byteLength(big)).toBeGreaterThan(200_000);
    const answer = await postJson(`${rig.gw.url}/v1/messages`, big);
    expect(answer.status).toBe(200);
    expect(rig.fake.received.at(-1)!.body).toBe(big.replace('"claude-sonnet-4"', '"anthropic/claude-sonnet-4"'));
  });

  it('echoes the requested model, JSON and streamed, and names the upstream model in a header', async () => {
    const { data, response } = await rig.client.messages.create(ASK).withResponse();
    expect(data.model).toBe('claude-sonnet-4');
    expect(rig.fake.received.at(-1)!.path).toBe('/api/v1/messages');
    expect(response.headers.get('x-gateway-upstream-model')).toBe('anthropic/claude-sonnet-4');
    const stream = rig.client.messages.stream(ASK);
    const start = await new Promise<Anthropic.Message>((resolve) => stream.on('streamEvent', (event) => event.type === 'message_start' && resolve(event.message)));
    expect(start.model).toBe('claude-sonnet-4');
    expect((await stream.finalMessage()).model).toBe('claude-sonnet-4');
  });

  it('authenticates with the OpenRouter key and forwards no client credential', async () => {
    await postJson(`${rig.gw.url}/v1/messages`, ASK, {
      'x-api-key': 'client-key-123',
      authorization: 'Bearer client-token-456',
      cookie: 'session=abc',
      'anthropic-beta': 'interleaved-thinking-2025-05-14',
      'x-forwarded-for': '10.0.0.1',
    });
    const headers = rig.fake.received.at(-1)!.headers;
    expect(headers.authorization).toBe(`Bearer ${OPENROUTER_KEY}`);
    expect(headers['x-api-key']).toBeUndefined();
    expect(headers.cookie).toBeUndefined();
    expect(headers['x-forwarded-for']).toBeUndefined();
    expect(headers['anthropic-version']).toBe('2023-06-01');
    expect(headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14');
    expect(headers['http-referer']).toBe('http://127.0.0.1:4000');
    expect(headers['x-title']).toBe('llm-gateway');
    expect(headers['x-team']).toBe('infra');
    expect(JSON.stringify(headers)).not.toContain('client-');
  });

  it('counts the tokens the answer reported on the Request completed line, JSON and streamed', async () => {
    rig.gw.logs.length = 0;
    const usage = { inputTokens: 21, outputTokens: 8, cacheReadTokens: 300, cacheWriteTokens: 40 };
    rig.fake.script({ path: '/api/v1/messages', reply: { kind: 'turn', turn: { text: 'counted', usage } } });
    const counts = { input_tokens: 21, output_tokens: 8, cache_read_input_tokens: 300, cache_creation_input_tokens: 40 };
    const json = await rig.client.messages.create(ASK);
    expect(json.usage).toMatchObject(counts);
    const jsonLine = await waitForLog(rig.gw.logs, 'Request completed', (line) => line.stream === false);
    expect(jsonLine).toMatchObject({ ...counts, backend: 'OPENROUTER', upstream_model: 'anthropic/claude-sonnet-4' });
    expect(jsonLine.upstream_request_id).toMatch(/^gen-sim-/);

    await rig.client.messages.stream(ASK).finalMessage();
    const streamLine = await waitForLog(rig.gw.logs, 'Request completed', (line) => line.stream === true);
    expect(streamLine).toMatchObject(counts);
  });

  it('streams thinking with its signature and tool_use as the SDK stream helper expects', async () => {
    const stream = rig.client.messages.stream({
      ...ASK,
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [READ_TOOL],
      messages: [{ role: 'user', content: 'read the file notes.md' }],
    });
    const kinds: string[] = [];
    stream.on('streamEvent', (event) => kinds.push(event.type));
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    const [thinking, call] = message.content;
    expect(thinking).toMatchObject({ type: 'thinking', signature: signThinking((thinking as Anthropic.ThinkingBlock).thinking) });
    expect(call).toMatchObject({ type: 'tool_use', name: 'Read', input: { file_path: 'notes.md' } });
    expect(kinds[0]).toBe('message_start');
    expect(kinds.at(-1)).toBe('message_stop');
  });

  it('keeps a server-side web search whole: server_tool_use, results, citations and the search count', async () => {
    const search = {
      ...ASK,
      tools: [{ type: 'web_search_20250305' as const, name: 'web_search' as const, max_uses: 2 }],
      messages: [{ role: 'user' as const, content: 'Perform a web search for the query: node 24 release' }],
    };
    const json = await rig.client.messages.create(search);
    const streamed = await rig.client.messages.stream(search).finalMessage();
    for (const message of [json, streamed]) {
      expect(message.content.map((block) => block.type)).toEqual(['server_tool_use', 'web_search_tool_result', 'text', 'text']);
      expect(message.content[0]).toMatchObject({ name: 'web_search', input: { query: 'node 24 release' } });
      expect((message.content[3] as Anthropic.TextBlock).citations?.[0]).toMatchObject({ type: 'web_search_result_location', url: expect.stringContaining('node-24-release') });
      expect(message.usage.server_tool_use).toEqual({ web_search_requests: 1 });
    }
  });

  it('sends OpenRouter provider preferences in the body, the client bytes otherwise untouched', async () => {
    const provider = { order: ['anthropic', 'amazon-bedrock'], allow_fallbacks: false };
    const withPrefs = await startOpenRouterRig({ OPENROUTER_API: 'auto' }, { plugins: { OPENROUTER: { provider } } });
    try {
      const sent = JSON.stringify({ ...ASK, messages: [{ role: 'user', content: 'prefs' }] });
      const answer = await postJson(`${withPrefs.gw.url}/v1/messages`, sent);
      expect(answer.status).toBe(200);
      const received = withPrefs.fake.received.at(-1)!;
      expect(received.json.provider).toEqual(provider);
      const { provider: _sentPrefs, ...rest } = received.json;
      expect(rest).toEqual({ ...JSON.parse(sent), model: 'anthropic/claude-sonnet-4' });
    } finally {
      await withPrefs.close();
    }
  });
});
