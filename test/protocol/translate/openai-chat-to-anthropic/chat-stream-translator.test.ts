import type { StreamEvent } from '../../../../core/protocol/anthropic/types';
import type { ChatCompletionChunk } from '../../../../core/protocol/openai/types';
import { ChatStreamTranslator } from '../../../../core/protocol/translate/openai-chat-to-anthropic';
import { assertAnthropicStreamGrammar } from '../../assert-anthropic-stream-grammar';
import { memoryLogger } from '../../support/request-builders';

type Delta = NonNullable<NonNullable<ChatCompletionChunk['choices']>[number]['delta']>;
const delta = (d: Delta, finish_reason: string | null = null): ChatCompletionChunk => ({ choices: [{ index: 0, delta: d, finish_reason }] });
const call = (index: number | undefined, id?: string, name?: string, args?: unknown) => ({
  ...(index === undefined ? {} : { index }),
  ...(id ? { id, type: 'function' as const } : {}),
  function: { ...(name ? { name } : {}), ...(args === undefined ? {} : { arguments: args as string }) },
});

function run(chunks: ChatCompletionChunk[], logger = memoryLogger().logger): { events: StreamEvent[]; perChunk: StreamEvent[][] } {
  const translator = new ChatStreamTranslator({ requestedModel: 'claude-x', inputTokenEstimate: 10, logger });
  const perChunk = [translator.start(), ...chunks.map((chunk) => translator.push(chunk)), translator.finish()];
  return { events: perChunk.flat(), perChunk };
}

describe('ChatStreamTranslator', () => {
  test('keepAlive is a ping only while streaming', () => {
    const translator = new ChatStreamTranslator({ requestedModel: 'm' });
    expect(translator.keepAlive()).toEqual([]);
    translator.start();
    expect(translator.keepAlive()).toEqual([{ type: 'ping' }]);
    translator.push(delta({ content: 'x' }, 'stop'));
    translator.finish();
    expect(translator.keepAlive()).toEqual([]);
    expect(translator.push(delta({ content: 'late' }))).toEqual([]);
    expect(translator.finish()).toEqual([]);
  });

  test('message_start is seeded with the local estimate, never 0 for a prompt', () => {
    const [start] = new ChatStreamTranslator({ requestedModel: 'claude-x', inputTokenEstimate: 1234 }).start();
    expect(start).toMatchObject({ type: 'message_start', message: { model: 'claude-x', usage: { input_tokens: 1234 } } });
  });

  test('push without start() still begins with message_start', () => {
    const translator = new ChatStreamTranslator({ requestedModel: 'm' });
    expect(translator.push(delta({ content: 'a' }))[0]!.type).toBe('message_start');
  });

  test('text after a completed tool call closes the tool block and opens a new text block', () => {
    const { events } = run([
      delta({ tool_calls: [call(0, 'toolu_a', 'Read', '{"p":1}')] }),
      delta({ content: 'and more' }, 'tool_calls'),
    ]);
    expect(assertAnthropicStreamGrammar(events).message.content).toEqual([
      { type: 'tool_use', id: 'toolu_a', name: 'Read', input: { p: 1 } },
      { type: 'text', text: 'and more' },
    ]);
  });

  test('content arriving while a tool call is incomplete waits for it, then flows', () => {
    const { events, perChunk } = run([
      delta({ tool_calls: [call(0, 'toolu_a', 'Read', '{"p":')] }),
      delta({ content: 'note' }),
      delta({ tool_calls: [call(0, undefined, undefined, '2}')] }),
      delta({}, 'tool_calls'),
    ]);
    expect(perChunk[2]).toEqual([]);
    expect(perChunk[3]!.map((event) => event.type)).toEqual(['content_block_delta', 'content_block_stop', 'content_block_start', 'content_block_delta']);
    expect(assertAnthropicStreamGrammar(events).message.content).toEqual([
      { type: 'tool_use', id: 'toolu_a', name: 'Read', input: { p: 2 } },
      { type: 'text', text: 'note' },
    ]);
  });

  test('tool calls without index are keyed by id, and id-less fragments continue the last call', () => {
    const { events } = run([
      delta({ tool_calls: [call(undefined, 'x1', 'A', '{"a"')] }),
      delta({ tool_calls: [call(undefined, undefined, undefined, ':1}')] }),
      delta({ tool_calls: [call(undefined, 'x2', 'B', '{"b":2}')] }),
      delta({}, 'tool_calls'),
    ]);
    expect(assertAnthropicStreamGrammar(events).message.content).toEqual([
      { type: 'tool_use', id: 'x1', name: 'A', input: { a: 1 } },
      { type: 'tool_use', id: 'x2', name: 'B', input: { b: 2 } },
    ]);
  });

  test('arguments sent as an object instead of a string are serialized once', () => {
    const { events } = run([delta({ tool_calls: [call(0, 't', 'A', { q: 'x' })] }, 'tool_calls')]);
    expect(assertAnthropicStreamGrammar(events).message.content).toEqual([{ type: 'tool_use', id: 't', name: 'A', input: { q: 'x' } }]);
  });

  test('a tool call that never gets a name is dropped with a warning; stop reason follows what was sent', () => {
    const { lines, logger } = memoryLogger();
    const { events } = run([delta({ content: 'hi' }), delta({ tool_calls: [call(0, 'nameless', undefined, '{}')] }, 'tool_calls')], logger);
    const outcome = assertAnthropicStreamGrammar(events);
    expect(outcome.message.content).toEqual([{ type: 'text', text: 'hi' }]);
    expect(outcome.message.stop_reason).toBe('end_turn');
    expect(lines.some((line) => line.level === 'warn')).toBe(true);
  });

  test('a new reasoning_details index, or thinking after a signature, starts a new thinking block', () => {
    const { events } = run([
      delta({ reasoning_details: [{ type: 'reasoning.text', text: 'one', index: 0 }] }),
      delta({ reasoning_details: [{ type: 'reasoning.text', text: 'two', index: 1, signature: 's2' }] }),
      delta({ reasoning_details: [{ type: 'reasoning.text', text: 'three', index: 1 }] }),
      delta({ content: 'answer' }, 'stop'),
    ]);
    expect(assertAnthropicStreamGrammar(events).message.content).toEqual([
      { type: 'thinking', thinking: 'one', signature: '' },
      { type: 'thinking', thinking: 'two', signature: 's2' },
      { type: 'thinking', thinking: 'three', signature: '' },
      { type: 'text', text: 'answer' },
    ]);
  });

  test('interleaved thinking: thinking after text opens a fresh thinking block', () => {
    const { events } = run([delta({ reasoning: 'a' }), delta({ content: 'b' }), delta({ reasoning: 'c' }), delta({}, 'stop')]);
    expect(assertAnthropicStreamGrammar(events).message.content.map((block) => block.type)).toEqual(['thinking', 'text', 'thinking']);
  });

  test('content after the finish reason is ignored; usage after it is used', () => {
    const { events } = run([
      delta({ content: 'done' }, 'stop'),
      delta({ content: 'ghost' }),
      { choices: [], usage: { prompt_tokens: 7, completion_tokens: 3 } },
    ]);
    const outcome = assertAnthropicStreamGrammar(events);
    expect(outcome.message.content).toEqual([{ type: 'text', text: 'done' }]);
    expect(outcome.message.usage).toMatchObject({ input_tokens: 7, output_tokens: 3 });
  });

  test('a top-level error object mid-stream ends with an error event', () => {
    const { events } = run([delta({ content: 'par' }), { error: { code: 503, message: 'No provider available' } }]);
    expect(assertAnthropicStreamGrammar(events, 'error').error).toEqual({ type: 'overloaded_error', message: 'No provider available' });
  });

  test.each([
    ['error_code chunk, with the plugin\'s table of codes', { error_code: 'REQUEST_LIMIT_EXCEEDED', message: 'Too many requests' }, { type: 'rate_limit_error', message: 'Too many requests' }],
    ['error_code chunk with an empty choices list', { choices: [], error_code: 'INTERNAL_ERROR', message: 'Model crashed' }, { type: 'api_error', message: 'Model crashed' }],
    ['error object without choices', { error: { message: 'litellm.APIError: boom', type: 'None', code: '500' } }, { type: 'api_error', message: 'litellm.APIError: boom' }],
    [
      'finish_reason "error" with the error on the choice',
      { choices: [{ index: 0, delta: {}, finish_reason: 'error', error: { code: 502, message: 'Provider disconnected' } }] },
      { type: 'overloaded_error', message: 'Provider disconnected' },
    ],
  ])('%s: an error event with the upstream message, and nothing after it', (_name, chunk, error) => {
    const translator = new ChatStreamTranslator({ requestedModel: 'm', errorCodes: { REQUEST_LIMIT_EXCEEDED: 429 } });
    translator.start();
    translator.push(delta({ content: 'par' }));
    expect(translator.push(chunk as ChatCompletionChunk)).toEqual([{ type: 'error', error }]);
    expect(translator.done).toBe(true);
    expect(translator.push(delta({ content: 'more' }))).toEqual([]);
    expect(translator.keepAlive()).toEqual([]);
    expect(translator.finish()).toEqual([]);
  });

  test('a chunk without choices that is not an error (usage only, or unknown) is not one', () => {
    const { events } = run([delta({ content: 'ok' }), { message: 'just a note' } as ChatCompletionChunk, { error_code: 42 } as ChatCompletionChunk, delta({}, 'stop')]);
    expect(assertAnthropicStreamGrammar(events).message.content).toEqual([{ type: 'text', text: 'ok' }]);
  });
});
