import type Anthropic from '@anthropic-ai/sdk';
import { signThinking, type ScriptedTurn } from '../../../scripts/simulators';
import { postJson } from '../../helpers/start-gateway';
import { READ_TOOL, startOpenRouterRig, type OpenRouterRig } from './openrouter-harness';

// OpenRouter's answers as the client sees them, JSON and streamed, through the SDK.

type Mode = 'create' | 'stream';
const MODES: Mode[] = ['create', 'stream'];

describe('OPENROUTER: answers as the client sees them', () => {
  let rig: OpenRouterRig;

  beforeAll(async () => {
    rig = await startOpenRouterRig();
  });
  afterEach(() => rig.fake.reset());
  afterAll(() => rig.close());

  function ask(mode: Mode, params: Anthropic.MessageCreateParamsNonStreaming): Promise<Anthropic.Message> {
    return mode === 'create' ? rig.client.messages.create(params) : rig.client.messages.stream(params).finalMessage();
  }

  function scriptTurn(turn: ScriptedTurn) {
    rig.fake.script({ times: 1, reply: { kind: 'turn', turn } });
  }

  it.each(MODES)('%s: a thinking answer comes back as a signed thinking block before the text', async (mode) => {
    const message = await ask(mode, {
      model: 'claude-sonnet-4',
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'why is the sky blue' }],
    });
    expect(rig.fake.received.at(-1)!.json.reasoning).toEqual({ max_tokens: 1024 });
    expect(message.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    const thinking = message.content[0] as Anthropic.ThinkingBlock;
    expect(thinking.thinking).toBe('Considering why is the sky blue.');
    expect(thinking.signature).toBe(signThinking('Considering why is the sky blue.'));
  });

  it.each(MODES)('%s: adaptive thinking also yields a signed thinking block', async (mode) => {
    const message = await ask(mode, {
      model: 'claude-sonnet-4',
      max_tokens: 4096,
      thinking: { type: 'adaptive' },
      messages: [{ role: 'user', content: 'ponder' }],
    } as never);
    expect(rig.fake.received.at(-1)!.json.reasoning).toEqual({ enabled: true });
    expect(message.content[0]).toMatchObject({ type: 'thinking', signature: signThinking('Considering ponder.') });
  });

  it('keeps reasoning signatures unchanged on the next turn (thinking + tool round trip)', async () => {
    const first = await rig.client.messages
      .stream({
        model: 'claude-sonnet-4',
        max_tokens: 4096,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        tools: [READ_TOOL],
        messages: [{ role: 'user', content: 'read the file /etc/motd' }],
      })
      .finalMessage();
    expect(first.content.map((b) => b.type)).toEqual(['thinking', 'tool_use']);
    const thinking = first.content[0] as Anthropic.ThinkingBlock;
    const toolUse = first.content[1] as Anthropic.ToolUseBlock;

    // The strict fake rejects a reasoning_details entry whose text or signature changed.
    const second = await rig.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [READ_TOOL],
      messages: [
        { role: 'user', content: 'read the file /etc/motd' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'Welcome to the box' }] },
      ],
    });
    expect(second.content.find((b) => b.type === 'text')).toMatchObject({ text: 'Tool result received: Welcome to the box' });
    const assistant = rig.fake.received.at(-1)!.json.messages[1];
    expect(assistant.reasoning_details).toEqual([
      expect.objectContaining({ type: 'reasoning.text', text: thinking.thinking, signature: thinking.signature }),
    ]);
    expect(assistant.tool_calls[0].id).toBe(toolUse.id);
  });

  it('sends thinking blocks from an earlier conversation back as reasoning_details, byte for byte', async () => {
    const text = 'Earlier reasoning with "quotes", unicode ✓ and\nnew lines.';
    await rig.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [
        { role: 'user', content: 'first' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: text, signature: signThinking(text) },
            { type: 'text', text: 'First answer' },
          ],
        },
        { role: 'user', content: 'second' },
      ],
    });
    const sent = rig.fake.received.at(-1)!;
    expect(sent.status).toBe(200);
    expect(sent.json.messages[1].reasoning_details).toEqual([
      expect.objectContaining({ type: 'reasoning.text', text, signature: signThinking(text) }),
    ]);
  });

  it.each(MODES)('%s: a stop-sequence hit is stop_reason stop_sequence with the string', async (mode) => {
    scriptTurn({ text: 'Counting: 1 2 3 ', stopReason: 'stop_sequence', stopSequence: 'STOP' });
    const message = await ask(mode, {
      model: 'claude-sonnet-4',
      max_tokens: 64,
      stop_sequences: ['STOP'],
      messages: [{ role: 'user', content: 'count' }],
    });
    expect(rig.fake.received.at(-1)!.json.stop).toEqual(['STOP']);
    expect(message.stop_reason).toBe('stop_sequence');
    expect(message.stop_sequence).toBe('STOP');
  });

  it.each(MODES)('%s: a plain stop stays end_turn with no stop_sequence', async (mode) => {
    const message = await ask(mode, {
      model: 'claude-sonnet-4',
      max_tokens: 64,
      stop_sequences: ['STOP'],
      messages: [{ role: 'user', content: 'no stop here' }],
    });
    expect(message.stop_reason).toBe('end_turn');
    expect(message.stop_sequence).toBeNull();
  });

  it.each(MODES)('%s: length -> max_tokens', async (mode) => {
    scriptTurn({ text: 'cut sho', stopReason: 'max_tokens' });
    const message = await ask(mode, { model: 'claude-sonnet-4', max_tokens: 4, messages: [{ role: 'user', content: 'long' }] });
    expect(message.stop_reason).toBe('max_tokens');
  });

  it.each(MODES)('%s: usage nets cached and cache-write tokens out of input_tokens', async (mode) => {
    scriptTurn({ text: 'cached answer', usage: { inputTokens: 120, outputTokens: 17, cacheReadTokens: 3000, cacheWriteTokens: 500 } });
    const message = await ask(mode, { model: 'claude-sonnet-4', max_tokens: 64, messages: [{ role: 'user', content: 'usage' }] });
    expect(message.usage).toMatchObject({
      input_tokens: 120,
      output_tokens: 17,
      cache_read_input_tokens: 3000,
      cache_creation_input_tokens: 500,
    });
  });

  it('seeds message_start with a non-zero input token estimate when streaming', async () => {
    const events: Anthropic.RawMessageStreamEvent[] = [];
    const stream = rig.client.messages.stream({
      model: 'claude-sonnet-4',
      max_tokens: 64,
      system: 'You are a helpful assistant with a fairly long system prompt for counting.',
      messages: [{ role: 'user', content: 'estimate my prompt size please' }],
    });
    stream.on('streamEvent', (event) => events.push(event));
    await stream.finalMessage();
    const start = events.find((e): e is Anthropic.RawMessageStartEvent => e.type === 'message_start')!;
    expect(events[0]).toBe(start);
    expect(start.message.usage.input_tokens).toBeGreaterThan(0);
    expect(events.at(-1)!.type).toBe('message_stop');
  });

  it('streams block by block in the Anthropic grammar, one message_delta at the end', async () => {
    const events: Anthropic.RawMessageStreamEvent[] = [];
    const stream = rig.client.messages.stream({
      model: 'claude-sonnet-4',
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [READ_TOOL],
      messages: [{ role: 'user', content: 'read the file /tmp/a.txt' }],
    });
    stream.on('streamEvent', (event) => events.push(event));
    await stream.finalMessage();
    const starts = events.filter((e): e is Anthropic.RawContentBlockStartEvent => e.type === 'content_block_start');
    expect(starts.map((e) => [e.index, e.content_block.type])).toEqual([
      [0, 'thinking'],
      [1, 'tool_use'],
    ]);
    expect(events.filter((e) => e.type === 'message_delta')).toHaveLength(1);
    const inputDeltas = events.filter((e) => e.type === 'content_block_delta' && e.delta.type === 'input_json_delta');
    expect(inputDeltas.length).toBeGreaterThan(0);
  });

  it('says which backend served the answer in x-gateway-backend', async () => {
    const { data, response } = await rig.client.messages
      .create({ model: 'claude-sonnet-4', max_tokens: 16, messages: [{ role: 'user', content: 'who' }] })
      .withResponse();
    expect(data.content[0]).toMatchObject({ text: 'You said: who' });
    expect(response.headers.get('x-gateway-backend')).toBe('OPENROUTER');
    expect(data.id).toMatch(/^msg_/);
  });

  it('answers count_tokens with the local estimate, without calling OpenRouter', async () => {
    const short = await rig.client.messages.countTokens({ model: 'claude-sonnet-4', messages: [{ role: 'user', content: 'hi' }] });
    const long = await rig.client.messages.countTokens({
      model: 'claude-sonnet-4',
      system: 'x'.repeat(4000),
      tools: [READ_TOOL],
      messages: [{ role: 'user', content: 'hi '.repeat(1000) }],
    });
    expect(short.input_tokens).toBeGreaterThan(0);
    expect(long.input_tokens).toBeGreaterThan(short.input_tokens + 1000);
    expect(rig.fake.received).toHaveLength(0);
  });

  it('runs a Claude-Code-like agent loop over several turns with the fake deciding by content', async () => {
    const history: Anthropic.MessageParam[] = [{ role: 'user', content: 'read the file /repo/README.md' }];
    const first = await rig.client.messages.stream({ model: 'claude-sonnet-4-5-20250929', max_tokens: 1024, tools: [READ_TOOL], messages: history }).finalMessage();
    const call = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use')!;
    history.push({ role: 'assistant', content: first.content });
    history.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '# Project\nHello' }] });
    const second = await rig.client.messages.stream({ model: 'claude-sonnet-4-5-20250929', max_tokens: 1024, tools: [READ_TOOL], messages: history }).finalMessage();
    expect(second.content).toEqual([expect.objectContaining({ type: 'text', text: 'Tool result received: # Project\nHello' })]);
    expect(rig.fake.received.map((r) => r.status)).toEqual([200, 200]);
    expect(rig.fake.received.every((r) => r.json.model === 'anthropic/claude-sonnet-4.5')).toBe(true);
  });
});

describe('OPENROUTER: a slow upstream', () => {
  it('keeps the client stream alive with ping events while OpenRouter is silent', async () => {
    const rig = await startOpenRouterRig({}, { pingIntervalSeconds: 0.05 });
    try {
      // 300 ms of silence after the first chunk.
      rig.fake.script({ times: 1, reply: { kind: 'turn', turn: { text: 'slow answer' }, gapMs: [0, 300, 0, 0, 0, 0] } });
      const { status, text } = await postJson(`${rig.gw.url}/v1/messages`, {
        model: 'claude-sonnet-4',
        max_tokens: 64,
        stream: true,
        messages: [{ role: 'user', content: 'slow' }],
      });
      expect(status).toBe(200);
      const events = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
      expect(events[0]).toBe('message_start');
      expect(events.filter((e) => e === 'ping').length).toBeGreaterThanOrEqual(2);
      expect(events.at(-1)).toBe('message_stop');
      expect(text).toContain('slow answer');
    } finally {
      await rig.close();
    }
  });
});
