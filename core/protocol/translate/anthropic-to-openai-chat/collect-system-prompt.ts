import type { MessageParam, MessagesRequest, TextBlock } from '../../anthropic/types';
import type { ChatContentPartText, ChatMessage } from '../../openai/types';
import type { ConversionContext } from './conversion-context';

/**
 * One leading system message from the top-level `system` (string or text blocks)
 * followed by every `role: "system"` entry found inside `messages` (recent Claude
 * Code versions send them mid-conversation; OpenAI-format upstreams want a single
 * leading one). Parts stay separate only when a cache marker must ride on one.
 */
export function collectSystemPrompt(
  system: MessagesRequest['system'],
  messages: MessageParam[],
  ctx: ConversionContext,
): ChatMessage | null {
  const parts: ChatContentPartText[] = [];
  appendSystemContent(system, 'system', ctx, parts);
  for (let i = 0; i < messages.length; i++) {
    if (messages[i]!.role === 'system') appendSystemContent(messages[i]!.content, `messages.${i}.content`, ctx, parts);
  }
  if (parts.length === 0) return null;
  if (parts.some((part) => part.cache_control)) return { role: 'system', content: parts };
  return { role: 'system', content: parts.length === 1 ? parts[0]!.text : parts.map((part) => part.text).join('\n\n') };
}

function appendSystemContent(content: unknown, path: string, ctx: ConversionContext, parts: ChatContentPartText[]): void {
  if (typeof content === 'string') {
    if (content !== '') parts.push({ type: 'text', text: content });
    return;
  }
  if (!Array.isArray(content)) return;
  for (let i = 0; i < content.length; i++) {
    const block = content[i] as TextBlock;
    if (block?.type === 'text') {
      if (typeof block.text === 'string' && block.text !== '') parts.push(ctx.cache.mark({ type: 'text', text: block.text }, block.cache_control));
    } else {
      ctx.logger.debug('Dropped system content block that is not text', { path: `${path}.${i}`, type: block?.type });
    }
  }
}
