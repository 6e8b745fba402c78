import type { ChatContentPart, ReasoningDetail } from '../../openai/types';

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
  refusal?: string | null;
}

/**
 * Reasoning first, then content. Reasoning comes from OpenRouter's
 * `reasoning_details` (signed; preferred over the plain `reasoning` string that
 * repeats it), else `reasoning` or LiteLLM's `reasoning_content`; Databricks puts it
 * inside `content` as `reasoning` parts. Empty text is skipped: Anthropic never
 * sends empty text blocks.
 */
export function readChatContent(payload: ChatPayload): ContentPiece[] {
  const pieces: ContentPiece[] = [];
  const details = payload.reasoning_details;
  if (Array.isArray(details) && details.length > 0) {
    for (const detail of details) appendDetail(detail, pieces);
  } else {
    const reasoning = payload.reasoning ?? (payload as { reasoning_content?: unknown }).reasoning_content;
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
