import { createMemoryLogger } from '../../../core/log/logger';
import type { ChatCompletionRequest } from '../../../core/protocol/openai/types';
import { applyDatabricksRules } from '../../../plugins/azure-databricks/apply-databricks-rules';
import { checkDatabricksChat } from '../../../scripts/simulators';

function apply(body: ChatCompletionRequest) {
  const { logger, lines } = createMemoryLogger('debug');
  applyDatabricksRules(body, logger);
  return lines;
}

describe('applyDatabricksRules (invocations body)', () => {
  it('removes empty and blank text parts, and messages left with nothing', () => {
    const body: ChatCompletionRequest = {
      model: 'databricks-claude-sonnet-4',
      messages: [
        { role: 'system', content: '' },
        { role: 'user', content: [{ type: 'text', text: '' }, { type: 'text', text: 'hello' }, { type: 'text', text: '  \n' }] },
        { role: 'assistant', content: [{ type: 'text', text: '' }] },
        { role: 'user', content: '   ' },
        { role: 'user', content: 'next' },
      ],
    };
    const lines = apply(body);
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'hello' }] },
      { role: 'user', content: 'next' },
    ]);
    expect(lines.filter((line) => line.event === 'Removed a message with only empty text: Databricks rejects empty text content')).toHaveLength(3);
    expect(checkDatabricksChat(body)).toBeUndefined();
  });

  it('keeps an assistant turn that only calls tools, with null content instead of empty text', () => {
    const toolCalls = [{ id: 'toolu_1', type: 'function' as const, function: { name: 'Read', arguments: '{}' } }];
    const body: ChatCompletionRequest = {
      model: 'm',
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: '', tool_calls: toolCalls },
        { role: 'tool', tool_call_id: 'toolu_1', content: 'file text' },
      ],
    };
    apply(body);
    expect(body.messages[1]).toEqual({ role: 'assistant', content: null, tool_calls: toolCalls });
    expect(body.messages[2]).toEqual({ role: 'tool', tool_call_id: 'toolu_1', content: 'file text' });
  });

  it('keeps `name` on user messages only and strips fields Databricks calls extra inputs', () => {
    const reasoning = { type: 'reasoning' as const, summary: [{ type: 'summary_text' as const, text: 'hm', signature: 'sig' }] };
    const body = {
      model: 'm',
      messages: [
        { role: 'system', content: 'be brief', name: 'sys' },
        { role: 'user', content: 'hi', name: 'alice' },
        { role: 'assistant', content: [reasoning, { type: 'text', text: 'yo' }], name: 'bot', reasoning_details: [{ type: 'reasoning.text' }], thinking_blocks: [{}], reasoning: 'hm' },
      ],
      reasoning_details: [],
    } as unknown as ChatCompletionRequest;
    apply(body);
    expect(body.messages).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'hi', name: 'alice' },
      { role: 'assistant', content: [reasoning, { type: 'text', text: 'yo' }] },
    ]);
    expect(body).not.toHaveProperty('reasoning_details');
    expect(checkDatabricksChat(body)).toBeUndefined();
  });

  it('keeps only function tools, and drops tool_choice when none are left', () => {
    const fn = { type: 'function' as const, function: { name: 'Read', parameters: { type: 'object' } } };
    const mixed = { model: 'm', messages: [{ role: 'user' as const, content: 'x' }], tools: [fn, { type: 'web_search_20250305', name: 'web_search' }] } as unknown as ChatCompletionRequest;
    apply(mixed);
    expect(mixed.tools).toEqual([fn]);
    const none = { model: 'm', messages: [{ role: 'user' as const, content: 'x' }], tools: [{ type: 'web_search_20250305' }], tool_choice: 'required', parallel_tool_calls: false } as unknown as ChatCompletionRequest;
    apply(none);
    expect(none).not.toHaveProperty('tools');
    expect(none).not.toHaveProperty('tool_choice');
    expect(none).not.toHaveProperty('parallel_tool_calls');
  });

  it.each([
    [{ type: 'enabled', budget_tokens: 2048 }, 4096, true],
    [{ type: 'enabled', budget_tokens: 1024 }, 1025, true],
    [{ type: 'enabled', budget_tokens: 1000 }, 4096, false],
    [{ type: 'enabled', budget_tokens: 4096 }, 4096, false],
    [{ type: 'adaptive' }, 4096, true],
  ])('thinking %j with max_tokens %d kept: %s', (thinking, maxTokens, kept) => {
    const body = { model: 'm', messages: [{ role: 'user' as const, content: 'x' }], max_tokens: maxTokens, thinking } as ChatCompletionRequest;
    const lines = apply(body);
    expect('thinking' in body).toBe(kept);
    expect(lines.some((line) => line.event === 'Dropped thinking: Databricks needs 1024 <= budget_tokens < max_tokens')).toBe(!kept);
  });
});
