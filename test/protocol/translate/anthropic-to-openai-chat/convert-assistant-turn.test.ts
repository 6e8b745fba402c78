import { request, translate } from '../../support/request-builders';
import { sanitizeToolCallId } from '../../../../core/protocol/translate/sanitize-tool-call-id';

const thinkingTurn = {
  role: 'assistant' as const,
  content: [
    { type: 'thinking', thinking: 'I should read the file.', signature: 'EqoBCkgIARABGAIiQL+sig/==' },
    { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT' },
    { type: 'thinking', thinking: 'unsigned, from another model' },
    { type: 'text', text: 'Reading it.' },
    { type: 'tool_use', id: 'toolu_01Read', name: 'Read', input: { file_path: '/a.ts', limit: 20 } },
  ],
};
const toolResult = { role: 'user' as const, content: [{ type: 'tool_result', tool_use_id: 'toolu_01Read', content: 'file body' }] };

describe('assistant turns (convert-assistant-turn, convert-thinking-history)', () => {
  test('tool_use -> tool_calls with the id kept and input as a JSON string', () => {
    const { result } = translate(request({ messages: [{ role: 'user', content: 'go' }, thinkingTurn, toolResult] }), { reasoningChannel: 'none' });
    expect(result.messages[1]).toEqual({
      role: 'assistant',
      content: 'Reading it.',
      tool_calls: [{ id: 'toolu_01Read', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/a.ts","limit":20}' } }],
    });
    expect(result.messages[2]).toEqual({ role: 'tool', tool_call_id: 'toolu_01Read', content: 'file body' });
  });

  test('an assistant turn with only tool calls has content null', () => {
    const { result } = translate(request({ messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'LS', input: {} }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'ok' }] }] }));
    expect(result.messages[0]).toEqual({ role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'LS', arguments: '{}' } }] });
  });

  test('ids with characters Anthropic rejects are sanitized the same way in tool_calls and tool messages', () => {
    const { result } = translate(
      request({
        messages: [
          { role: 'assistant', content: [{ type: 'tool_use', id: 'functions.Read:0', name: 'Read', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'functions.Read:0', content: 'x' }] },
        ],
      }),
    );
    const id = sanitizeToolCallId('functions.Read:0');
    expect(id).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(sanitizeToolCallId('functions_Read_0')).not.toBe(id);
    expect((result.messages[0] as { tool_calls: Array<{ id: string }> }).tool_calls[0]!.id).toBe(id);
    expect(result.messages[1]).toMatchObject({ role: 'tool', tool_call_id: id });
  });

  test('openrouter: signed thinking goes back as reasoning_details, signatures unchanged; unsigned dropped', () => {
    const { result, lines } = translate(request({ messages: [{ role: 'user', content: 'go' }, thinkingTurn, toolResult] }), { reasoningChannel: 'reasoning_details' });
    expect(result.messages[1]).toMatchObject({
      role: 'assistant',
      content: 'Reading it.',
      reasoning_details: [
        { type: 'reasoning.text', text: 'I should read the file.', signature: 'EqoBCkgIARABGAIiQL+sig/==', format: 'anthropic-claude-v1', index: 0 },
        { type: 'reasoning.encrypted', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT', format: 'anthropic-claude-v1', index: 1 },
      ],
    });
    expect(lines.some((line) => line.message === 'Dropped unsigned thinking blocks from history')).toBe(true);
  });

  test('databricks: thinking goes back as reasoning parts inside content, never as an extra field', () => {
    const { result } = translate(request({ messages: [{ role: 'user', content: 'go' }, thinkingTurn, toolResult] }), { reasoningChannel: 'reasoning_parts' });
    const assistant = result.messages[1] as Record<string, unknown>;
    expect(Object.keys(assistant).sort()).toEqual(['content', 'role', 'tool_calls']);
    expect(assistant.content).toEqual([
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'I should read the file.', signature: 'EqoBCkgIARABGAIiQL+sig/==' }] },
      { type: 'reasoning', summary: [{ type: 'summary_encrypted_text', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT' }] },
      { type: 'text', text: 'Reading it.' },
    ]);
  });

  test('litellm: signed and redacted thinking go back as thinking_blocks on the message, in order, signatures unchanged', () => {
    const { result, lines } = translate(request({ messages: [{ role: 'user', content: 'go' }, thinkingTurn, toolResult] }), { reasoningChannel: 'thinking_blocks' });
    expect(result.messages[1]).toEqual({
      role: 'assistant',
      content: 'Reading it.',
      tool_calls: [{ id: 'toolu_01Read', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/a.ts","limit":20}' } }],
      thinking_blocks: [
        { type: 'thinking', thinking: 'I should read the file.', signature: 'EqoBCkgIARABGAIiQL+sig/==' },
        { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT' },
      ],
    });
    expect(lines.some((line) => line.message === 'Dropped unsigned thinking blocks from history')).toBe(true);
  });

  test('litellm: a turn whose thinking is all unsigned carries no thinking_blocks field', () => {
    const turn = { role: 'assistant' as const, content: [{ type: 'thinking', thinking: 'no signature' }, { type: 'text', text: 'Answer.' }] };
    const { result } = translate(request({ messages: [{ role: 'user', content: 'q' }, turn, { role: 'user', content: 'next' }] }), { reasoningChannel: 'thinking_blocks' });
    expect(result.messages[1]).toEqual({ role: 'assistant', content: 'Answer.' });
  });

  test('none: thinking blocks are dropped from history with a debug line', () => {
    const { result, lines } = translate(request({ messages: [{ role: 'user', content: 'go' }, thinkingTurn, toolResult] }), { reasoningChannel: 'none' });
    expect(JSON.stringify(result)).not.toContain('I should read the file');
    expect(JSON.stringify(result)).not.toContain('EmwKAhgBEgy3va3pzix');
    expect(lines.some((line) => line.level === 'debug' && /Dropped thinking blocks/.test(line.message))).toBe(true);
  });

  test('`name` is never set on any message (Databricks allows it on user messages only)', () => {
    const { result } = translate(request({ system: 's', messages: [{ role: 'user', content: 'go' }, thinkingTurn, toolResult] }), { reasoningChannel: 'reasoning_parts' });
    for (const message of result.messages) expect(message).not.toHaveProperty('name');
  });
});
