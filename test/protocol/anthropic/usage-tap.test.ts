import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventStreamUsageTap, JsonUsageTap, JSON_TAP_LIMIT, type TokenCounts } from '../../../core/protocol/anthropic/usage-tap';
import { splittings } from '../support/stream-fixtures';

const FIXTURES = join(__dirname, '../../fixtures/anthropic-stream');
const CACHED = readFileSync(join(FIXTURES, 'cached-prompt-with-text.sse'));
const TWO_DELTAS = readFileSync(join(FIXTURES, 'python-spacing-two-deltas.sse'));
const CACHED_COUNTS: TokenCounts = { input_tokens: 12, cache_creation_input_tokens: 2048, cache_read_input_tokens: 30112, output_tokens: 57 };

const crlf = (bytes: Buffer) => Buffer.from(bytes.toString('utf8').replace(/\n/g, '\r\n'));

function tapStream(chunks: Buffer[]): TokenCounts | undefined {
  const tap = new EventStreamUsageTap();
  for (const chunk of chunks) tap.see(chunk);
  return tap.read();
}

function tapJson(chunks: Buffer[]): TokenCounts | undefined {
  const tap = new JsonUsageTap();
  for (const chunk of chunks) tap.see(chunk);
  return tap.read();
}

/** Every way of cutting the bytes in two (inside lines, CRLF pairs, UTF-8 sequences and the `"usage"` key included). */
function twoChunkCuts(bytes: Buffer): Buffer[][] {
  return Array.from({ length: bytes.length - 1 }, (_, i) => [bytes.subarray(0, i + 1), bytes.subarray(i + 1)]);
}

const bytesOneByOne = (bytes: Buffer) => Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));

describe('EventStreamUsageTap', () => {
  it('reads message_start usage and lets the last message_delta replace it', () => {
    expect(tapStream([CACHED])).toEqual(CACHED_COUNTS);
  });

  it('gives the same counts for every two-chunk cut of the stream', () => {
    for (const chunks of twoChunkCuts(CACHED)) expect([chunks[0]!.length, tapStream(chunks)]).toEqual([chunks[0]!.length, CACHED_COUNTS]);
  });

  it('gives the same counts one byte at a time, and for random cuts', () => {
    expect(tapStream(bytesOneByOne(CACHED))).toEqual(CACHED_COUNTS);
    for (const { label, chunks } of splittings(CACHED)) expect([label, tapStream(chunks)]).toEqual([label, CACHED_COUNTS]);
  });

  it('reads CRLF streams the same, however they are cut', () => {
    const bytes = crlf(CACHED);
    expect(tapStream([bytes])).toEqual(CACHED_COUNTS);
    expect(tapStream(bytesOneByOne(bytes))).toEqual(CACHED_COUNTS);
    for (const chunks of twoChunkCuts(bytes)) expect([chunks[0]!.length, tapStream(chunks)]).toEqual([chunks[0]!.length, CACHED_COUNTS]);
  });

  it('takes later cumulative values over earlier ones, field by field, with spaces after colons', () => {
    const expected = { input_tokens: 40, output_tokens: 9, cache_read_input_tokens: 7 };
    expect(tapStream([TWO_DELTAS])).toEqual(expected);
    for (const { label, chunks } of splittings(TWO_DELTAS)) expect([label, tapStream(chunks)]).toEqual([label, expected]);
  });

  it('keeps what message_start said when the stream breaks before message_delta', () => {
    const cut = CACHED.subarray(0, CACHED.indexOf('event: message_delta'));
    expect(tapStream([cut])).toEqual({ ...CACHED_COUNTS, output_tokens: 1 });
  });

  it('has nothing to say for a stream without usage, or with broken usage lines', () => {
    expect(tapStream([Buffer.from('event: ping\ndata: {"type":"ping"}\n\n')])).toBeUndefined();
    expect(tapStream([Buffer.from('event: message_delta\ndata: {"type":"message_delta","usage":{"output_tokens":\n\n')])).toBeUndefined();
    // Only data lines of message_start and message_delta count.
    expect(tapStream([Buffer.from('event: x\ndata: {"type":"message_other","usage":{"output_tokens":3}}\n: "usage":{"output_tokens":4}\n\n')])).toBeUndefined();
    expect(tapStream([Buffer.from('event: message_delta\ndata: {"type":"message_delta","usage":{"output_tokens":-1,"input_tokens":"7"}}\n\n')])).toBeUndefined();
  });

  it('reads events whose type is not their first key, and skips counts that are not whole numbers', () => {
    const line = (json: string) => Buffer.from(`event: message_delta\ndata: ${json}\n\n`);
    expect(tapStream([line('{"usage":{"output_tokens":3},"type":"message_delta"}')])).toEqual({ output_tokens: 3 });
    expect(tapStream([line('{"delta":{"stop_reason":"end_turn"},"type":"message_delta","usage":{"output_tokens":4}}')])).toEqual({ output_tokens: 4 });
    expect(tapStream([line('{"type":"message_delta","usage":{"output_tokens":1.5,"input_tokens":2e3,"cache_read_input_tokens":null,"cache_creation_input_tokens":6}}')])).toEqual({
      cache_creation_input_tokens: 6,
    });
    expect(tapStream([line('{"type":"message_delta","usage":{"server_tool_use":{"web_search_requests":2,"input_tokens":99},"output_tokens":8}}')])).toEqual({ output_tokens: 8 });
    expect(tapStream([line('{"type":"message_delta","max_usage":{"output_tokens":1},"usage":{"output_tokens":2}}')])).toEqual({ output_tokens: 2 });
    expect(tapStream([line('{"type":"message_delta","max_usage":{"output_tokens":1}}')])).toBeUndefined();
  });

  it('finds usage after a text line far longer than any usage line, cut into many chunks', () => {
    const long = `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"${'x'.repeat(200_000)}"}}\n\n`;
    const bytes = Buffer.concat([Buffer.from(long), CACHED.subarray(CACHED.indexOf('event: message_delta'))]);
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 16_384) chunks.push(bytes.subarray(at, at + 16_384));
    expect(tapStream(chunks)).toEqual({ input_tokens: 12, cache_creation_input_tokens: 2048, cache_read_input_tokens: 30112, output_tokens: 57 });
  });
});

describe('JsonUsageTap', () => {
  const message = Buffer.from(
    JSON.stringify({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: 'says "usage": {"output_tokens": 999}' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 3, cache_creation_input_tokens: 0, cache_read_input_tokens: 1500, output_tokens: 21 },
    }),
  );
  const expected = { input_tokens: 3, cache_creation_input_tokens: 0, cache_read_input_tokens: 1500, output_tokens: 21 };

  it('reads the top-level usage of a message, however it is cut', () => {
    expect(tapJson([message])).toEqual(expected);
    expect(tapJson(bytesOneByOne(message))).toEqual(expected);
    for (const chunks of twoChunkCuts(message)) expect(tapJson(chunks)).toEqual(expected);
  });

  it('reads the top-level usage, not a key of the same name in a tool input, wherever usage is', () => {
    const toolUse = { type: 'tool_use', id: 'toolu_1', name: 'Report', input: { usage: { output_tokens: 999 } } };
    const usageFirst = Buffer.from(JSON.stringify({ id: 'msg_2', usage: { input_tokens: 5, output_tokens: 6 }, content: [toolUse] }));
    expect(tapJson([usageFirst])).toEqual({ input_tokens: 5, output_tokens: 6 });
    const usageLast = Buffer.from(JSON.stringify({ id: 'msg_3', content: [toolUse], usage: { input_tokens: 7, output_tokens: 8 } }, null, 2));
    expect(tapJson([usageLast])).toEqual({ input_tokens: 7, output_tokens: 8 });
    expect(tapJson([Buffer.from(JSON.stringify({ id: 'msg_4', content: [toolUse] }))])).toBeUndefined();
    expect(tapJson([Buffer.from(JSON.stringify({ usage: { output_tokens: 3 }, max_usage: { output_tokens: 4 } }))])).toEqual({ output_tokens: 3 });
  });

  it('has nothing to say for JSON that is broken, has no usage, or is larger than it keeps', () => {
    expect(tapJson([message.subarray(0, 40)])).toBeUndefined();
    expect(tapJson([Buffer.from('{"input_tokens":12}')])).toBeUndefined();
    expect(tapJson([])).toBeUndefined();
    const huge = Buffer.from(JSON.stringify({ content: [{ type: 'text', text: 'y'.repeat(JSON_TAP_LIMIT) }], usage: { input_tokens: 1, output_tokens: 2 } }));
    expect(tapJson([huge.subarray(0, 1000), huge.subarray(1000)])).toBeUndefined();
  });
});
