import type { DocumentBlock, ImageBlock, TextBlock, ToolResultBlock } from '../../anthropic/types';
import type { ChatContentPart, ChatContentPartText, ChatMessage } from '../../openai/types';
import { sanitizeToolCallId } from '../sanitize-tool-call-id';
import { collapseContentParts } from './collapse-content-parts';
import type { ConversionContext } from './conversion-context';
import { convertDocumentBlock, convertImageBlock } from './convert-media-block';

/** Upstreams reject empty tool messages; Anthropic allows an empty tool_result. */
export const EMPTY_TOOL_RESULT_TEXT = '(no content)';
/** OpenAI tool messages carry no error flag, so the failure is stated in the text. */
export const TOOL_ERROR_PREFIX = 'Error: ';

/**
 * One `role: tool` message. Tool messages are text-only upstream, so images and
 * files are appended to `movedMedia` (sent in a user message right after the tool
 * messages) and the tool text says they follow.
 */
export function convertToolResult(
  block: ToolResultBlock,
  path: string,
  ctx: ConversionContext,
  movedMedia: ChatContentPart[],
): ChatMessage {
  const parts: ChatContentPartText[] = [];
  let moved = 0;
  const content = block.content;
  if (typeof content === 'string') {
    if (content !== '') parts.push({ type: 'text', text: content });
  } else if (Array.isArray(content)) {
    for (let i = 0; i < content.length; i++) {
      const item = content[i]!;
      if (item.type === 'text') {
        const text = (item as TextBlock).text;
        if (typeof text === 'string' && text !== '') parts.push(ctx.cache.mark({ type: 'text', text }, (item as TextBlock).cache_control));
      } else if (item.type === 'image') {
        movedMedia.push(convertImageBlock(item as ImageBlock, `${path}.content.${i}`, ctx));
        moved++;
      } else if (item.type === 'document') {
        const part = convertDocumentBlock(item as DocumentBlock, `${path}.content.${i}`, ctx);
        if (part?.type === 'text') parts.push(part);
        else if (part) {
          movedMedia.push(part);
          moved++;
        }
      } else {
        ctx.logger.debug('Dropped content block the upstream cannot take', { path: `${path}.content.${i}`, type: item.type });
      }
    }
  }
  if (moved > 0) parts.push({ type: 'text', text: `[${moved} attachment(s) from this tool result follow in the next user message]` });
  if (parts.length === 0) parts.push({ type: 'text', text: EMPTY_TOOL_RESULT_TEXT });
  if (block.is_error) parts[0]!.text = TOOL_ERROR_PREFIX + parts[0]!.text;
  const last = parts[parts.length - 1]!;
  if (!last.cache_control) ctx.cache.mark(last, block.cache_control);
  return { role: 'tool', tool_call_id: sanitizeToolCallId(String(block.tool_use_id)), content: collapseContentParts(parts) };
}
