import type { Logger } from 'winston';
import type { ChatCompletionRequest, ChatContentPart, ChatMessage } from '../../core';

// Databricks' chat validator is stricter than OpenAI's (reference C.18, D1):
// empty text is refused, `name` is only allowed on user messages, and any field
// it does not know on a message is "Extra inputs are not permitted" (LiteLLM
// #36931: `thinking_blocks`; `reasoning_details` / `reasoning` likewise).
const MESSAGE_FIELDS = new Set(['role', 'content', 'tool_calls', 'tool_call_id', 'name']);
const MIN_THINKING_BUDGET = 1024;

type Json = Record<string, unknown>;

const isBlank = (text: unknown) => typeof text !== 'string' || text.trim() === '';

function withoutBlankText(content: ChatMessage['content']): ChatMessage['content'] {
  if (typeof content === 'string' || content === null) return isBlank(content) ? null : content;
  const kept = (content as ChatContentPart[]).filter((part) => part.type !== 'text' || !isBlank(part.text));
  return kept.length === 0 ? null : kept.length === content.length ? content : (kept as typeof content);
}

/** One message made acceptable, or undefined when nothing is left of it. */
function cleanMessage(message: ChatMessage, index: number, logger: Logger): ChatMessage | undefined {
  const record = message as unknown as Json;
  for (const key of Object.keys(record)) {
    if (MESSAGE_FIELDS.has(key) && (key !== 'name' || message.role === 'user')) continue;
    delete record[key];
    logger.debug('Removed a message field Databricks rejects', { index, field: key, role: message.role });
  }
  if (message.role === 'tool') return message;
  const content = withoutBlankText(message.content);
  if (content !== null) {
    message.content = content as never;
    return message;
  }
  if (message.role === 'assistant' && Array.isArray(message.tool_calls) && message.tool_calls.length > 0) {
    message.content = null;
    return message;
  }
  logger.info('Removed a message with only empty text: Databricks rejects empty text content', { index, role: message.role });
  return undefined;
}

function checkThinking(body: ChatCompletionRequest, logger: Logger): void {
  const thinking = body.thinking as Json | undefined;
  if (!thinking || thinking.type !== 'enabled') return;
  const budget = Number(thinking.budget_tokens);
  const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : Infinity;
  if (budget >= MIN_THINKING_BUDGET && budget < maxTokens) return;
  delete body.thinking;
  logger.warn('Dropped thinking: Databricks needs 1024 <= budget_tokens < max_tokens', { budget_tokens: thinking.budget_tokens, max_tokens: body.max_tokens });
}

/** Databricks' request rules, applied in place to a translated chat body. */
export function applyDatabricksRules(body: ChatCompletionRequest, logger: Logger): void {
  const messages: ChatMessage[] = [];
  body.messages.forEach((message, index) => {
    const kept = cleanMessage(message, index, logger);
    if (kept) messages.push(kept);
  });
  body.messages = messages;
  if (Array.isArray(body.tools)) {
    const tools = body.tools.filter((tool) => tool.type === 'function');
    if (tools.length !== body.tools.length) logger.info('Removed tools Databricks does not support', { removed: body.tools.length - tools.length });
    if (tools.length > 0) body.tools = tools;
    else {
      delete body.tools;
      delete body.tool_choice;
      delete body.parallel_tool_calls;
    }
  }
  for (const field of ['thinking_blocks', 'reasoning_details', 'reasoning']) {
    if (field in body) {
      delete body[field];
      logger.debug('Removed a request field Databricks rejects', { field });
    }
  }
  checkThinking(body, logger);
}
