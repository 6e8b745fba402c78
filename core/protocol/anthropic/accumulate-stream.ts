import { ApiError } from './errors';
import { eachEvent, type EventStream } from './event-stream';
import type { Message, ResponseBlock, StreamEvent } from './types';

/**
 * Folds a stream of events into the message a non-streaming client expects.
 * An `error` event becomes a thrown ApiError, as Anthropic's API would answer.
 */
export async function accumulateStream(events: EventStream): Promise<Message> {
  let message: Message | undefined;
  const partialJson = new Map<number, string>();
  for await (const event of eachEvent(events)) {
    switch (event.type) {
      case 'message_start':
        message = { ...event.message, content: [] };
        break;
      case 'content_block_start':
        message!.content[event.index] = { ...event.content_block } as ResponseBlock;
        break;
      case 'content_block_delta': {
        const block = message!.content[event.index] as unknown as Record<string, unknown>;
        const delta = event.delta;
        if (delta.type === 'text_delta') block.text = `${block.text ?? ''}${delta.text}`;
        else if (delta.type === 'thinking_delta') block.thinking = `${block.thinking ?? ''}${delta.thinking}`;
        else if (delta.type === 'signature_delta') block.signature = delta.signature;
        else if (delta.type === 'input_json_delta') partialJson.set(event.index, (partialJson.get(event.index) ?? '') + delta.partial_json);
        break;
      }
      case 'content_block_stop': {
        const json = partialJson.get(event.index);
        if (json !== undefined) {
          (message!.content[event.index] as { input: unknown }).input = json.trim() ? JSON.parse(json) : {};
        }
        break;
      }
      case 'message_delta':
        message!.stop_reason = event.delta.stop_reason;
        message!.stop_sequence = event.delta.stop_sequence;
        message!.usage = { ...message!.usage, ...event.usage };
        break;
      case 'error':
        throw new ApiError(event.error.type === 'overloaded_error' ? 529 : 502, event.error.message, { type: event.error.type });
      default:
        break;
    }
  }
  if (!message) throw new ApiError(502, 'Upstream stream ended before any message');
  return message;
}
