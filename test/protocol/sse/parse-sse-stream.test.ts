import { ApiError } from '../../../core/protocol/anthropic/errors';
import { parseSseStream, type SseItem } from '../../../core/protocol/sse/parse-sse-stream';
import { collect, iterate, splitRandomly } from '../support/stream-fixtures';

const parse = async (chunks: Array<string | Uint8Array>) => (await collect(parseSseStream(iterate(chunks)))).flat();

describe('parseSseStream', () => {
  const wire = ': OPENROUTER PROCESSING\r\n\r\nevent: message\r\nid: 7\r\ndata: {"a":\r\ndata: 1}\r\n\r\ndata: héllo 👋\n\ndata: [DONE]\n\n';
  const expected: SseItem[] = [
    { kind: 'comment', comment: 'OPENROUTER PROCESSING' },
    { kind: 'message', event: 'message', id: '7', data: '{"a":\n1}' },
    { kind: 'message', data: 'héllo 👋' },
    { kind: 'message', data: '[DONE]' },
  ];

  test('comments, event names, ids, multi-line data, CRLF and LF', async () => {
    expect(await parse([wire])).toEqual(expected);
  });

  test('the same items whatever the byte boundaries, UTF-8 sequences split included', async () => {
    const bytes = Buffer.from(wire);
    for (let seed = 1; seed <= 30; seed++) expect(await parse(splitRandomly(bytes, seed, 7))).toEqual(expected);
    expect(await parse(Array.from(bytes, (byte) => Uint8Array.of(byte)))).toEqual(expected);
  });

  test('yields each event as soon as its blank line arrives', async () => {
    const seen: string[] = [];
    let fed = 0;
    async function* body(): AsyncGenerator<string> {
      for (const chunk of ['data: a\n', '\n', 'data: b\n\n']) {
        fed++;
        yield chunk;
      }
    }
    for await (const items of parseSseStream(body())) for (const item of items) if (item.kind === 'message') seen.push(`${item.data}@${fed}`);
    expect(seen).toEqual(['a@2', 'b@3']);
  });

  test('an event left unterminated at the end of the body is still delivered', async () => {
    expect(await parse(['data: {"x":1}\n\ndata: [DONE]'])).toEqual([
      { kind: 'message', data: '{"x":1}' },
      { kind: 'message', data: '[DONE]' },
    ]);
  });

  test('a line beyond the buffer limit is refused with a 502', async () => {
    const huge = `data: ${'x'.repeat(2000)}`;
    await expect(collect(parseSseStream(iterate([huge]), { maxBufferChars: 1000 }))).rejects.toBeInstanceOf(ApiError);
  });
});
