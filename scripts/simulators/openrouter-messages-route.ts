// OpenRouter's Anthropic-compatible route, POST /api/v1/messages: Anthropic
// Messages in and out (JSON or SSE, signed thinking, tool_use, cache usage
// fields), `x-generation-id` on every answer, errors in the envelope OpenRouter
// uses there: Anthropic's `{"type":"error","error":{"type","message"}}` plus its
// own canonical `error.error_type` and a `request_id`. A stream that fails after
// the 200 ends with an `event: error`.
//
// Requests whose tools include a server tool `web_search_*` are answered with a
// search (see render-anthropic-web-search.ts) unless the turn carries tool
// results or tool_choice names another tool.

import type { ConcreteReply, FailureReply, Reply, TurnReply } from './reply-types';
import type { ReceivedRequest } from './simulated-upstream';
import { conversationOf } from './read-conversation';
import { checkAnthropicRequest } from './check-anthropic-request';
import { anthropicErrorEvent, anthropicErrorType, renderAnthropicMessage, renderAnthropicSse } from './render-anthropic-message';
import { renderWebSearchMessage, renderWebSearchSse, webSearchQuery } from './render-anthropic-web-search';
import { estimateTokens, type CompleteTurn } from './scripted-turn';
import { jsonReply, shapeStream } from './turn-reply';

// OpenRouter's canonical error types, by status (its `error_type`, the same on every API format).
const CANONICAL_TYPES: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  402: 'insufficient_credits',
  403: 'forbidden',
  404: 'not_found',
  408: 'timeout',
  429: 'rate_limit_exceeded',
  502: 'provider_error',
  503: 'service_unavailable',
};

/** OpenRouter's models behind this route are Anthropic's: `anthropic/...`, or a floating `~anthropic/...` alias. */
const ANTHROPIC_MODEL = /^~?anthropic\/[a-z0-9.:-]+$/i;

// No provider able to serve the model is capacity trouble, which Anthropic's envelope calls overloaded.
const typeFor = (status: number) => (status === 503 ? 'overloaded_error' : anthropicErrorType(status));

/** An error body as OpenRouter's messages route writes it. */
export function openRouterMessagesErrorBody(status: number, message: string, type = typeFor(status)) {
  return {
    type: 'error' as const,
    error: { type, message, error_type: CANONICAL_TYPES[status] ?? (status >= 500 ? 'server_error' : 'invalid_request') },
    request_id: null,
  };
}

/** A scriptable error on the messages route, e.g. openRouterMessagesError(429, 'Rate limit exceeded', { retryAfter: 1 }). */
export function openRouterMessagesError(status: number, message: string, extra: { retryAfter?: number; delayMs?: number; type?: string } = {}): Reply {
  return {
    kind: 'error',
    status,
    delayMs: extra.delayMs,
    headers: extra.retryAfter !== undefined ? { 'retry-after': String(extra.retryAfter) } : {},
    body: openRouterMessagesErrorBody(status, message, extra.type),
  };
}

/** What the route refuses before any model runs: a body that is no Anthropic request, or a model that is not Anthropic's. */
export function checkMessagesRequest(req: ReceivedRequest): Reply | undefined {
  if (req.json === undefined) return openRouterMessagesError(400, 'Invalid JSON body');
  const model = req.json?.model;
  if (typeof model === 'string' && !ANTHROPIC_MODEL.test(model)) return openRouterMessagesError(400, `${model} is not a valid model ID`);
  const problem = checkAnthropicRequest(req.json);
  return problem ? openRouterMessagesError(400, problem) : undefined;
}

/** The route's default answer: a web search when one is asked for, else the agent turn. */
export function messagesRouteReply(req: ReceivedRequest, agentTurn: Reply, ids: { next(): string; nextToolUse(): string }): Reply {
  const view = conversationOf(req);
  const search = view.tools.find((tool) => tool.type.startsWith('web_search'));
  const forcedOther = view.toolChoice.mode === 'tool' && view.toolChoice.name !== search?.name;
  if (!search || view.toolResults.length > 0 || forcedOther || view.toolChoice.mode === 'none') return agentTurn;
  const turn = {
    id: ids.next(),
    model: view.model,
    query: webSearchQuery(view.lastUserText),
    toolName: search.name,
    toolUseId: ids.nextToolUse(),
    inputTokens: estimateTokens(req.body),
    thinking: view.thinkingRequested,
  };
  const headers = { 'x-generation-id': turn.id };
  if (!view.stream) return { kind: 'json', headers, body: renderWebSearchMessage(turn) };
  return { kind: 'sse', headers, pieces: renderWebSearchSse(turn) };
}

/** A scripted turn written as this route answers. */
export function renderMessagesTurn(turn: CompleteTurn, reply: TurnReply, req: ReceivedRequest, gapMs?: number): ConcreteReply {
  const headers = { 'x-generation-id': turn.id };
  if (!conversationOf(req).stream) return jsonReply(renderAnthropicMessage(turn), reply, headers);
  const errorEvent = (error: { message: string }) => anthropicErrorEvent('overloaded_error', error.message);
  return shapeStream(renderAnthropicSse(turn), reply, headers, errorEvent, gapMs);
}

export function renderMessagesFailure(reply: FailureReply): ConcreteReply {
  return jsonReply(openRouterMessagesErrorBody(reply.status, reply.message, reply.code), reply, {}, reply.status);
}
