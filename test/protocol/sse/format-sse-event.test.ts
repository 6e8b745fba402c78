import type { StreamEvent } from '../../../core/protocol/anthropic/types';
import { formatSseEvent } from '../../../core/protocol/sse/format-sse-event';
import { parseSseStream } from '../../../core/protocol/sse/parse-sse-stream';
import { collect, iterate } from '../support/stream-fixtures';

describe('formatSseEvent', () => {
  test('event name = payload type, one JSON line, blank line after', () => {
    const event: StreamEvent = { type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'a\nb' } };
    expect(formatSseEvent(event)).toBe('event: content_block_delta\ndata: {"type":"content_block_delta","index":2,"delta":{"type":"text_delta","text":"a\\nb"}}\n\n');
  });

  test('round-trips through the parser', async () => {
    const events: StreamEvent[] = [{ type: 'ping' }, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }];
    const items = await collect(parseSseStream(iterate(events.map(formatSseEvent))));
    expect(items.map((item) => item.kind === 'message' && [item.event, JSON.parse(item.data)])).toEqual(events.map((event) => [event.type, event]));
  });
});
