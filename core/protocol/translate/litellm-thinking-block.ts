/**
 * LiteLLM's carrier for Anthropic thinking on OpenAI chat messages:
 * `thinking_blocks` on assistant messages sent back in history, on answer
 * messages and in stream deltas (beside the plain `reasoning_content` text).
 * The signature of a streamed block may come in a later delta's entry.
 */
export type LiteLLMThinkingBlock =
  | { type: 'thinking'; thinking?: string; signature?: string | null }
  | { type: 'redacted_thinking'; data: string };
