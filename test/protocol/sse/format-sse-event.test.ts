import fc from 'fast-check';
import type { ContentBlockDelta, StreamEvent } from '../../../core/protocol/anthropic/types';
import { formatSseEvent } from '../../../core/protocol/sse/format-sse-event';
import { parseSseStream } from '../../../core/protocol/sse/parse-sse-stream';
import { collect, iterate } from '../support/stream-fixtures';

const stringified = (event: StreamEvent) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

describe('formatSseEvent', () => {
  test('event name = payload type, one JSON line, blank line after', () => {
    const event: StreamEvent = { type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'a\nb' } };
    expect(formatSseEvent(event)).toBe('event: content_block_delta\ndata: {"type":"content_block_delta","index":2,"delta":{"type":"text_delta","text":"a\\nb"}}\n\n');
  });

  test('every kind of delta is written exactly as JSON.stringify writes the event', () => {
    const delta = fc.oneof(
      fc.string({ unit: 'binary' }).map((text): ContentBlockDelta => ({ type: 'text_delta', text })),
      fc.string({ unit: 'binary' }).map((partial_json): ContentBlockDelta => ({ type: 'input_json_delta', partial_json })),
      fc.string({ unit: 'binary' }).map((thinking): ContentBlockDelta => ({ type: 'thinking_delta', thinking })),
      fc.string().map((signature): ContentBlockDelta => ({ type: 'signature_delta', signature })),
    );
    fc.assert(
      fc.property(fc.nat(), delta, (index, delta) => {
        const event: StreamEvent = { type: 'content_block_delta', index, delta };
        expect(formatSseEvent(event)).toBe(stringified(event));
      }),
    );
  });

  test('round-trips through the parser', async () => {
    const events: StreamEvent[] = [{ type: 'ping' }, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }];
    const items = (await collect(parseSseStream(iterate(events.map(formatSseEvent))))).flat();
    expect(items.map((item) => item.kind === 'message' && [item.event, JSON.parse(item.data)])).toEqual(events.map((event) => [event.type, event]));
  });
});
