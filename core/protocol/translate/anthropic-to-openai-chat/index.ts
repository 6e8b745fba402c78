import type { MessagesRequest } from '../../anthropic/types';
import type { ChatCompletionRequest, ChatMessage } from '../../openai/types';
import { silentLogger } from '../translation-logger';
import { CacheBreakpoints } from './apply-cache-policy';
import type { ChatTranslationOptions } from './chat-translation-options';
import { collectSystemPrompt } from './collect-system-prompt';
import type { ConversionContext } from './conversion-context';
import { convertMessages } from './convert-messages';
import { mapOutputFormat } from './map-output-format';
import { mapThinking } from './map-thinking';
import { prepareTools } from './prepare-tools';
import { reportDroppedFields } from './report-dropped-fields';

export type { CachePolicy, ChatTranslationOptions, ReasoningChannel } from './chat-translation-options';
export { MAX_CACHE_BREAKPOINTS } from './apply-cache-policy';
export { EMPTY_TOOL_RESULT_TEXT, TOOL_ERROR_PREFIX } from './convert-tool-result';
export { searchesTheWeb, webSearchQuery, type WebSearchChannel } from './map-web-search';

/**
 * Anthropic Messages request -> OpenAI chat-completions request. One pass over the
 * body: strings and schemas are referenced, not copied, so the cost follows the
 * number of blocks, not their size. Throws ApiError(400) for content the upstream
 * cannot take (a PDF where files are not supported), naming the block.
 */
export function translateRequestToOpenAIChat(body: MessagesRequest, options: ChatTranslationOptions): ChatCompletionRequest {
  const logger = options.logger ?? silentLogger;
  const ctx: ConversionContext = {
    cache: new CacheBreakpoints(options.cachePolicy),
    logger,
    reasoningChannel: options.reasoningChannel,
    supportsDocuments: options.supportsDocuments === true,
    webSearch: options.webSearch ?? 'none',
  };
  const messages = Array.isArray(body.messages) ? body.messages : [];

  // Prompt order (tools, system, messages) matters for which cache breakpoints survive the limit.
  const tools = prepareTools(body.tools, body.tool_choice, ctx);
  const chatMessages: ChatMessage[] = [];
  const system = collectSystemPrompt(body.system, messages, ctx);
  if (system) chatMessages.push(system);
  convertMessages(messages, ctx, chatMessages);

  const maxTokens =
    options.maxOutputTokens !== undefined && body.max_tokens > options.maxOutputTokens ? options.maxOutputTokens : body.max_tokens;
  if (maxTokens !== body.max_tokens) logger.debug('Clamped max_tokens to the model output limit', { requested: body.max_tokens, sent: maxTokens });

  const request: ChatCompletionRequest = { model: options.upstreamModel, messages: chatMessages, max_tokens: maxTokens, stream: options.stream };
  if (options.stream && options.includeStreamUsage !== false) request.stream_options = { include_usage: true };
  if (tools.tools) request.tools = tools.tools;
  if (tools.tool_choice !== undefined) request.tool_choice = tools.tool_choice;
  if (tools.parallel_tool_calls !== undefined) request.parallel_tool_calls = tools.parallel_tool_calls;
  if (tools.webSearch) request.plugins = [tools.webSearch];

  if (Array.isArray(body.stop_sequences) && body.stop_sequences.length > 0) request.stop = body.stop_sequences;
  if (typeof body.temperature === 'number') request.temperature = body.temperature;
  if (typeof body.top_p === 'number') request.top_p = body.top_p;
  if (typeof body.top_k === 'number') {
    if (options.supportsTopK) request.top_k = body.top_k;
    else logger.debug('Dropped request field the upstream cannot take', { field: 'top_k' });
  }
  const userId = body.metadata?.user_id;
  if (typeof userId === 'string' && userId !== '') request.user = userId;

  const thinking = mapThinking(body.thinking, body.output_config, maxTokens, options.reasoningChannel, logger);
  Object.assign(request, thinking.params);
  const output = mapOutputFormat(body, logger);
  if (output.response_format) request.response_format = output.response_format;

  const removed = ctx.cache.enforceLimit();
  if (removed > 0) logger.debug('Removed cache_control markers beyond the limit of 4', { removed });
  const used = usedFields(thinking.usedOutputConfig, output.usedField);
  reportDroppedFields(body, used, logger);
  if (output.usedField === 'output_config' && !thinking.usedOutputConfig && hasEffort(body.output_config)) {
    logger.debug('Dropped request field the upstream cannot take', { field: 'output_config.effort' });
  }
  return request;
}

const USED_OUTPUT_CONFIG: ReadonlySet<string> = new Set(['output_config']);
const USED_OUTPUT_FORMAT: ReadonlySet<string> = new Set(['output_format']);
const USED_BOTH: ReadonlySet<string> = new Set(['output_config', 'output_format']);
const NOTHING_MORE: ReadonlySet<string> = new Set();

function usedFields(thinkingUsedConfig: boolean, formatField: 'output_config' | 'output_format' | undefined): ReadonlySet<string> {
  if (formatField === 'output_format') return thinkingUsedConfig ? USED_BOTH : USED_OUTPUT_FORMAT;
  return thinkingUsedConfig || formatField === 'output_config' ? USED_OUTPUT_CONFIG : NOTHING_MORE;
}

function hasEffort(outputConfig: unknown): boolean {
  return typeof outputConfig === 'object' && outputConfig !== null && (outputConfig as { effort?: unknown }).effort != null;
}
