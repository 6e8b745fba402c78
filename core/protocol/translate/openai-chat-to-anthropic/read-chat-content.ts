import type { ChatContentPart, ChatThinkingBlock, ReasoningDetail } from '../../openai/types';

/** What a chat message or stream delta carries, in the order Anthropic blocks should show it. */
export type ContentPiece =
  /** `group` is OpenRouter's reasoning_details index: a new index starts a new thinking block. */
  | { kind: 'thinking'; text: string; signature?: string; group?: number | string }
  | { kind: 'redacted'; data: string }
  | { kind: 'text'; text: string };

export interface ChatPayload {
  content?: string | ChatContentPart[] | null;
  reasoning?: string | null;
  reasoning_details?: ReasoningDetail[];
  /** LiteLLM's plain reasoning text. */
  reasoning_content?: string | null;
  thinking_blocks?: ChatThinkingBlock[] | null;
  refusal?: string | null;
}

/**
 * Reasoning first, then content. Reasoning comes from OpenRouter's
 * `reasoning_details` or LiteLLM's `thinking_blocks` (both signed, so preferred
 * over the plain `reasoning` / `reasoning_content` string that repeats them),
 * else from that string; Databricks puts it inside `content` as `reasoning`
 * parts. Empty text is skipped: Anthropic never sends empty text blocks.
 */
export function readChatContent(payload: ChatPayload): ContentPiece[] {
  const pieces: ContentPiece[] = [];
  const details = payload.reasoning_details;
  const blocks = payload.thinking_blocks;
  if (Array.isArray(details) && details.length > 0) {
    for (const detail of details) appendDetail(detail, pieces);
  } else if (Array.isArray(blocks) && blocks.length > 0) {
    for (let i = 0; i < blocks.length; i++) appendThinkingBlock(blocks[i]!, i, pieces);
  } else {
    const reasoning = payload.reasoning ?? payload.reasoning_content;
    if (typeof reasoning === 'string' && reasoning !== '') pieces.push({ kind: 'thinking', text: reasoning });
  }

  const content = payload.content;
  if (typeof content === 'string') {
    if (content !== '') pieces.push({ kind: 'text', text: content });
  } else if (Array.isArray(content)) {
    for (const part of content) appendPart(part, pieces);
  } else if (typeof payload.refusal === 'string' && payload.refusal !== '') {
    pieces.push({ kind: 'text', text: payload.refusal });
  }
  return pieces;
}

function appendDetail(detail: ReasoningDetail, pieces: ContentPiece[]): void {
  if (!detail) return;
  if (detail.type === 'reasoning.encrypted') {
    if (typeof detail.data === 'string' && detail.data !== '') pieces.push({ kind: 'redacted', data: detail.data });
    return;
  }
  const text = detail.type === 'reasoning.summary' ? detail.summary : detail.text;
  const piece: ContentPiece = { kind: 'thinking', text: typeof text === 'string' ? text : '' };
  if (typeof detail.signature === 'string' && detail.signature !== '') piece.signature = detail.signature;
  if (detail.index !== undefined) piece.group = detail.index;
  pieces.push(piece);
}

/** `position` keeps the blocks of one answer apart; in a stream each delta carries one block's piece at 0. */
function appendThinkingBlock(block: ChatThinkingBlock, position: number, pieces: ContentPiece[]): void {
  if (block?.type === 'redacted_thinking') {
    if (typeof block.data === 'string' && block.data !== '') pieces.push({ kind: 'redacted', data: block.data });
    return;
  }
  if (block?.type !== 'thinking') return;
  const piece: ContentPiece = { kind: 'thinking', text: typeof block.thinking === 'string' ? block.thinking : '', group: position };
  if (typeof block.signature === 'string' && block.signature !== '') piece.signature = block.signature;
  pieces.push(piece);
}

function appendPart(part: ChatContentPart, pieces: ContentPiece[]): void {
  if (part?.type === 'text') {
    if (typeof part.text === 'string' && part.text !== '') pieces.push({ kind: 'text', text: part.text });
  } else if (part?.type === 'reasoning' && Array.isArray(part.summary)) {
    for (const entry of part.summary) {
      if (entry.type === 'summary_text') {
        const piece: ContentPiece = { kind: 'thinking', text: typeof entry.text === 'string' ? entry.text : '' };
        if (typeof entry.signature === 'string' && entry.signature !== '') piece.signature = entry.signature;
        pieces.push(piece);
      } else if (entry.type === 'summary_encrypted_text' && typeof entry.data === 'string' && entry.data !== '') {
        pieces.push({ kind: 'redacted', data: entry.data });
      }
    }
  }
}

/** Whether more thinking text belongs to the open thinking block rather than a new one. */
export function continuesThinking(
  open: { signature: string; group: number | string | undefined },
  piece: { group?: number | string },
): boolean {
  return open.signature === '' && (piece.group === undefined || open.group === undefined || piece.group === open.group);
}
