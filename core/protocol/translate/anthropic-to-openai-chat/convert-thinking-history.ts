import type { RedactedThinkingBlock, ThinkingBlock } from '../../anthropic/types';
import type { ChatContentPartReasoning, ReasoningDetail } from '../../openai/types';
import type { ConversionContext } from './conversion-context';

/** OpenRouter's format tag for Claude reasoning, as it returns it. */
export const OPENROUTER_CLAUDE_REASONING_FORMAT = 'anthropic-claude-v1';

export interface ThinkingHistory {
  /** OpenRouter: sent as the assistant message's `reasoning_details`. */
  details?: ReasoningDetail[];
  /** Databricks: sent first inside the assistant message's content. */
  parts?: ChatContentPartReasoning[];
}

/**
 * Earlier thinking in the upstream's own round-trip form, signatures byte for byte.
 * A thinking block without a signature cannot be verified upstream and is dropped,
 * as is all thinking when the backend has no channel for it: never sent malformed.
 */
export function convertThinkingHistory(
  blocks: Array<ThinkingBlock | RedactedThinkingBlock>,
  path: string,
  ctx: ConversionContext,
): ThinkingHistory {
  if (blocks.length === 0) return {};
  const channel = ctx.reasoningChannel;
  if (channel === 'none') {
    ctx.logger.debug('Dropped thinking blocks from history: the backend has no round-trip channel for them', { path, count: blocks.length });
    return {};
  }
  const details: ReasoningDetail[] = [];
  const parts: ChatContentPartReasoning[] = [];
  let unsigned = 0;
  for (const block of blocks) {
    if (block.type === 'redacted_thinking') {
      if (channel === 'openrouter') {
        details.push({ type: 'reasoning.encrypted', data: block.data, format: OPENROUTER_CLAUDE_REASONING_FORMAT, index: details.length });
      } else {
        parts.push({ type: 'reasoning', summary: [{ type: 'summary_encrypted_text', data: block.data }] });
      }
    } else if (typeof block.signature === 'string' && block.signature !== '') {
      if (channel === 'openrouter') {
        details.push({
          type: 'reasoning.text',
          text: block.thinking,
          signature: block.signature,
          format: OPENROUTER_CLAUDE_REASONING_FORMAT,
          index: details.length,
        });
      } else {
        parts.push({ type: 'reasoning', summary: [{ type: 'summary_text', text: block.thinking, signature: block.signature }] });
      }
    } else {
      unsigned++;
    }
  }
  if (unsigned > 0) ctx.logger.debug('Dropped unsigned thinking blocks from history', { path, count: unsigned });
  return channel === 'openrouter' ? (details.length ? { details } : {}) : parts.length ? { parts } : {};
}
