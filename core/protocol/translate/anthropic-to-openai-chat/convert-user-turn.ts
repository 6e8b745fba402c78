import type { DocumentBlock, ImageBlock, MessageParam, TextBlock, ToolResultBlock } from '../../anthropic/types';
import type { ChatContentPart, ChatMessage } from '../../openai/types';
import { collapseContentParts } from './collapse-content-parts';
import type { ConversionContext } from './conversion-context';
import { convertDocumentBlock, convertImageBlock } from './convert-media-block';
import { convertToolResult } from './convert-tool-result';

/**
 * A user turn becomes its tool messages first, in order (OpenAI wants them right
 * after the assistant's tool_calls), then one user message holding the images moved
 * out of tool results and the turn's remaining text, images and files.
 */
export function convertUserTurn(content: MessageParam['content'], path: string, ctx: ConversionContext, out: ChatMessage[]): void {
  if (typeof content === 'string') {
    if (content !== '') out.push({ role: 'user', content });
    return;
  }
  if (!Array.isArray(content)) return;

  const parts: ChatContentPart[] = [];
  let firstOwnPart = 0;
  for (let i = 0; i < content.length; i++) {
    const block = content[i]!;
    const blockPath = `${path}.content.${i}`;
    switch (block.type) {
      case 'tool_result': {
        // Media moved out of tool results goes before the turn's own parts.
        const moved: ChatContentPart[] = [];
        out.push(convertToolResult(block as ToolResultBlock, blockPath, ctx, moved));
        if (moved.length > 0) {
          parts.splice(firstOwnPart, 0, ...moved);
          firstOwnPart += moved.length;
        }
        break;
      }
      case 'text': {
        const text = (block as TextBlock).text;
        if (typeof text === 'string' && text !== '') parts.push(ctx.cache.mark({ type: 'text', text }, (block as TextBlock).cache_control));
        break;
      }
      case 'image':
        parts.push(convertImageBlock(block as ImageBlock, blockPath, ctx));
        break;
      case 'document': {
        const part = convertDocumentBlock(block as DocumentBlock, blockPath, ctx);
        if (part) parts.push(part);
        break;
      }
      default:
        ctx.logger.debug('Dropped content block the upstream cannot take', { path: blockPath, type: block.type });
    }
  }
  if (parts.length > 0) out.push({ role: 'user', content: collapseContentParts(parts) });
}
