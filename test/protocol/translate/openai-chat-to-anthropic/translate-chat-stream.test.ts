import { ApiError } from '../../../../core/protocol/anthropic/errors';
import type { StreamEvent } from '../../../../core/protocol/anthropic/types';
import type { ChatResponseOptions } from '../../../../core/protocol/translate/openai-chat-to-anthropic';
import { eachEvent } from '../../../../core/protocol/anthropic/event-stream';
import { translateChatStream } from '../../../../core/protocol/translate/openai-chat-to-anthropic';
import { assertAnthropicStreamGrammar, type StreamOutcome } from '../../assert-anthropic-stream-grammar';
import { collect, iterate, readFixture, splittings } from '../../support/stream-fixtures';

/** The translator's batches, one event at a time. */
const translate = (body: AsyncIterable<Uint8Array | string>, options: ChatResponseOptions) => eachEvent(translateChatStream(body, options));

const BASE_OPTIONS: ChatResponseOptions = { requestedModel: 'claude-sonnet-4-5-20250929', inputTokenEstimate: 42, messageId: 'msg_fixture' };

/**
 * Runs a fixture through translateChatStream whole, byte by byte and cut at random
 * places; every way must give the same events, in a valid grammar.
 */
async function translateFixture(
  name: string,
  expectEnd: 'message_stop' | 'error' = 'message_stop',
  options: Partial<ChatResponseOptions> = {},
): Promise<StreamOutcome & { events: StreamEvent[] }> {
  const bytes = readFixture(name);
  let reference: StreamEvent[] | undefined;
  for (const way of splittings(bytes)) {
    const events = await collect(translate(iterate(way.chunks), { ...BASE_OPTIONS, ...options }));
    if (!reference) reference = events;
    else expect({ way: way.label, events }).toEqual({ way: way.label, events: reference });
  }
  return { ...assertAnthropicStreamGrammar(reference!, expectEnd), events: reference! };
}

const textOf = (outcome: StreamOutcome) =>
  outcome.message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');

describe('translateChatStream over upstream quirks (one fixture each)', () => {
  test('openrouter-processing-comments: `: OPENROUTER PROCESSING` comments become pings, never data', async () => {
    const outcome = await translateFixture('openrouter-processing-comments.sse');
    expect(outcome.message.content).toEqual([{ type: 'text', text: 'Hello world' }]);
    expect(outcome.events.filter((event) => event.type === 'ping')).toHaveLength(3);
    expect(JSON.stringify(outcome.events)).not.toContain('OPENROUTER');
    expect(outcome.message.stop_reason).toBe('end_turn');
    expect(outcome.message.model).toBe('claude-sonnet-4-5-20250929');
  });

  test('tool-args-split-across-chunks: fragments (inside strings and escapes) are forwarded in order', async () => {
    const outcome = await translateFixture('tool-args-split-across-chunks.sse');
    expect(outcome.message.content).toEqual([
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'Bash', input: { command: 'ls -la "my dir"', description: 'List files é\\n' } },
    ]);
    const deltas = outcome.events.filter((event) => event.type === 'content_block_delta' && event.delta.type === 'input_json_delta');
    expect(deltas.length).toBeGreaterThan(10);
    expect(outcome.message.stop_reason).toBe('tool_use');
  });

  test('parallel-tool-calls-one-chunk: every tool call of a chunk gets its own block', async () => {
    const outcome = await translateFixture('parallel-tool-calls-one-chunk.sse');
    expect(outcome.message.content).toEqual([
      { type: 'text', text: "I'll read both files." },
      { type: 'tool_use', id: 'toolu_01ReadA', name: 'Read', input: { file_path: '/a.txt' } },
      { type: 'tool_use', id: 'toolu_01ReadB', name: 'Read', input: { file_path: '/b.txt' } },
    ]);
  });

  test('interleaved-tool-call-indices: arguments are kept per index and the later call waits for the first to complete', async () => {
    const outcome = await translateFixture('interleaved-tool-call-indices.sse');
    expect(outcome.message.content).toEqual([
      { type: 'tool_use', id: 'call_0', name: 'Read', input: { file_path: '/x.ts' } },
      { type: 'tool_use', id: 'call_1', name: 'Grep', input: { pattern: 'TODO', path: 'src' } },
    ]);
    // The first call's block opened as soon as its id and name were known, before its arguments.
    const firstStart = outcome.events.findIndex((event) => event.type === 'content_block_start');
    const firstArgs = outcome.events.findIndex((event) => event.type === 'content_block_delta');
    expect(firstStart).toBeLessThan(firstArgs);
  });

  test('empty-tool-arguments: a call streamed with empty arguments gets `{}`', async () => {
    const outcome = await translateFixture('empty-tool-arguments.sse');
    expect(outcome.message.content).toEqual([{ type: 'tool_use', id: 'toolu_01Empty', name: 'TodoRead', input: {} }]);
    const partials = outcome.events.flatMap((event) =>
      event.type === 'content_block_delta' && event.delta.type === 'input_json_delta' ? [event.delta.partial_json] : [],
    );
    expect(partials).toEqual(['{}']);
  });

  test('role-only-first-chunk: no empty block is opened for a role-only or empty-content chunk; UTF-8 split anywhere survives', async () => {
    const outcome = await translateFixture('role-only-first-chunk.sse');
    expect(outcome.message.content).toEqual([{ type: 'text', text: 'Hi there 👋 — ünïcode.' }]);
  });

  test('usage-missing: message_start keeps the local estimate and message_delta estimates output', async () => {
    const outcome = await translateFixture('usage-missing.sse');
    const start = outcome.events[0] as Extract<StreamEvent, { type: 'message_start' }>;
    expect(start.message.usage.input_tokens).toBe(42);
    expect(outcome.message.usage.input_tokens).toBe(42);
    expect(outcome.message.usage.output_tokens).toBeGreaterThan(0);
  });

  test('usage-only-in-last-chunk: usage after the finish chunk is used, cached tokens split out', async () => {
    const outcome = await translateFixture('usage-only-in-last-chunk.sse');
    expect(outcome.message.usage).toEqual({ input_tokens: 200, output_tokens: 5, cache_read_input_tokens: 800, cache_creation_input_tokens: 0 });
  });

  test('crlf-line-endings: CRLF-delimited events parse like LF ones', async () => {
    const outcome = await translateFixture('crlf-line-endings.sse');
    expect(textOf(outcome)).toBe('Line one\nline two');
    expect(outcome.message.usage.output_tokens).toBe(20);
  });

  test('multi-line-data: an event whose JSON spans several data: lines', async () => {
    const outcome = await translateFixture('multi-line-data.sse');
    expect(textOf(outcome)).toBe('Multi-line data');
    expect(outcome.message.stop_reason).toBe('end_turn');
  });

  test('mid-stream-error-finish-reason-error: an error event with the upstream message, never a fake end_turn', async () => {
    const outcome = await translateFixture('mid-stream-error-finish-reason-error.sse', 'error');
    expect(outcome.error).toEqual({ type: 'overloaded_error', message: 'Provider returned error (Anthropic): overloaded' });
    expect(outcome.events.some((event) => event.type === 'message_delta')).toBe(false);
    expect(textOf(outcome)).toBe('Partial ans');
  });

  test('databricks-error-chunk: a bare {error_code, message} chunk ends the stream with the upstream message', async () => {
    const outcome = await translateFixture('databricks-error-chunk.sse', 'error');
    expect(outcome.error).toEqual({ type: 'api_error', message: 'Model crashed mid-stream' });
    expect(outcome.events.some((event) => event.type === 'message_delta')).toBe(false);
    expect(textOf(outcome)).toBe('Partial answer that br');
  });

  test('closed-without-finish-reason: a body that just ends is an error', async () => {
    const outcome = await translateFixture('closed-without-finish-reason.sse', 'error');
    expect(outcome.error?.type).toBe('api_error');
    expect(outcome.error?.message).toMatch(/before the answer was complete/);
  });

  test('reasoning-details-with-signature: thinking block with its signature just before its stop, then text', async () => {
    const outcome = await translateFixture('reasoning-details-with-signature.sse');
    expect(outcome.message.content).toEqual([
      { type: 'thinking', thinking: 'The user wants a greeting.', signature: 'EqQBCkYIBxgCKkBsig+/==' },
      { type: 'text', text: 'Hello! How can I help?' },
    ]);
    const stopIndex = outcome.events.findIndex((event) => event.type === 'content_block_stop');
    const before = outcome.events[stopIndex - 1] as Extract<StreamEvent, { type: 'content_block_delta' }>;
    expect(before.delta).toEqual({ type: 'signature_delta', signature: 'EqQBCkYIBxgCKkBsig+/==' });
    expect(outcome.message.usage).toEqual({ input_tokens: 20, output_tokens: 40, cache_read_input_tokens: 150, cache_creation_input_tokens: 30 });
  });

  test('reasoning-encrypted-redacted: reasoning.encrypted becomes a redacted_thinking block', async () => {
    const outcome = await translateFixture('reasoning-encrypted-redacted.sse');
    expect(outcome.message.content).toEqual([
      { type: 'redacted_thinking', data: 'EncryptedBlob==' },
      { type: 'text', text: 'Done.' },
    ]);
  });

  test('databricks-reasoning-parts: list-shaped deltas with reasoning summaries and a held `{}` placeholder', async () => {
    const outcome = await translateFixture('databricks-reasoning-parts.sse');
    expect(outcome.message.content).toEqual([
      { type: 'thinking', thinking: 'Need to list the directory.', signature: 'dbx-sig-123==' },
      { type: 'text', text: 'Listing now.' },
      { type: 'tool_use', id: 'toolu_bdrk_01', name: 'LS', input: { path: '/repo' } },
    ]);
  });

  test('litellm-thinking-blocks-signature-later: thinking_blocks win over the reasoning_content that repeats them; the signature comes in a later delta', async () => {
    const outcome = await translateFixture('litellm-thinking-blocks-signature-later.sse');
    expect(outcome.message.content).toEqual([
      { type: 'thinking', thinking: 'The user wants the file listed.', signature: 'EqQBCkYIBxgCKkBlitellm+/==' },
      { type: 'redacted_thinking', data: 'EmwKAhgBEgyRedacted==' },
      { type: 'text', text: 'Listing it.' },
      { type: 'tool_use', id: 'toolu_01LiteLS', name: 'LS', input: { path: '/repo' } },
    ]);
    const stopIndex = outcome.events.findIndex((event) => event.type === 'content_block_stop');
    expect(outcome.events[stopIndex - 1]).toEqual({ type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqQBCkYIBxgCKkBlitellm+/==' } });
    expect(outcome.message.stop_reason).toBe('tool_use');
    expect(outcome.message.usage).toMatchObject({ input_tokens: 120, output_tokens: 48 });
  });

  test('litellm-reasoning-content-only: plain reasoning_content (no thinking_blocks) becomes an unsigned thinking block', async () => {
    const outcome = await translateFixture('litellm-reasoning-content-only.sse');
    expect(outcome.message.content).toEqual([
      { type: 'thinking', thinking: 'Two plus two is four.', signature: '' },
      { type: 'text', text: '4' },
    ]);
  });

  test('stop-sequence-native-finish-reason: a reported stop-sequence hit -> stop_sequence with the string', async () => {
    const outcome = await translateFixture('stop-sequence-native-finish-reason.sse', 'message_stop', { stopSequences: ['###', 'END'] });
    expect(outcome.message.stop_reason).toBe('stop_sequence');
    expect(outcome.message.stop_sequence).toBe('###');
  });

  test('finish-stop-with-tool-calls: tool_use blocks sent => stop_reason tool_use', async () => {
    const outcome = await translateFixture('finish-stop-with-tool-calls.sse');
    expect(outcome.message.stop_reason).toBe('tool_use');
    expect(outcome.message.content).toEqual([{ type: 'tool_use', id: 'toolu_01Stop', name: 'Glob', input: { pattern: '**/*.ts' } }]);
  });

  test('finish-tool-calls-without-tools: no tool_use block => never stop_reason tool_use', async () => {
    const outcome = await translateFixture('finish-tool-calls-without-tools.sse');
    expect(outcome.message.stop_reason).toBe('end_turn');
  });
});

describe('translateChatStream failures around the body', () => {
  test('message_start is yielded before the upstream sends anything', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* slowBody(): AsyncGenerator<string> {
      await gate;
      yield 'data: [DONE]\n\n';
    }
    const iterator = translate(slowBody(), BASE_OPTIONS)[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value?.type).toBe('message_start');
    release();
    const rest: StreamEvent[] = [];
    for (let step = await iterator.next(); !step.done; step = await iterator.next()) rest.push(step.value);
    expect(rest.map((event) => event.type)).toEqual(['error']);
  });

  test('events are emitted as chunks arrive, not after buffering', async () => {
    const seen: string[] = [];
    let sent = 0;
    async function* body(): AsyncGenerator<string> {
      for (const text of ['one', 'two', 'three']) {
        sent++;
        yield `data: {"choices":[{"index":0,"delta":{"content":"${text}"}}]}\n\n`;
      }
      yield 'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n';
    }
    for await (const event of translate(body(), BASE_OPTIONS)) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') seen.push(`${event.delta.text}@${sent}`);
    }
    expect(seen).toEqual(['one@1', 'two@2', 'three@3']);
  });

  test('an exception from the body iterator (idle timeout) -> error event with its type, then the end', async () => {
    async function* body(): AsyncGenerator<string> {
      yield 'data: {"choices":[{"index":0,"delta":{"content":"Hal"}}]}\n\n';
      throw new ApiError(504, 'Upstream sent nothing for 30 s');
    }
    const events = await collect(translate(body(), BASE_OPTIONS));
    const outcome = assertAnthropicStreamGrammar(events, 'error');
    expect(outcome.error).toEqual({ type: 'api_error', message: 'Upstream sent nothing for 30 s' });
  });

  test('a connection reset (plain Error) -> api_error event without internal detail', async () => {
    async function* body(): AsyncGenerator<string> {
      yield 'data: {"choices":[{"index":0,"delta":{"content":"x"}}]}\n\n';
      throw Object.assign(new Error('read ECONNRESET at /internal/path.js'), { code: 'ECONNRESET' });
    }
    const outcome = assertAnthropicStreamGrammar(await collect(translate(body(), BASE_OPTIONS)), 'error');
    expect(outcome.error?.type).toBe('api_error');
    expect(outcome.error?.message).not.toMatch(/internal/);
  });

  test('a break after the finish reason still completes the message', async () => {
    async function* body(): AsyncGenerator<string> {
      yield 'data: {"choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}\n\n';
      throw new Error('socket hang up');
    }
    const outcome = assertAnthropicStreamGrammar(await collect(translate(body(), BASE_OPTIONS)));
    expect(textOfBlocks(outcome)).toBe('ok');
  });

  test('a chunk that is not JSON ends the stream with an error', async () => {
    const events = await collect(translate(iterate(['data: {"choices":[{"delta":{"content":"a"}}]}\n\ndata: {oops\n\n']), BASE_OPTIONS));
    expect(assertAnthropicStreamGrammar(events, 'error').error?.message).toMatch(/malformed/);
  });

  test('an `event: error` SSE message ends the stream with its message', async () => {
    const body = 'event: error\ndata: {"error":{"message":"Rate limit exceeded","code":429}}\n\n';
    const outcome = assertAnthropicStreamGrammar(await collect(translate(iterate([body]), BASE_OPTIONS)), 'error');
    expect(outcome.error).toEqual({ type: 'rate_limit_error', message: 'Rate limit exceeded' });
  });

  test('stopping the iteration early closes the upstream body', async () => {
    let closed = false;
    async function* body(): AsyncGenerator<string> {
      try {
        for (;;) yield 'data: {"choices":[{"index":0,"delta":{"content":"more"}}]}\n\n';
      } finally {
        closed = true;
      }
    }
    for await (const event of translate(body(), BASE_OPTIONS)) {
      if (event.type === 'content_block_delta') break;
    }
    expect(closed).toBe(true);
  });
});

function textOfBlocks(outcome: StreamOutcome): string {
  return textOf(outcome);
}
