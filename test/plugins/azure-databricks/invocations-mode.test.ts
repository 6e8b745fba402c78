import type Anthropic from '@anthropic-ai/sdk';
import { signThinking } from '../../../scripts/simulators';
import { startDatabricksHarness, TOKEN, type DatabricksHarness } from './databricks-harness';

const readTool = {
  name: 'Read',
  description: 'Reads a file',
  input_schema: { type: 'object' as const, properties: { file_path: { type: 'string' } }, required: ['file_path'] },
};

describe('AZURE_DATABRICKS invocations mode (the default)', () => {
  let h: DatabricksHarness;
  beforeAll(async () => {
    h = await startDatabricksHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.dbx.reset());

  it('answers JSON from POST {base}/serving-endpoints/{endpoint}/invocations with Bearer auth and the coding-agent header', async () => {
    const message = await h.client.messages.create({ model: 'claude-sonnet-4', max_tokens: 200, messages: [{ role: 'user', content: 'hello' }] });
    expect(message).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-sonnet-4', stop_reason: 'end_turn' });
    expect(message.content).toEqual([{ type: 'text', text: 'You said: hello' }]);
    const [sent] = h.served();
    expect(sent).toMatchObject({ method: 'POST', path: '/serving-endpoints/databricks-claude-sonnet-4/invocations' });
    expect(sent!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent!.headers['x-databricks-use-coding-agent-mode']).toBe('true');
    expect(sent!.json.messages).toEqual([{ role: 'user', content: 'hello' }]);
  });

  it('streams: stream().finalMessage() gets the same answer, from an SSE request upstream', async () => {
    const message = await h.client.messages
      .stream({ model: 'claude-3.7-sonnet', max_tokens: 200, messages: [{ role: 'user', content: 'stream please' }] })
      .finalMessage();
    expect(message.content).toEqual([{ type: 'text', text: 'You said: stream please' }]);
    expect(message.stop_reason).toBe('end_turn');
    const [sent] = h.served();
    expect(sent!.path).toBe('/serving-endpoints/databricks-claude-3-7-sonnet/invocations');
    expect(sent!.json.stream).toBe(true);
    expect(sent!.headers.accept).toBe('text/event-stream');
  });

  it('round-trips a tool call: tool_use out, the tool_result back as a tool message', async () => {
    const first = await h.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 500,
      tools: [readTool],
      messages: [{ role: 'user', content: 'Please read the file notes.txt' }],
    });
    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')!;
    expect(call).toMatchObject({ name: 'Read', input: { file_path: 'notes.txt' } });

    const second = await h.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 500,
      tools: [readTool],
      messages: [
        { role: 'user', content: 'Please read the file notes.txt' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'the secret is 42' }] },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'Tool result received: the secret is 42' }]);
    const sent = h.served()[1]!.json;
    expect(sent.tools).toEqual([{ type: 'function', function: { name: 'Read', description: 'Reads a file', parameters: readTool.input_schema } }]);
    expect(sent.messages[1]).toMatchObject({ role: 'assistant', tool_calls: [{ id: call.id, type: 'function', function: { name: 'Read' } }] });
    expect(JSON.parse(sent.messages[1].tool_calls[0].function.arguments)).toEqual({ file_path: 'notes.txt' });
    expect(sent.messages[2]).toEqual({ role: 'tool', tool_call_id: call.id, content: 'the secret is 42' });
  });

  it('round-trips reasoning: thinking with its signature comes back, and goes up again as a reasoning part inside assistant content', async () => {
    const thinking = { type: 'enabled' as const, budget_tokens: 2048 };
    const first = await h.client.messages
      .stream({ model: 'claude-sonnet-4', max_tokens: 8000, thinking, tools: [readTool], messages: [{ role: 'user', content: 'read the file a.md' }] })
      .finalMessage();
    const block = first.content[0] as Anthropic.ThinkingBlock;
    expect(block.type).toBe('thinking');
    expect(block.signature).toBe(signThinking(block.thinking));
    expect(h.served()[0]!.json.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    const call = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use')!;

    const second = await h.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 8000,
      thinking,
      tools: [readTool],
      messages: [
        { role: 'user', content: 'read the file a.md' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '# A' }] },
      ],
    });
    expect(second.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    const assistant = h.served()[1]!.json.messages[1];
    expect(assistant.content).toEqual([{ type: 'reasoning', summary: [{ type: 'summary_text', text: block.thinking, signature: block.signature }] }]);
    expect(Object.keys(assistant).sort()).toEqual(['content', 'role', 'tool_calls']);
    expect(h.dbx.thinkingReceived()).toEqual([expect.objectContaining({ via: 'reasoning-part', valid: true, text: block.thinking })]);
  });

  it('keeps to Databricks rules: no empty text, no name off user messages, no server tools, a valid thinking budget', async () => {
    const message = await h.client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 1500,
      thinking: { type: 'enabled', budget_tokens: 1200 },
      system: [{ type: 'text', text: '' }, { type: 'text', text: 'Be brief.' }],
      tools: [readTool, { type: 'web_search_20250305', name: 'web_search', max_uses: 3 }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: '' }, { type: 'text', text: 'first' }, { type: 'text', text: ' \n ' }] },
        { role: 'assistant', content: [{ type: 'text', text: '' }, { type: 'text', text: 'ok' }] },
        { role: 'user', content: [{ type: 'text', text: '  ' }] },
        { role: 'assistant', content: 'noted' },
        { role: 'user', content: 'second' },
      ],
    });
    expect(message.content.at(-1)).toEqual({ type: 'text', text: 'You said: second' });
    const sent = h.served()[0]!.json;
    for (const m of sent.messages) {
      if (m.role !== 'user') expect(m).not.toHaveProperty('name');
      expect(Object.keys(m).every((key) => ['role', 'content', 'tool_calls', 'tool_call_id', 'name'].includes(key))).toBe(true);
      const parts = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content ?? [];
      for (const part of parts) if (part.type === 'text') expect(part.text.trim()).not.toBe('');
    }
    expect(sent.tools.map((t: { type: string }) => t.type)).toEqual(['function']);
    expect(sent.thinking).toEqual({ type: 'enabled', budget_tokens: 1200 });
    expect(h.gw.logs.some((line) => line.event === 'Removed server tool the upstream does not support' && line.type === 'web_search_20250305')).toBe(true);
  });

  it('keeps the Databricks message of an upstream error', async () => {
    h.dbx.script({ path: '/serving-endpoints/{endpoint}/invocations', reply: { kind: 'failure', status: 400, message: 'Model databricks-claude-sonnet-4 does not support image input.' } });
    const error = await h.client.messages
      .create({ model: 'claude-sonnet-4', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e as InstanceType<typeof Anthropic.APIError>);
    expect(error).toMatchObject({ status: 400 });
    expect((error as { error: unknown }).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'Model databricks-claude-sonnet-4 does not support image input.' } });
    expect(h.served()[0]!.status).toBe(400);
  });
});

describe('DATABRICKS_CODING_AGENT_MODE=false', () => {
  it('does not send x-databricks-use-coding-agent-mode', async () => {
    const h = await startDatabricksHarness({ DATABRICKS_CODING_AGENT_MODE: 'false' });
    try {
      await h.client.messages.create({ model: 'claude-sonnet-4', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
      expect(h.served()[0]!.headers).not.toHaveProperty('x-databricks-use-coding-agent-mode');
      expect(h.served()[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    } finally {
      await h.close();
    }
  });
});
