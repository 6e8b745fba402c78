import type { StreamEvent } from './types';

/**
 * Anthropic stream events as a producer makes them, in order: one at a time,
 * or in batches (say, the events one upstream read produced). A batch costs
 * one step of the async iteration instead of one per event, and the writer
 * sends it in one socket write.
 */
export type EventStream = AsyncIterable<StreamEvent | readonly StreamEvent[]>;

export function isEventBatch(item: StreamEvent | readonly StreamEvent[]): item is readonly StreamEvent[] {
  return Array.isArray(item);
}

/** The events of a stream one by one, batches unpacked. */
export async function* eachEvent(stream: EventStream): AsyncGenerator<StreamEvent> {
  for await (const item of stream) {
    if (isEventBatch(item)) yield* item;
    else yield item;
  }
}
