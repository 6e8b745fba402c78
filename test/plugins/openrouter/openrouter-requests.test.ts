import Anthropic from '@anthropic-ai/sdk';
import { logEvents } from '../../helpers/start-gateway';
import { GREP_TOOL, OPENROUTER_KEY, READ_TOOL, startOpenRouterRig, type OpenRouterRig } from './openrouter-harness';

// What OpenRouter receives for what Claude Code sends: URL, headers, model ids and the
// translated chat body, checked on the fake's recorded requests.

const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('OPENROUTER: requests as OpenRouter receives them', () => {
  let rig: OpenRouterRig;

  beforeAll(async () => {
    rig = await startOpenRouterRig({}, { plugins: { OPENROUTER: { provider: { order: ['anthropic'], allow_fallbacks: false } } } });
  });
  afterEach(() => rig.fake.reset());
  afterAll(() => rig.close());

  it('posts to {OPENROUTER_API_BASE}/chat/completions with the key and the default attribution headers', async () => {
    const message = await rig.client.messages.create({ model: 'claude-sonnet-4', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }] });
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'You said: hello' })]);
    const sent = rig.fake.received.at(-1)!;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/api/v1/chat/completions');
    expect(sent.headers.authorization).toBe(`Bearer ${OPENROUTER_KEY}`);
    expect(sent.headers['http-referer']).toBe('http://127.0.0.1:4000');
    expect(sent.headers['x-title']).toBe('llm-gateway');
    expect(sent.headers['content-type']).toBe('application/json');
    // The client's Anthropic credentials never travel to OpenRouter.
    expect(sent.headers['x-api-key']).toBeUndefined();
  });

  it('sends the provider preferences from gateway.config.ts in the body', async () => {
    await rig.client.messages.create({ model: 'claude-sonnet-4', max_tokens: 64, messages: [{ role: 'user', content: 'route me' }] });
    expect(rig.lastBody().provider).toEqual({ order: ['anthropic'], allow_fallbacks: false });
  });

  it.each([
    ['claude-sonnet-4', 'anthropic/claude-sonnet-4'],
    ['big', 'anthropic/claude-sonnet-4'],
    ['claude-3.7-sonnet', 'anthropic/claude-3.7-sonnet'],
    ['small', 'anthropic/claude-3.7-sonnet'],
    ['claude-sonnet-4-5-20250929', 'anthropic/claude-sonnet-4.5'],
    ['claude-3-5-haiku-20241022', 'anthropic/claude-3.5-haiku'],
    ['claude-opus-5-5', 'anthropic/claude-opus-5.5'],
    ['claude-haiku-5-5', 'anthropic/claude-haiku-5.5'],
    ['openai/gpt-4o', 'openai/gpt-4o'],
  ])('routes %s to %s, and the answer echoes the requested id', async (model, upstream) => {
    const message = await rig.client.messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'x' }] });
    expect(rig.lastBody().model).toBe(upstream);
    expect(message.model).toBe(model);
  });

  it('logs which model rule applied', async () => {
    await rig.client.messages.create({ model: 'claude-opus-4-8-20260101', max_tokens: 16, messages: [{ role: 'user', content: 'x' }] });
    expect(logEvents(rig.gw.logs, 'Model resolved').at(-1)).toMatchObject({
      model: 'claude-opus-4-8-20260101',
      upstream_model: 'anthropic/claude-opus-4.8',
      rule: 'plugin',
    });
  });

  it("never forwards the client's ?beta=true to OpenRouter", async () => {
    const urls: string[] = [];
    const client = new Anthropic({
      baseURL: rig.gw.url,
      apiKey: 'x',
      maxRetries: 0,
      fetch: (url, init) => {
        urls.push(String(url));
        return fetch(url, init);
      },
    });
    // What Claude Code does: POST /v1/messages?beta=true.
    const message = await client.messages.create(
      { model: 'claude-sonnet-4', max_tokens: 16, messages: [{ role: 'user', content: 'beta' }] },
      { query: { beta: 'true' } },
    );
    expect(urls.at(-1)).toMatch(/\/v1\/messages\?beta=true$/);
    expect(message.content[0]).toMatchObject({ text: 'You said: beta' });
    const sent = rig.fake.received.at(-1)!;
    expect(sent.path).toBe('/api/v1/chat/completions');
    expect(sent.query).toEqual({});
  });

  it('merges the system string, system blocks and role:"system" entries into one leading system message', async () => {
    await rig.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 64,
      system: [
        { type: 'text', text: 'You are Claude Code.' },
        { type: 'text', text: 'Be brief.' },
      ],
      messages: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        { role: 'system', content: 'Mid-conversation reminder.' },
        { role: 'user', content: 'second' },
      ] as never,
    });
    const messages = rig.lastBody().messages as Array<{ role: string; content: unknown }>;
    expect(messages.filter((m) => m.role === 'system')).toHaveLength(1);
    expect(messages[0]!.role).toBe('system');
    const systemText = JSON.stringify(messages[0]!.content);
    for (const piece of ['You are Claude Code.', 'Be brief.', 'Mid-conversation reminder.']) expect(systemText).toContain(piece);
    expect(messages.slice(1).map((m) => m.role)).toEqual(['user', 'assistant', 'user']);

    await rig.client.messages.create({ model: 'claude-sonnet-4', max_tokens: 64, system: 'Plain string system.', messages: [{ role: 'user', content: 'x' }] });
    expect(rig.lastBody().messages[0]).toEqual({ role: 'system', content: 'Plain string system.' });
  });

  it('sends images as image_url parts: base64 as a data URI, url as given', async () => {
    await rig.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 64,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare these' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          ],
        },
      ],
    });
    const parts = rig.lastBody().messages.at(-1).content;
    expect(parts).toEqual([
      { type: 'text', text: 'Compare these' },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
      { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
    ]);
  });

  it('moves an image inside a tool_result into a user message right after the tool message', async () => {
    const answer = await rig.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 64,
      tools: [READ_TOOL],
      messages: [
        { role: 'user', content: 'read the file /tmp/shot.png' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_img_1', name: 'Read', input: { file_path: '/tmp/shot.png' } }] },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_img_1',
              content: [
                { type: 'text', text: 'Screenshot attached' },
                { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } },
              ],
            },
          ],
        },
      ],
    });
    expect(answer.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('Screenshot attached') });
    const messages = rig.lastBody().messages as Array<{ role: string; content: any; tool_call_id?: string }>;
    const toolAt = messages.findIndex((m) => m.role === 'tool');
    expect(messages[toolAt]).toMatchObject({ role: 'tool', tool_call_id: 'toolu_img_1' });
    expect(JSON.stringify(messages[toolAt]!.content)).toContain('Screenshot attached');
    const next = messages[toolAt + 1]!;
    expect(next.role).toBe('user');
    expect(next.content).toEqual(
      expect.arrayContaining([{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } }]),
    );
  });

  it.each(['claude-sonnet-4', '~anthropic/claude-sonnet-latest'])('keeps cache_control on content parts for Anthropic models (%s)', async (model) => {
    await rig.client.messages.create({
      model,
      max_tokens: 64,
      system: [{ type: 'text', text: 'Long cached system prompt', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'cached turn', cache_control: { type: 'ephemeral', ttl: '1h' } }] }],
    });
    const [system, user] = rig.lastBody().messages;
    expect(system.content).toEqual([{ type: 'text', text: 'Long cached system prompt', cache_control: { type: 'ephemeral' } }]);
    expect(user.content).toEqual([{ type: 'text', text: 'cached turn', cache_control: { type: 'ephemeral', ttl: '1h' } }]);
  });

  it('strips cache_control for models that are not Anthropic', async () => {
    await rig.client.messages.create({
      model: 'openai/gpt-4o',
      max_tokens: 64,
      system: [{ type: 'text', text: 'Long cached system prompt', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'cached turn', cache_control: { type: 'ephemeral' } }] }],
    });
    expect(rig.fake.received.at(-1)!.body).not.toContain('cache_control');
    expect(JSON.stringify(rig.lastBody().messages.at(-1).content)).toContain('cached turn');
  });

  it('runs a tool round trip: tool_use -> tool_calls with ids kept, tool_result -> role tool', async () => {
    const first = await rig.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 256,
      tools: [READ_TOOL],
      messages: [{ role: 'user', content: 'read the file /tmp/notes.txt' }],
    });
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((b) => b.type === 'tool_use') as Anthropic.ToolUseBlock;
    expect(toolUse).toMatchObject({ name: 'Read', input: { file_path: '/tmp/notes.txt' } });
    expect(rig.lastBody().tools).toEqual([
      { type: 'function', function: { name: 'Read', description: 'Reads a file', parameters: READ_TOOL.input_schema } },
    ]);

    const second = await rig.client.messages
      .stream({
        model: 'claude-sonnet-4',
        max_tokens: 256,
        tools: [READ_TOOL],
        messages: [
          { role: 'user', content: 'read the file /tmp/notes.txt' },
          { role: 'assistant', content: first.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'The secret is 42' }] },
        ],
      })
      .finalMessage();
    expect(second.content).toEqual([expect.objectContaining({ type: 'text', text: 'Tool result received: The secret is 42' })]);
    expect(second.stop_reason).toBe('end_turn');
    const messages = rig.lastBody().messages;
    expect(messages[1]).toMatchObject({
      role: 'assistant',
      tool_calls: [{ id: toolUse.id, type: 'function', function: { name: 'Read', arguments: JSON.stringify({ file_path: '/tmp/notes.txt' }) } }],
    });
    expect(messages[2]).toEqual({ role: 'tool', tool_call_id: toolUse.id, content: 'The secret is 42' });
  });

  it('answers parallel tool calls and sends both results back in order', async () => {
    const first = await rig.client.messages
      .stream({
        model: 'claude-sonnet-4',
        max_tokens: 256,
        tools: [READ_TOOL, GREP_TOOL],
        messages: [{ role: 'user', content: 'CALL_TOOL Read {"file_path":"/a.txt"}\nCALL_TOOL Grep {"pattern":"TODO"}' }],
      })
      .finalMessage();
    const calls = first.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    expect(calls.map((c) => [c.name, c.input])).toEqual([
      ['Read', { file_path: '/a.txt' }],
      ['Grep', { pattern: 'TODO' }],
    ]);
    expect(first.stop_reason).toBe('tool_use');

    const second = await rig.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 256,
      tools: [READ_TOOL, GREP_TOOL],
      messages: [
        { role: 'user', content: 'CALL_TOOL Read {"file_path":"/a.txt"}\nCALL_TOOL Grep {"pattern":"TODO"}' },
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: calls[0]!.id, content: 'contents of a' },
            { type: 'tool_result', tool_use_id: calls[1]!.id, content: [{ type: 'text', text: 'no matches' }], is_error: true },
            { type: 'text', text: 'What now?' },
          ],
        },
      ],
    });
    expect(second.content[0]).toMatchObject({ text: expect.stringContaining('contents of a') });
    const messages = rig.lastBody().messages as Array<{ role: string; tool_call_id?: string; content: unknown }>;
    expect(messages.slice(2).map((m) => [m.role, m.tool_call_id])).toEqual([
      ['tool', calls[0]!.id],
      ['tool', calls[1]!.id],
      ['user', undefined],
    ]);
    expect(JSON.stringify(messages[3]!.content)).toContain('no matches');
    expect(JSON.stringify(messages[4]!.content)).toContain('What now?');
  });

  it.each([
    [{ type: 'auto' }, 'auto'],
    [{ type: 'any' }, 'required'],
    [{ type: 'none' }, 'none'],
    [{ type: 'tool', name: 'Grep' }, { type: 'function', function: { name: 'Grep' } }],
  ])('maps tool_choice %j to %j', async (toolChoice, expected) => {
    await rig.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 64,
      tools: [READ_TOOL, GREP_TOOL],
      tool_choice: toolChoice as Anthropic.ToolChoice,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(rig.lastBody().tool_choice).toEqual(expected);
    expect(rig.lastBody().parallel_tool_calls).toBeUndefined();
  });

  it('sends parallel_tool_calls: false for disable_parallel_tool_use', async () => {
    await rig.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 64,
      tools: [READ_TOOL],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(rig.lastBody()).toMatchObject({ tool_choice: 'auto', parallel_tool_calls: false });
  });

  // web_search has its own suite (web-search.test.ts): OpenRouter runs it as the web plugin.
  it('removes a server tool it cannot run (code_execution_20250522) with a log line and keeps the others', async () => {
    const message = await rig.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 64,
      tools: [{ type: 'code_execution_20250522', name: 'code_execution' } as never, READ_TOOL],
      messages: [{ role: 'user', content: 'search' }],
    });
    expect(message.content[0]).toMatchObject({ text: 'You said: search' });
    expect(rig.lastBody().tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(['Read']);
    expect(rig.fake.received.at(-1)!.body).not.toContain('code_execution');
    expect(logEvents(rig.gw.logs, 'Removed server tool the upstream does not support').at(-1)).toMatchObject({
      tool: 'code_execution',
      type: 'code_execution_20250522',
    });
  });

  it.each([
    ['claude-sonnet-4', 128_000, 64_000],
    ['claude-opus-4-1-20250805', 128_000, 32_000],
    ['openai/gpt-4o', 128_000, 32_000],
    ['claude-sonnet-4', 8_000, 8_000],
  ])('clamps max_tokens for %s: %d -> %d (the manifest table)', async (model, asked, sent) => {
    // The SDK insists on streaming for such budgets, as Claude Code does.
    await rig.client.messages.stream({ model, max_tokens: asked, messages: [{ role: 'user', content: 'long answer' }] }).finalMessage();
    expect(rig.lastBody().max_tokens).toBe(sent);
  });

  it('passes stop_sequences as stop, and temperature, top_p, top_k and metadata.user_id', async () => {
    await rig.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 64,
      stop_sequences: ['END', '###'],
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      metadata: { user_id: 'user-7' },
      messages: [{ role: 'user', content: 'params' }],
    } as never);
    expect(rig.lastBody()).toMatchObject({ stop: ['END', '###'], temperature: 0.2, top_p: 0.9, top_k: 40, user: 'user-7' });
  });

  it('asks for reasoning: an enabled budget as reasoning.max_tokens, adaptive as reasoning enabled', async () => {
    await rig.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [{ role: 'user', content: 'think' }],
    });
    expect(rig.lastBody().reasoning).toEqual({ max_tokens: 2048 });
    expect(rig.lastBody().thinking).toBeUndefined();

    await rig.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 4096,
      thinking: { type: 'adaptive' },
      messages: [{ role: 'user', content: 'think adaptively' }],
    } as never);
    expect(rig.lastBody().reasoning).toEqual({ enabled: true });
  });

  it('maps adaptive thinking with output_config.effort to reasoning.effort', async () => {
    await rig.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 4096,
      thinking: { type: 'adaptive' },
      output_config: { effort: 'high' },
      messages: [{ role: 'user', content: 'effort' }],
    } as never);
    expect(rig.lastBody().reasoning).toEqual({ effort: 'high' });
    expect(rig.lastBody().output_config).toBeUndefined();
  });

  it('drops fields OpenRouter cannot take, one debug line each', async () => {
    const message = await rig.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 64,
      context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
      brand_new_field: true,
      messages: [{ role: 'user', content: 'fields' }],
    } as never);
    expect(message.content[0]).toMatchObject({ text: 'You said: fields' });
    expect(Object.keys(rig.lastBody()).sort()).toEqual(['max_tokens', 'messages', 'model', 'provider', 'stream']);
    const dropped = logEvents(rig.gw.logs, 'Dropped request field the upstream cannot take').map((l) => l.field);
    expect(dropped).toEqual(expect.arrayContaining(['context_management', 'brand_new_field']));
  });

  it('drops empty text blocks instead of sending them', async () => {
    await rig.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 64,
      messages: [
        { role: 'user', content: [{ type: 'text', text: '' }, { type: 'text', text: 'real question' }] },
        { role: 'assistant', content: [{ type: 'text', text: '' }, { type: 'text', text: 'answer' }] },
        { role: 'user', content: 'next' },
      ],
    });
    const sent = rig.lastBody().messages;
    expect(sent).toHaveLength(3);
    expect(JSON.stringify(sent)).not.toMatch(/"text":""/);
    expect(JSON.stringify(sent[0].content)).toContain('real question');
  });

  it('forwards a PDF document as a file part (OpenRouter takes files)', async () => {
    await rig.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 64,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', title: 'spec.pdf', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQK' } },
            { type: 'text', text: 'Summarise' },
          ],
        },
      ],
    });
    expect(rig.lastBody().messages[0].content).toEqual([
      { type: 'file', file: { filename: 'spec.pdf', file_data: 'data:application/pdf;base64,JVBERi0xLjQK' } },
      { type: 'text', text: 'Summarise' },
    ]);
  });

  it('keeps the thinking budget below a clamped max_tokens', async () => {
    await rig.client.messages
      .stream({
        model: 'claude-sonnet-4',
        max_tokens: 128_000,
        thinking: { type: 'enabled', budget_tokens: 100_000 },
        messages: [{ role: 'user', content: 'think hard' }],
      })
      .finalMessage();
    expect(rig.lastBody().max_tokens).toBe(64_000);
    expect(rig.lastBody().reasoning.max_tokens).toBeLessThan(64_000);
  });
});

describe('OPENROUTER: attribution headers from env', () => {
  it('sends OPENROUTER_HTTP_REFERER and OPENROUTER_APP_TITLE', async () => {
    const rig = await startOpenRouterRig({ OPENROUTER_HTTP_REFERER: 'https://my-team.example', OPENROUTER_APP_TITLE: 'Team Gateway' });
    try {
      await rig.client.messages.create({ model: 'big', max_tokens: 16, messages: [{ role: 'user', content: 'x' }] });
      const sent = rig.fake.received.at(-1)!;
      expect(sent.headers['http-referer']).toBe('https://my-team.example');
      expect(sent.headers['x-title']).toBe('Team Gateway');
      // No provider preferences configured: none sent.
      expect(sent.json.provider).toBeUndefined();
    } finally {
      await rig.close();
    }
  });
});
