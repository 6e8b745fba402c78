import { ApiError } from '../../anthropic/errors';
import type { Message, ResponseBlock, ThinkingBlock, ToolUseBlock } from '../../anthropic/types';
import type { ChatCompletion } from '../../openai/types';
import { tokensForChars } from '../../estimate-input-tokens';
import { generateAnthropicId } from '../generate-anthropic-id';
import { sanitizeToolCallId } from '../sanitize-tool-call-id';
import { silentLogger } from '../translation-logger';
import type { ChatResponseOptions } from './chat-response-options';
import { convertUsage } from './convert-usage';
import { findMatchedStop, mapFinishReason } from './map-finish-reason';
import { parseToolArguments } from './parse-tool-arguments';
import { readErrorInAnswer } from './read-error-in-answer';
import { continuesThinking, readChatContent } from './read-chat-content';
import { webSearchRequests, withWebSearch } from './web-search-blocks';

/**
 * A non-streamed chat completion -> an Anthropic Message: thinking, then text, then
 * tool_use blocks, with the same block boundaries the stream translator produces.
 * Tool arguments that are not a JSON object are kept under `_raw_arguments`.
 * Throws ApiError when the upstream answered 200 with an error instead of a choice.
 */
export function translateChatCompletion(completion: ChatCompletion, options: ChatResponseOptions): Message {
  const error = readErrorInAnswer(completion, options.errorCodes);
  if (error) throw error;
  const choice = completion.choices?.[0];
  if (!choice) throw new ApiError(502, 'The upstream answered without a choice');
  const logger = options.logger ?? silentLogger;
  const message = choice.message ?? { content: null };
  const content: ResponseBlock[] = [];
  let outputChars = 0;
  let thinking: { block: ThinkingBlock; group: number | string | undefined } | null = null;

  for (const piece of readChatContent(message)) {
    if (piece.kind === 'thinking') {
      if (piece.text === '' && !piece.signature) continue;
      const last = content[content.length - 1];
      if (!thinking || last !== thinking.block || !continuesThinking({ signature: thinking.block.signature ?? '', group: thinking.group }, piece)) {
        thinking = { block: { type: 'thinking', thinking: '', signature: '' }, group: piece.group };
        content.push(thinking.block);
      }
      thinking.block.thinking += piece.text;
      outputChars += piece.text.length;
      if (piece.signature) thinking.block.signature = piece.signature;
      if (thinking.group === undefined) thinking.group = piece.group;
    } else if (piece.kind === 'redacted') {
      content.push({ type: 'redacted_thinking', data: piece.data });
    } else {
      const last = content[content.length - 1];
      if (last?.type === 'text') last.text += piece.text;
      else content.push({ type: 'text', text: piece.text });
      outputChars += piece.text.length;
    }
  }

  let toolUses = 0;
  for (const call of message.tool_calls ?? []) {
    const name = call?.function?.name;
    if (typeof name !== 'string' || name === '') {
      logger.warn('Dropped a tool call without a name from the upstream answer');
      continue;
    }
    const args: unknown = call.function.arguments;
    if (typeof args === 'string') outputChars += args.length;
    const block: ToolUseBlock = {
      type: 'tool_use',
      id: typeof call.id === 'string' && call.id !== '' ? sanitizeToolCallId(call.id) : generateAnthropicId('toolu'),
      name,
      input: parseToolArguments(args),
    };
    content.push(block);
    toolUses++;
  }

  const { stop_reason, stop_sequence } = mapFinishReason({
    finishReason: choice.finish_reason,
    nativeFinishReason: choice.native_finish_reason,
    matchedStop: findMatchedStop(choice as unknown as Record<string, unknown>),
    hasToolUse: toolUses > 0,
    stopSequences: options.stopSequences,
  });
  const usage: Message['usage'] = completion.usage
    ? convertUsage(completion.usage)
    : { input_tokens: options.inputTokenEstimate ?? 0, output_tokens: tokensForChars(outputChars), cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const search = options.webSearch;
  if (search) usage.server_tool_use = { web_search_requests: webSearchRequests(completion.usage) };

  return {
    id: options.messageId ?? generateAnthropicId('msg'),
    type: 'message',
    role: 'assistant',
    model: options.requestedModel,
    content: search ? withWebSearch(content, search, message.annotations) : content,
    stop_reason,
    stop_sequence,
    usage,
  };
}
