import Anthropic from '@anthropic-ai/sdk';
import { signThinking, startFakeLiteLLM, type FakeLiteLLM } from '../../../scripts/simulators';
import { postJson, startGateway, type TestGateway } from '../../helpers/start-gateway';

// LITELLM_OPENROUTER with thinking on, end to end: LiteLLM's `thinking_blocks` /
// `reasoning_content` become signed Anthropic thinking blocks, and those blocks
// go back to LiteLLM as `thinking_blocks` on the assistant message, signatures
// byte for byte, so a tool loop with thinking survives the translation.

const LITELLM_KEY = 'sk-litellm-master-0002';
const READ_TOOL = {
  name: 'Read',
  description: 'Reads a file',
  input_schema: { type: 'object' as const, properties: { file_path: { type: 'string' } }, required: ['file_path'] },
};
const ASK_TO_READ: Anthropic.MessageParam = { role: 'user', content: 'read the file /srv/app.log' };
const THINKING_TOOL_TURN = {
  model: 'claude-sonnet-4',
  max_tokens: 4096,
  thinking: { type: 'enabled' as const, budget_tokens: 2048 },
  tools: [READ_TOOL],
};

type Mode = 'json' | 'stream';

describe('LITELLM_OPENROUTER: thinking with tools across turns', () => {
  let litellm: FakeLiteLLM;
  let gw: TestGateway;
  let client: Anthropic;

  beforeAll(async () => {
    litellm = await startFakeLiteLLM({ apiKey: LITELLM_KEY });
    gw = await startGateway({
      PROXY_BACKEND: 'LITELLM_OPENROUTER',
      OPENROUTER_API_KEY: 'sk-or-v1-thinking',
      LITELLM_API_KEY: LITELLM_KEY,
      LITELLM_BASE_URL: litellm.url,
      LITELLM_MAX_RETRIES: '0',
    });
    client = new Anthropic({ baseURL: gw.url, apiKey: 'x', maxRetries: 0 });
  });
  afterEach(() => litellm.reset());
  afterAll(async () => {
    await gw.close();
    await litellm.close();
  });

  const last = () => litellm.received.at(-1)!;
  const send = (mode: Mode, params: Anthropic.MessageCreateParamsNonStreaming): Promise<Anthropic.Message> =>
    mode === 'json' ? client.messages.create(params) : client.messages.stream(params).finalMessage();

  it.each<Mode>(['json', 'stream'])('%s: the signed thinking block goes back to LiteLLM unchanged and the loop completes', async (mode) => {
    const first = await send(mode, { ...THINKING_TOOL_TURN, messages: [ASK_TO_READ] });
    expect(last().json).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 2048 }, stream: mode === 'stream' });
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    const thinking = first.content[0] as Anthropic.ThinkingBlock;
    const call = first.content[1] as Anthropic.ToolUseBlock;
    expect(thinking.thinking).toBe('Considering read the file /srv/app.log.');
    expect(thinking.signature).toBe(signThinking(thinking.thinking));
    expect(call).toMatchObject({ name: 'Read', input: { file_path: '/srv/app.log' } });

    const second = await send(mode, {
      ...THINKING_TOOL_TURN,
      messages: [
        ASK_TO_READ,
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'ERROR disk full' }] },
      ],
    });

    const sent = last().json.messages;
    expect(sent[1]).toEqual({
      role: 'assistant',
      content: null,
      thinking_blocks: [{ type: 'thinking', thinking: thinking.thinking, signature: thinking.signature }],
      tool_calls: [{ id: call.id, type: 'function', function: { name: 'Read', arguments: JSON.stringify({ file_path: '/srv/app.log' }) } }],
    });
    expect(sent[1].thinking_blocks[0].signature).toBe(thinking.signature);
    expect(sent[2]).toEqual({ role: 'tool', tool_call_id: call.id, content: 'ERROR disk full' });
    expect(litellm.thinkingReceived()).toEqual([
      { messageIndex: 1, text: thinking.thinking, signature: thinking.signature, via: 'thinking_blocks', valid: true },
    ]);

    expect(second.stop_reason).toBe('end_turn');
    expect(second.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    expect((second.content[0] as Anthropic.ThinkingBlock).signature).toBe(signThinking((second.content[0] as Anthropic.ThinkingBlock).thinking));
    expect((second.content[1] as Anthropic.TextBlock).text).toBe('Tool result received: ERROR disk full');
  });

  it('a thinking block altered on the way back is refused upstream, and the client gets that 400', async () => {
    const first = await client.messages.create({ ...THINKING_TOOL_TURN, messages: [ASK_TO_READ] });
    const call = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')!;
    const altered = first.content.map((block) => (block.type === 'thinking' ? { ...block, thinking: `${block.thinking} (edited)` } : block));
    const { status, json } = await postJson(`${gw.url}/v1/messages`, {
      ...THINKING_TOOL_TURN,
      messages: [ASK_TO_READ, { role: 'assistant', content: altered }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'x' }] }],
    });
    expect(status).toBe(400);
    expect(json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('Invalid signature in reasoning (thinking_blocks)') } });
    expect(litellm.thinkingReceived().at(-1)).toMatchObject({ via: 'thinking_blocks', valid: false });
  });

  it.each<[Mode, Anthropic.OutputConfig | undefined, string]>([
    ['json', { effort: 'high' }, 'high'],
    ['stream', { effort: 'low' }, 'low'],
    ['json', undefined, 'medium'],
  ])('%s: adaptive thinking (output_config %j) is sent as reasoning_effort %s and answered with signed thinking', async (mode, outputConfig, effort) => {
    const message = await send(mode, {
      model: 'claude-sonnet-4',
      max_tokens: 4096,
      thinking: { type: 'adaptive' },
      ...(outputConfig ? { output_config: outputConfig } : {}),
      messages: [{ role: 'user', content: 'think it over' }],
    });
    expect(last().json.reasoning_effort).toBe(effort);
    expect(last().json.thinking).toBeUndefined();
    expect(last().json.output_config).toBeUndefined();
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    const thinking = message.content[0] as Anthropic.ThinkingBlock;
    expect(thinking).toEqual({ type: 'thinking', thinking: 'Considering think it over.', signature: signThinking('Considering think it over.') });
    expect(message.content[1]).toMatchObject({ type: 'text', text: 'You said: think it over' });
  });
});
