import type { Usage } from '../../anthropic/types';
import type { ChatUsage } from '../../openai/types';

/**
 * OpenAI `prompt_tokens` includes cached and cache-write tokens; Anthropic's
 * `input_tokens` excludes both and reports them on their own.
 */
export function convertUsage(usage: ChatUsage): Required<Usage> & { cache_creation_input_tokens: number; cache_read_input_tokens: number } {
  const details = usage.prompt_tokens_details ?? undefined;
  const cacheRead = count(details?.cached_tokens ?? usage.cache_read_input_tokens);
  const cacheWrite = count(details?.cache_write_tokens ?? usage.cache_creation_input_tokens);
  return {
    input_tokens: Math.max(0, count(usage.prompt_tokens) - cacheRead - cacheWrite),
    output_tokens: count(usage.completion_tokens),
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
