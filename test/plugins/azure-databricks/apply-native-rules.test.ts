import { createMemoryLogger } from '../../../core/log/logger';
import type { MessagesRequest } from '../../../core/protocol/anthropic/types';
import { prepareNativeBody } from '../../../plugins/azure-databricks/apply-native-rules';
import { checkAnthropicRequest, checkServerTools } from '../../../scripts/simulators';

const readTool = { name: 'Read', description: 'reads', input_schema: { type: 'object', properties: { file_path: { type: 'string' } } } };
const webSearch = { type: 'web_search_20250305', name: 'web_search', max_uses: 5 };

function prepare(body: MessagesRequest) {
  const { logger, lines } = createMemoryLogger('debug');
  return { out: prepareNativeBody(body, 'databricks-claude-sonnet-4', logger), lines };
}

describe('prepareNativeBody (messages mode)', () => {
  it('sets model to the endpoint and leaves a clean body otherwise as it was', () => {
    const body: MessagesRequest = { model: 'claude-sonnet-4', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], tools: [readTool] };
    const { out } = prepare(body);
    expect(out).toEqual({ ...body, model: 'databricks-claude-sonnet-4' });
    expect(out.messages).toBe(body.messages);
    expect(out.tools).toBe(body.tools);
  });

  it('removes server tools with a log line, and a tool_choice naming one', () => {
    const body: MessagesRequest = {
      model: 'x',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'hi' }],
      tools: [readTool, webSearch, { type: 'custom', name: 'Edit', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'web_search' },
    };
    const { out, lines } = prepare(body);
    expect(out.tools!.map((tool) => tool.name)).toEqual(['Read', 'Edit']);
    expect(out).not.toHaveProperty('tool_choice');
    expect(checkServerTools(out as never)).toBeUndefined();
    expect(lines.find((line) => line.event === 'Removed server tool Azure Databricks rejects')).toMatchObject({ tool: 'web_search', type: 'web_search_20250305' });
    expect(body.tools).toHaveLength(3);
  });

  it('drops tools and tool_choice entirely when only server tools were declared', () => {
    const { out } = prepare({ model: 'x', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], tools: [webSearch], tool_choice: { type: 'auto' } });
    expect(out).not.toHaveProperty('tools');
    expect(out).not.toHaveProperty('tool_choice');
  });

  it('removes empty text blocks (system, messages, tool results) without touching the client body', () => {
    const thinking = { type: 'thinking', thinking: 'hm', signature: 'sig==' };
    const body: MessagesRequest = {
      model: 'x',
      max_tokens: 10,
      system: [{ type: 'text', text: '' }, { type: 'text', text: 'sys', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: '' }, { type: 'text', text: 'hi', cache_control: { type: 'ephemeral' } }] },
        { role: 'assistant', content: [thinking, { type: 'text', text: ' ' }, { type: 'tool_use', id: 'toolu_1', name: 'Read', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '' }, { type: 'text', text: 'data' }] }] },
        { role: 'user', content: [{ type: 'text', text: '' }] },
      ],
    };
    const before = JSON.stringify(body);
    const { out } = prepare(body);
    expect(JSON.stringify(body)).toBe(before);
    expect(out.system).toEqual([{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral', ttl: '1h' } }]);
    expect(out.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral' } }] },
      { role: 'assistant', content: [thinking, { type: 'tool_use', id: 'toolu_1', name: 'Read', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'data' }] }] },
    ]);
    expect(out.messages[1]!.content).toContainEqual(thinking);
    expect(checkAnthropicRequest(out, { verifySignatures: false })).toBeUndefined();
  });
});
