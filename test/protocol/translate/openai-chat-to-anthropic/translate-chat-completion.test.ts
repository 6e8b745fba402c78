import { ApiError } from '../../../../core/protocol/anthropic/errors';
import type { ChatCompletion } from '../../../../core/protocol/openai/types';
import { RAW_ARGUMENTS_KEY, translateChatCompletion } from '../../../../core/protocol/translate/openai-chat-to-anthropic';

const OPTIONS = { requestedModel: 'claude-sonnet-4-5-20250929', inputTokenEstimate: 99 };

function completion(message: ChatCompletion['choices'][number]['message'], finish: string | null = 'stop', extra: Record<string, unknown> = {}): ChatCompletion {
  return {
    id: 'gen-1',
    model: 'anthropic/claude-sonnet-4',
    choices: [{ index: 0, finish_reason: finish, message, ...extra }],
    usage: { prompt_tokens: 50, completion_tokens: 10, total_tokens: 60 },
  };
}

describe('translateChatCompletion', () => {
  test('text -> text block; id msg_…; model echoes the client; usage converted', () => {
    const message = translateChatCompletion(completion({ role: 'assistant', content: 'Hello.' }), OPTIONS);
    expect(message).toEqual({
      id: expect.stringMatching(/^msg_01[0-9A-Za-z]{22}$/),
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: [{ type: 'text', text: 'Hello.' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 50, output_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
  });

  test('tool calls -> tool_use blocks with parsed input; unparsable arguments kept under _raw_arguments', () => {
    const message = translateChatCompletion(
      completion(
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'toolu_1', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/a"}' } },
            { id: 'call.2', type: 'function', function: { name: 'Bash', arguments: '{"command": "ls' } },
            { id: '', type: 'function', function: { name: 'LS', arguments: '' } },
          ],
        },
        'tool_calls',
      ),
      OPTIONS,
    );
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: '/a' } },
      { type: 'tool_use', id: expect.stringMatching(/^call_2_[a-z0-9]+$/), name: 'Bash', input: { [RAW_ARGUMENTS_KEY]: '{"command": "ls' } },
      { type: 'tool_use', id: expect.stringMatching(/^toolu_01/), name: 'LS', input: {} },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  test('OpenRouter reasoning_details -> thinking with signature and redacted_thinking; the duplicate `reasoning` string is not repeated', () => {
    const message = translateChatCompletion(
      completion({
        role: 'assistant',
        content: 'Answer.',
        reasoning: 'Think.',
        reasoning_details: [
          { type: 'reasoning.text', text: 'Think.', signature: 'sig-1', format: 'anthropic-claude-v1', index: 0 },
          { type: 'reasoning.encrypted', data: 'opaque', format: 'anthropic-claude-v1', index: 1 },
        ],
      }),
      OPTIONS,
    );
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Think.', signature: 'sig-1' },
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'text', text: 'Answer.' },
    ]);
  });

  test('a plain `reasoning` string -> a thinking block with an empty signature', () => {
    const message = translateChatCompletion(completion({ role: 'assistant', content: 'A.', reasoning: 'Because.' }), OPTIONS);
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Because.', signature: '' },
      { type: 'text', text: 'A.' },
    ]);
  });

  test('Databricks content parts with reasoning summaries -> thinking blocks with their signatures', () => {
    const message = translateChatCompletion(
      completion({
        role: 'assistant',
        content: [
          { type: 'reasoning', summary: [{ type: 'summary_text', text: 'First.', signature: 's1' }, { type: 'summary_text', text: 'Second.', signature: 's2' }] },
          { type: 'reasoning', summary: [{ type: 'summary_encrypted_text', data: 'enc' }] },
          { type: 'text', text: 'Done' },
          { type: 'text', text: ' here.' },
        ],
      }),
      OPTIONS,
    );
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'First.', signature: 's1' },
      { type: 'thinking', thinking: 'Second.', signature: 's2' },
      { type: 'redacted_thinking', data: 'enc' },
      { type: 'text', text: 'Done here.' },
    ]);
  });

  test('stop reason is derived from what was emitted', () => {
    const withTools = completion({ role: 'assistant', content: null, tool_calls: [{ id: 't', type: 'function', function: { name: 'X', arguments: '{}' } }] }, 'stop');
    expect(translateChatCompletion(withTools, OPTIONS).stop_reason).toBe('tool_use');
    expect(translateChatCompletion(completion({ role: 'assistant', content: 'x' }, 'tool_calls'), OPTIONS).stop_reason).toBe('end_turn');
  });

  test('OpenRouter native_finish_reason stop_sequence + matched string -> stop_sequence', () => {
    const hit = completion({ role: 'assistant', content: '1 2 3' }, 'stop', { native_finish_reason: 'stop_sequence', stop_reason: 'END' });
    expect(translateChatCompletion(hit, { ...OPTIONS, stopSequences: ['END', '###'] })).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'END' });
    const noString = completion({ role: 'assistant', content: '1 2 3' }, 'stop', { native_finish_reason: 'stop_sequence' });
    expect(translateChatCompletion(noString, { ...OPTIONS, stopSequences: ['END', '###'] })).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: null });
  });

  test('no usage -> input from the local estimate, output estimated from the content', () => {
    const body = completion({ role: 'assistant', content: 'x'.repeat(35) });
    delete body.usage;
    expect(translateChatCompletion(body, OPTIONS).usage).toEqual({ input_tokens: 99, output_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
  });

  test('LiteLLM: thinking_blocks (signed, several, redacted) are preferred over reasoning_content', () => {
    const body = {
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          message: {
            role: 'assistant',
            content: 'Paris.',
            reasoning_content: 'First thought.Second thought.',
            thinking_blocks: [
              { type: 'thinking', thinking: 'First thought.', signature: 'sig-one==' },
              { type: 'redacted_thinking', data: 'EmwRedacted==' },
              { type: 'thinking', thinking: 'Second thought.', signature: 'sig-two==' },
            ],
          },
        },
      ],
    } as unknown as ChatCompletion;
    expect(translateChatCompletion(body, OPTIONS).content).toEqual([
      { type: 'thinking', thinking: 'First thought.', signature: 'sig-one==' },
      { type: 'redacted_thinking', data: 'EmwRedacted==' },
      { type: 'thinking', thinking: 'Second thought.', signature: 'sig-two==' },
      { type: 'text', text: 'Paris.' },
    ]);
  });

  test('LiteLLM: unsigned thinking_blocks stay separate blocks; reasoning_content alone is one thinking block', () => {
    const blocks = {
      choices: [{ index: 0, finish_reason: 'stop', message: { content: 'ok', thinking_blocks: [{ type: 'thinking', thinking: 'a' }, { type: 'thinking', thinking: 'b' }] } }],
    } as unknown as ChatCompletion;
    expect(translateChatCompletion(blocks, OPTIONS).content.map((block) => block.type)).toEqual(['thinking', 'thinking', 'text']);
    const plain = { choices: [{ index: 0, finish_reason: 'stop', message: { content: 'ok', reasoning_content: 'Because.' } }] } as unknown as ChatCompletion;
    expect(translateChatCompletion(plain, OPTIONS).content).toEqual([
      { type: 'thinking', thinking: 'Because.', signature: '' },
      { type: 'text', text: 'ok' },
    ]);
  });

  test('an error object in a 200 answer throws an ApiError with the upstream message', () => {
    const body = { choices: [], error: { code: 502, message: 'Provider returned error' } } as unknown as ChatCompletion;
    expect(() => translateChatCompletion(body, OPTIONS)).toThrow(ApiError);
    expect(() => translateChatCompletion(body, OPTIONS)).toThrow('Provider returned error');
    expect(() => translateChatCompletion({ choices: [] } as ChatCompletion, OPTIONS)).toThrow(/without a choice/);
  });

  test('errors in a 200 answer are mapped by readUpstreamError: status and type follow what they carry', () => {
    const thrown = (body: unknown) => {
      try {
        translateChatCompletion(body as ChatCompletion, OPTIONS);
      } catch (error) {
        return error as ApiError;
      }
      throw new Error('expected a throw');
    };
    expect(thrown({ choices: [], error: { code: 502, message: 'Provider returned error' } })).toMatchObject({ status: 529, type: 'overloaded_error' });
    expect(thrown({ choices: [{ index: 0, finish_reason: 'error', message: { content: null }, error: { code: 429, message: 'Slow down' } }] })).toMatchObject({
      status: 429,
      type: 'rate_limit_error',
      message: 'Slow down',
    });
    expect(thrown({ error_code: 'BAD_REQUEST', message: 'Input is too long for requested model.' })).toMatchObject({
      status: 400,
      type: 'invalid_request_error',
      message: 'prompt is too long: Input is too long for requested model.',
    });
  });
});
