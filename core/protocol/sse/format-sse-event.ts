import type { StreamEvent } from '../anthropic/types';

/** One Anthropic stream event on the wire; the event name repeats the payload's `type`. */
export function formatSseEvent(event: StreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
