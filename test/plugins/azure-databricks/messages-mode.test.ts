import type Anthropic from '@anthropic-ai/sdk';
import { signThinking } from '../../../scripts/simulators';
import { startDatabricksHarness, TOKEN, type DatabricksHarness } from './databricks-harness';

const readTool = {
  name: 'Read',
  description: 'Reads a file',
  input_schema: { type: 'object' as const, properties: { file_path: { type: 'string' } }, required: ['file_path'] },
};

describe('AZURE_DATABRICKS messages mode (native Anthropic route)', () => {
  let h: DatabricksHarness;
  beforeAll(async () => {
    h = await startDatabricksHarness({ DATABRICKS_API: 'messages' });
  });
  afterAll(() => h.close());
  beforeEach(() => h.dbx.reset());

  it('posts the Anthropic body to /serving-endpoints/anthropic/v1/messages with model set to the endpoint', async () => {
    const message = await h.client.messages.create(
      { model: 'claude-sonnet-4', max_tokens: 200, messages: [{ role: 'user', content: 'hello' }], metadata: { user_id: 'u1' } },
      { headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14', 'anthropic-version': '2023-06-01' } },
    );
    expect(message.content).toEqual([{ type: 'text', text: 'You said: hello' }]);
    const [sent] = h.served();
    expect(sent).toMatchObject({ method: 'POST', path: '/serving-endpoints/anthropic/v1/messages' });
    expect(sent!.json).toEqual({ model: 'databricks-claude-sonnet-4', max_tokens: 200, messages: [{ role: 'user', content: 'hello' }], metadata: { user_id: 'u1' } });
    expect(sent!.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      'x-databricks-use-coding-agent-mode': 'true',
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'interleaved-thinking-2025-05-14',
    });
    expect(sent!.headers).not.toHaveProperty('x-api-key');
  });

  it('streams: stream().finalMessage() through the native route', async () => {
    const message = await h.client.messages
      .stream({ model: 'small', max_tokens: 200, messages: [{ role: 'user', content: 'stream please' }] })
      .finalMessage();
    expect(message.content).toEqual([{ type: 'text', text: 'You said: stream please' }]);
    expect(h.served()[0]!.json).toMatchObject({ model: 'databricks-claude-3-7-sonnet', stream: true });
  });

  it('passes the upstream stream through byte for byte, but the model, which says the requested id', async () => {
    const pieces = [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_dbx","type":"message","role":"assistant","model":"databricks-claude-sonnet-4","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":7,"output_tokens":1}}}\n\n',
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"exact   bytes"}}\n\n',
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":3}}\n\n',
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ];
    h.dbx.script({ path: '/serving-endpoints/anthropic/v1/messages', reply: { kind: 'sse', pieces, gapMs: 5 } });
    const response = await fetch(`${h.gw.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-sonnet-4', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(await response.text()).toBe(pieces.join('').replace('"model":"databricks-claude-sonnet-4"', '"model":"claude-sonnet-4"'));
  });

  it('keeps thinking signatures and cache_control intact across turns', async () => {
    const thinking = { type: 'enabled' as const, budget_tokens: 2048 };
    const first = await h.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 8000,
      thinking,
      tools: [readTool],
      messages: [{ role: 'user', content: 'read the file b.md' }],
    });
    const block = first.content[0] as Anthropic.ThinkingBlock;
    expect(block).toMatchObject({ type: 'thinking', signature: signThinking(block.thinking) });
    const call = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use')!;

    const system: Anthropic.TextBlockParam[] = [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral', ttl: '1h' } }];
    const history: Anthropic.MessageParam[] = [
      { role: 'user', content: [{ type: 'text', text: 'read the file b.md', cache_control: { type: 'ephemeral' } }] },
      { role: 'assistant', content: first.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'B' }] },
    ];
    const second = await h.client.messages
      .stream({ model: 'claude-sonnet-4', max_tokens: 8000, thinking, system, tools: [readTool], messages: history })
      .finalMessage();
    expect(second.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    const sent = h.served()[1]!.json;
    expect(sent.system).toEqual(system);
    expect(sent.messages[0].content[0].cache_control).toEqual({ type: 'ephemeral' });
    expect(sent.messages[1].content[0]).toEqual({ type: 'thinking', thinking: block.thinking, signature: block.signature });
    expect(h.dbx.thinkingReceived()).toEqual([expect.objectContaining({ via: 'thinking-block', valid: true })]);
  });

  it('removes empty text blocks and server tools Databricks rejects, with a log line', async () => {
    const message = await h.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 100,
      tools: [readTool, { type: 'web_search_20250305', name: 'web_search', max_uses: 3 }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: '' }, { type: 'text', text: 'first' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'ok' }, { type: 'text', text: '' }] },
        { role: 'user', content: 'second' },
      ],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'You said: second' }]);
    const sent = h.served()[0]!.json;
    expect(sent.tools).toEqual([readTool]);
    expect(sent.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'first' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'ok' }] },
      { role: 'user', content: 'second' },
    ]);
    expect(h.gw.logs.find((line) => line.event === 'Removed server tool Azure Databricks rejects')).toMatchObject({ tool: 'web_search', type: 'web_search_20250305' });
  });

  it('keeps the message of a Databricks-shaped error from the native route', async () => {
    h.dbx.script({
      path: '/serving-endpoints/anthropic/v1/messages',
      reply: { kind: 'error', status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: "Endpoint 'databricks-claude-sonnet-4' does not exist." } },
    });
    const { status, json } = await fetch(`${h.gw.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }),
    }).then(async (r) => ({ status: r.status, json: await r.json() }));
    expect(status).toBe(404);
    expect(json).toMatchObject({ type: 'error', error: { type: 'not_found_error', message: "Endpoint 'databricks-claude-sonnet-4' does not exist." } });
  });
});
