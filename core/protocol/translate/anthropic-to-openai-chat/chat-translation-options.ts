import type { TranslationLogger } from '../translation-logger';
import type { WebSearchChannel } from './map-web-search';

/** What an upstream does with Anthropic `cache_control` markers (from the plugin's manifest). */
export type CachePolicy = 'keep' | 'strip-ttl' | 'strip';

/**
 * How earlier thinking goes back upstream and how `thinking` is asked for:
 * - `reasoning_details`: `reasoning: {max_tokens | effort}`; history as assistant `reasoning_details`.
 * - `reasoning_parts`: `thinking: {type, budget_tokens}`; history as `reasoning` parts inside assistant content.
 * - `thinking_blocks`: `thinking: {type, budget_tokens}`, or `reasoning_effort` for adaptive; history as
 *   `thinking_blocks` on the assistant message (LiteLLM's proxy in front of Anthropic-family models).
 * - `none`: no reasoning parameter; thinking blocks are dropped from history.
 */
export type ReasoningChannel = 'reasoning_details' | 'reasoning_parts' | 'thinking_blocks' | 'none';

export interface ChatTranslationOptions {
  upstreamModel: string;
  stream: boolean;
  /** The target model's output ceiling; `max_tokens` is clamped to it. */
  maxOutputTokens?: number;
  cachePolicy: CachePolicy;
  reasoningChannel: ReasoningChannel;
  /** PDF `document` blocks become `file` parts; otherwise they are refused with a 400. */
  supportsDocuments?: boolean;
  supportsTopK?: boolean;
  /** How a `web_search_*` server tool reaches the upstream; default `none` (removed with a warning). */
  webSearch?: WebSearchChannel;
  /** Ask for usage in the last stream chunk (`stream_options.include_usage`); default true. */
  includeStreamUsage?: boolean;
  logger?: TranslationLogger;
}
