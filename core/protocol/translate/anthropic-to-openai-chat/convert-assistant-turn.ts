import type { MessageParam, RedactedThinkingBlock, TextBlock, ThinkingBlock, ToolUseBlock } from '../../anthropic/types';
import type { ChatContentPart, ChatContentPartText, ChatMessage, ChatToolCall } from '../../openai/types';
import { sanitizeToolCallId } from '../sanitize-tool-call-id';
import { collapseContentParts } from './collapse-content-parts';
import type { ConversionContext } from './conversion-context';
import { convertThinkingHistory } from './convert-thinking-history';

type AssistantChatMessage = Extract<ChatMessage, { role: 'assistant' }>;

/** Text -> content, tool_use -> tool_calls (ids kept), thinking -> the backend's reasoning channel. */
export function convertAssistantTurn(content: MessageParam['content'], path: string, ctx: ConversionContext, out: ChatMessage[]): void {
  if (typeof content === 'string') {
    if (content !== '') out.push({ role: 'assistant', content });
    return;
  }
  if (!Array.isArray(content)) return;

  const texts: ChatContentPartText[] = [];
  const toolCalls: ChatToolCall[] = [];
  const thinking: Array<ThinkingBlock | RedactedThinkingBlock> = [];
  for (let i = 0; i < content.length; i++) {
    const block = content[i]!;
    switch (block.type) {
      case 'text': {
        const text = (block as TextBlock).text;
        if (typeof text === 'string' && text !== '') texts.push(ctx.cache.mark({ type: 'text', text }, (block as TextBlock).cache_control));
        break;
      }
      case 'tool_use': {
        const use = block as ToolUseBlock;
        toolCalls.push({
          id: sanitizeToolCallId(String(use.id)),
          type: 'function',
          function: { name: use.name, arguments: JSON.stringify(use.input ?? {}) },
        });
        break;
      }
      case 'thinking':
      case 'redacted_thinking':
        thinking.push(block as ThinkingBlock | RedactedThinkingBlock);
        break;
      default:
        ctx.logger.debug('Dropped content block the upstream cannot take', { path: `${path}.content.${i}`, type: block.type });
    }
  }

  const history = convertThinkingHistory(thinking, path, ctx);
  let messageContent: AssistantChatMessage['content'] = null;
  if (history.parts) messageContent = (history.parts as ChatContentPart[]).concat(texts);
  else if (texts.length > 0) messageContent = collapseContentParts(texts);
  if (messageContent === null && toolCalls.length === 0 && !history.details && !history.thinkingBlocks) return;

  const message: AssistantChatMessage = { role: 'assistant', content: messageContent };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (history.details) message.reasoning_details = history.details;
  if (history.thinkingBlocks) message.thinking_blocks = history.thinkingBlocks;
  out.push(message);
}
