import type { RedactedThinkingBlock, ThinkingBlock } from '../../anthropic/types';
import type { ChatContentPartReasoning, ChatThinkingBlock, ReasoningDetail } from '../../openai/types';
import type { ConversionContext } from './conversion-context';

/** OpenRouter's format tag for Claude reasoning, as it returns it. */
export const CLAUDE_REASONING_FORMAT = 'anthropic-claude-v1';

export interface ThinkingHistory {
  /** OpenRouter: sent as the assistant message's `reasoning_details`. */
  details?: ReasoningDetail[];
  /** Databricks: sent first inside the assistant message's content. */
  parts?: ChatContentPartReasoning[];
  /** LiteLLM: sent as the assistant message's `thinking_blocks`. */
  thinkingBlocks?: ChatThinkingBlock[];
}

type SignedThinking = ThinkingBlock & { signature: string };

function toReasoningDetail(block: SignedThinking | RedactedThinkingBlock, index: number): ReasoningDetail {
  return block.type === 'redacted_thinking'
    ? { type: 'reasoning.encrypted', data: block.data, format: CLAUDE_REASONING_FORMAT, index }
    : { type: 'reasoning.text', text: block.thinking, signature: block.signature, format: CLAUDE_REASONING_FORMAT, index };
}

function toReasoningPart(block: SignedThinking | RedactedThinkingBlock): ChatContentPartReasoning {
  return block.type === 'redacted_thinking'
    ? { type: 'reasoning', summary: [{ type: 'summary_encrypted_text', data: block.data }] }
    : { type: 'reasoning', summary: [{ type: 'summary_text', text: block.thinking, signature: block.signature }] };
}

function toThinkingBlockPart(block: SignedThinking | RedactedThinkingBlock): ChatThinkingBlock {
  return block.type === 'redacted_thinking'
    ? { type: 'redacted_thinking', data: block.data }
    : { type: 'thinking', thinking: block.thinking, signature: block.signature };
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
  const kept: Array<SignedThinking | RedactedThinkingBlock> = [];
  for (const block of blocks) {
    if (block.type === 'redacted_thinking' || (typeof block.signature === 'string' && block.signature !== '')) {
      kept.push(block as SignedThinking | RedactedThinkingBlock);
    }
  }
  const unsigned = blocks.length - kept.length;
  if (unsigned > 0) ctx.logger.debug('Dropped unsigned thinking blocks from history', { path, count: unsigned });
  if (kept.length === 0) return {};
  if (channel === 'reasoning_details') return { details: kept.map(toReasoningDetail) };
  if (channel === 'thinking_blocks') return { thinkingBlocks: kept.map(toThinkingBlockPart) };
  return { parts: kept.map(toReasoningPart) };
}
