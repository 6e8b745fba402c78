import type { Message, StreamEvent } from './types';

/** Replays a complete message as the stream a streaming client expects. */
export function* messageToEvents(message: Message): Generator<StreamEvent> {
  yield {
    type: 'message_start',
    message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...message.usage, output_tokens: 0 } },
  };
  let index = 0;
  for (const block of message.content) {
    switch (block.type) {
      case 'text':
        yield { type: 'content_block_start', index, content_block: { type: 'text', text: '' } };
        if (block.text) yield { type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } };
        break;
      case 'thinking':
        yield { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } };
        if (block.thinking) yield { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: block.thinking } };
        if (block.signature) yield { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature } };
        break;
      case 'tool_use':
        yield { type: 'content_block_start', index, content_block: { ...block, input: {} } };
        yield { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input ?? {}) } };
        break;
      default:
        yield { type: 'content_block_start', index, content_block: block };
    }
    yield { type: 'content_block_stop', index };
    index += 1;
  }
  yield {
    type: 'message_delta',
    delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence },
    usage: { ...message.usage },
  };
  yield { type: 'message_stop' };
}
