import { checkAnthropicRequest } from '../../scripts/simulators/check-anthropic-request';
import { checkChatRequest } from '../../scripts/simulators/check-chat-request';
import { checkDatabricksChat } from '../../scripts/simulators/check-databricks-rules';
import { signThinking } from '../../scripts/simulators/thinking-signature';

const use = { type: 'tool_use', id: 'toolu_1', name: 'Read', input: {} };
const result = { type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' };

describe('checkAnthropicRequest', () => {
  it('accepts a well-formed tool loop, with a mid-conversation system entry', () => {
    expect(
      checkAnthropicRequest({
        model: 'm',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'go' }, { role: 'assistant', content: [use] }, { role: 'system', content: 'note' }, { role: 'user', content: [result] }],
      }),
    ).toBeUndefined();
  });

  it('requires fields, non-empty content and known roles', () => {
    expect(checkAnthropicRequest({ max_tokens: 1, messages: [] })).toBe('model: Field required');
    expect(checkAnthropicRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }] })).toBe('max_tokens: Field required');
    expect(checkAnthropicRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, { countTokens: true })).toBeUndefined();
    expect(checkAnthropicRequest({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: '' }] })).toMatch(/non-empty content/);
    expect(checkAnthropicRequest({ model: 'm', max_tokens: 1, messages: [{ role: 'tool', content: 'x' }] })).toMatch(/role/);
  });

  it('rejects a tool_result that answers no tool_use', () => {
    expect(checkAnthropicRequest({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: [result] }] })).toMatch(/unexpected `tool_use_id`.*toolu_1/);
  });

  it('requires the continued assistant turn to start with thinking when thinking is on', () => {
    const body = (assistant: unknown[]) => ({
      model: 'm',
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'go' }, { role: 'assistant', content: assistant }, { role: 'user', content: [result] }],
    });
    expect(checkAnthropicRequest(body([use]))).toMatch(/must start with a thinking block/);
    expect(checkAnthropicRequest(body([{ type: 'thinking', thinking: 't', signature: signThinking('t') }, use]))).toBeUndefined();
    expect(checkAnthropicRequest(body([{ type: 'thinking', thinking: 't', signature: 'x' }, use]))).toMatch(/Invalid `signature`/);
    expect(checkAnthropicRequest(body([{ type: 'thinking', thinking: 't', signature: 'x' }, use]), { verifySignatures: false })).toBeUndefined();
  });
});

describe('checkChatRequest', () => {
  const call = { id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } };

  it('requires each tool call to be answered right after, and each tool message to answer one', () => {
    expect(checkChatRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: 'c1', content: 'r' }] })).toBeUndefined();
    expect(checkChatRequest({ model: 'm', messages: [{ role: 'assistant', content: null, tool_calls: [call] }, { role: 'user', content: 'x' }] })).toMatch(/did not have response messages: c1/);
    expect(checkChatRequest({ model: 'm', messages: [{ role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: 'c1', content: 'r' }, { role: 'tool', tool_call_id: 'c2', content: 'r' }] })).toMatch(/messages.2: .*c2 not found/);
  });

  it('requires a model unless told otherwise', () => {
    expect(checkChatRequest({ messages: [{ role: 'user', content: 'x' }] })).toBe('model: Field required');
    expect(checkChatRequest({ messages: [{ role: 'user', content: 'x' }] }, { requireModel: false })).toBeUndefined();
  });
});

describe('checkDatabricksChat', () => {
  it('allows empty content next to tool calls but not on its own', () => {
    const call = { id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } };
    expect(checkDatabricksChat({ messages: [{ role: 'assistant', content: '', tool_calls: [call] }] })).toBeUndefined();
    expect(checkDatabricksChat({ messages: [{ role: 'assistant', content: '' }] })).toMatch(/non-empty/);
  });

  it('rejects message-level cache_control and a budget not below max_tokens', () => {
    expect(checkDatabricksChat({ messages: [{ role: 'user', content: 'x', cache_control: { type: 'ephemeral' } }] })).toMatch(/cache_control: Extra inputs/);
    expect(checkDatabricksChat({ max_tokens: 1024, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [] })).toMatch(/greater than/);
  });
});
