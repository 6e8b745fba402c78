import { convertUsage } from '../../../../core/protocol/translate/openai-chat-to-anthropic';

describe('convertUsage', () => {
  test('input_tokens = prompt - cached - cache_write (OpenRouter shape)', () => {
    expect(convertUsage({ prompt_tokens: 1000, completion_tokens: 80, prompt_tokens_details: { cached_tokens: 700, cache_write_tokens: 200 } })).toEqual({
      input_tokens: 100,
      output_tokens: 80,
      cache_read_input_tokens: 700,
      cache_creation_input_tokens: 200,
    });
  });

  test('LiteLLM-style Anthropic cache fields on the usage object are read too', () => {
    expect(convertUsage({ prompt_tokens: 500, completion_tokens: 1, cache_read_input_tokens: 300, cache_creation_input_tokens: 100 })).toEqual({
      input_tokens: 100,
      output_tokens: 1,
      cache_read_input_tokens: 300,
      cache_creation_input_tokens: 100,
    });
  });

  test('missing or odd values count as zero, never negative', () => {
    expect(convertUsage({ prompt_tokens_details: null, completion_tokens: -3 })).toEqual({ input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 });
    expect(convertUsage({ prompt_tokens: 10, prompt_tokens_details: { cached_tokens: 50 } }).input_tokens).toBe(0);
  });
});
