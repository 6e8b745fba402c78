import type { StreamEvent } from '../../../../core/protocol/anthropic/types';
import type { ChatCompletionChunk } from '../../../../core/protocol/openai/types';
import { ChatStreamTranslator } from '../../../../core/protocol/translate/openai-chat-to-anthropic';

// Anthropic's message_delta carries the final counts, input and cache included
// (clients that read only the end, and the SDKs' MessageDeltaUsage, take them
// from there). A translated stream says the same: the upstream's counts when it
// reported them, else the local estimate the stream began with.

const text = (content: string, finish_reason: string | null = null): ChatCompletionChunk => ({ choices: [{ index: 0, delta: { content }, finish_reason }] });

function messageDelta(chunks: ChatCompletionChunk[]): Extract<StreamEvent, { type: 'message_delta' }> {
  const translator = new ChatStreamTranslator({ requestedModel: 'claude-x', inputTokenEstimate: 321 });
  const events = [translator.start(), ...chunks.map((chunk) => translator.push(chunk)), translator.finish()].flat();
  return events.find((event) => event.type === 'message_delta') as Extract<StreamEvent, { type: 'message_delta' }>;
}

describe('message_delta usage on a translated stream', () => {
  test('the upstream reported usage: its input, output and cache counts', () => {
    const usage = { prompt_tokens: 1000, completion_tokens: 20, prompt_tokens_details: { cached_tokens: 600, cache_write_tokens: 100 } };
    expect(messageDelta([text('hi'), { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage }]).usage).toEqual({
      input_tokens: 300,
      output_tokens: 20,
      cache_read_input_tokens: 600,
      cache_creation_input_tokens: 100,
    });
  });

  test('no usage from the upstream: the input estimate message_start carried, and an output estimate', () => {
    expect(messageDelta([text('0123456', 'stop')]).usage).toEqual({ input_tokens: 321, output_tokens: 2 });
  });
});
