import type { MessagesContext, MessagesResult } from '../plugins/plugin-contract';
import { stringifyJsonToBuffer } from '../protocol/json/stringify-json-to-buffer';
import type { ChatCompletion, ChatCompletionRequest } from '../protocol/openai/types';
import type { ErrorCodeStatuses } from '../protocol/upstream-errors/read-upstream-error';
import { searchesTheWeb, translateRequestToOpenAIChat, webSearchQuery, type ChatTranslationOptions } from '../protocol/translate/anthropic-to-openai-chat';
import type { ChatResponseOptions } from '../protocol/translate/openai-chat-to-anthropic/chat-response-options';
import { translateChatCompletion } from '../protocol/translate/openai-chat-to-anthropic/translate-chat-completion';
import { translateChatStream } from '../protocol/translate/openai-chat-to-anthropic/chat-stream-translator';
import { plumbingOf } from '../plugins/request-plumbing';
import { ensureUpstreamOk, requestUpstream, sendOnce } from '../upstream';
import { loggerOnFirstUse, type TranslationLogger } from '../protocol/translate/translation-logger';
import { chatTranslationOptions } from './upstream-settings';

export interface OpenAIChatCall {
  url: string;
  headers: Record<string, string>;
  /** Named in error messages and logs. */
  backendName: string;
  /** Overrides of what the manifest's capabilities say, for this request's model. */
  translation?: Partial<ChatTranslationOptions>;
  /** Last touches on the translated body before it is sent (provider prefs, upstream rules). */
  adjustBody?(body: ChatCompletionRequest): void;
  /** The response header that carries the upstream's id for the call; default `x-request-id` (OpenAI's). */
  requestIdHeader?: string;
  /** The upstream's own error codes and the status each stands for, for an error inside a 200 that names no status. */
  errorCodes?: ErrorCodeStatuses;
}

function chatRequestBytes(ctx: MessagesContext, call: OpenAIChatCall, logger: TranslationLogger, responseOptions: ChatResponseOptions): Buffer {
  const chatRequest = translateRequestToOpenAIChat(ctx.body, { ...chatTranslationOptions(ctx, logger), ...call.translation });
  call.adjustBody?.(chatRequest);
  // The answer's citations become search result blocks only when a search was asked for.
  if (searchesTheWeb(chatRequest)) responseOptions.webSearch = { query: webSearchQuery(ctx.body.messages) };
  return stringifyJsonToBuffer(chatRequest);
}

/**
 * The whole round trip for an upstream that speaks OpenAI chat completions:
 * translate the request, call, and translate the answer back (JSON, or SSE
 * event by event as chunks arrive). Errors before the first byte throw.
 */
export async function serveViaOpenAIChat(ctx: MessagesContext, call: OpenAIChatCall): Promise<MessagesResult> {
  const logger = loggerOnFirstUse(() => ctx.logger);
  const responseOptions: ChatResponseOptions = {
    requestedModel: ctx.requestedModel,
    inputTokenEstimate: ctx.inputTokenEstimate,
    stopSequences: ctx.body.stop_sequences,
    logger,
    errorCodes: call.errorCodes,
  };
  // Neither the Anthropic request nor its translation is kept while the upstream answers.
  const body = sendOnce(chatRequestBytes(ctx, call, logger, responseOptions));
  const plumbing = plumbingOf(ctx);
  plumbing.releaseBody();
  const response = await ensureUpstreamOk(
    await requestUpstream({
      url: call.url,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ctx.stream ? 'text/event-stream' : 'application/json', ...call.headers },
      body,
      signal: plumbing.clientGone,
      timeouts: ctx.timeouts,
      backend: call.backendName,
    }),
    call.backendName,
  );
  const upstreamRequestId = response.headers[call.requestIdHeader ?? 'x-request-id'];
  if (ctx.stream) return { type: 'stream', events: translateChatStream(response.body, responseOptions), upstreamRequestId };
  const completion = (await response.json()) as ChatCompletion;
  return { type: 'message', message: translateChatCompletion(completion, responseOptions), upstreamRequestId };
}
