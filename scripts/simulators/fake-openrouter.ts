// A fake OpenRouter: chat completions in OpenRouter's dialect (see
// render-openai-chat.ts), its error envelope `{error:{code,message,metadata?}}`,
// mid-stream errors as a chunk with finish_reason "error" at HTTP 200, and the
// models list. Configure the gateway with `${fake.baseUrl}` (= url + /api/v1).
// POST /api/v1/messages is OpenRouter's Anthropic-compatible route, for
// `anthropic/...` models (see openrouter-messages-route.ts): Anthropic in and
// out, errors in Anthropic's envelope, web search answered natively.

import type { ConcreteReply, FailureReply, NeutralReply, Reply, TurnReply } from './reply-types';
import { startSimulator, type ReceivedRequest, type Simulator } from './simulated-upstream';
import { conversationOf } from './read-conversation';
import { defaultAgentTurn } from './default-agent-turn';
import { checkChatRequest } from './check-chat-request';
import { renderChatCompletion, renderChatSse, type UsagePlacement } from './render-openai-chat';
import { sseData } from './sse-pieces';
import { jsonReply, shapeStream, turnCompleter } from './turn-reply';
import { webPluginOf, webSearchChatTurn } from './web-search-chat-turn';
import { checkMessagesRequest, messagesRouteReply, openRouterMessagesError, renderMessagesFailure, renderMessagesTurn } from './openrouter-messages-route';

export interface FakeOpenRouterOptions {
  host?: string;
  port?: number;
  /** The key to expect in `Authorization: Bearer`; any non-empty key is accepted when unset. */
  apiKey?: string;
  models?: string[];
  /** `: OPENROUTER PROCESSING` comments before the first chunk (default 1). */
  processingComments?: number;
  usagePlacement?: UsagePlacement;
  gapMs?: number;
  /** Reject malformed conversations and altered reasoning signatures (default true). */
  strict?: boolean;
  maxRecorded?: number;
}

export interface FakeOpenRouter extends Simulator {
  /** What the gateway's OPENROUTER_API_BASE should be. */
  readonly baseUrl: string;
}

const DEFAULT_MODELS = ['anthropic/claude-sonnet-4', 'anthropic/claude-3.7-sonnet', 'anthropic/claude-sonnet-4.5', 'anthropic/claude-opus-4.1'];

/** An error in OpenRouter's envelope, e.g. openRouterError(429, 'Rate limit exceeded', { retryAfter: 2 }). */
export function openRouterError(
  status: number,
  message: string,
  extra: { retryAfter?: number; metadata?: Record<string, unknown>; delayMs?: number } = {},
): Reply {
  return {
    kind: 'error',
    status,
    delayMs: extra.delayMs,
    headers: extra.retryAfter !== undefined ? { 'retry-after': String(extra.retryAfter) } : {},
    body: { error: { code: status, message, ...(extra.metadata ? { metadata: extra.metadata } : {}) } },
  };
}

export async function startFakeOpenRouter(options: FakeOpenRouterOptions = {}): Promise<FakeOpenRouter> {
  const complete = turnCompleter({ message: 'gen-sim-', toolCall: 'toolu_sim_or_' });
  const models = options.models ?? DEFAULT_MODELS;
  // A chat request with the `web` plugin is answered as a web search (web-search-chat-turn.ts).
  const chat = (req: ReceivedRequest): Reply => ({
    kind: 'turn',
    turn: webPluginOf(req.json) ? webSearchChatTurn(conversationOf(req)) : defaultAgentTurn(conversationOf(req)),
  });
  let searches = 0;
  const searchIds = { next: () => `gen-sim-search-${++searches}`, nextToolUse: () => `srvtoolu_sim_or_${searches}` };
  const messages = (req: ReceivedRequest): Reply => messagesRouteReply(req, chat(req), searchIds);

  function renderTurn(reply: TurnReply, req: ReceivedRequest): ConcreteReply {
    const turn = complete(reply, req);
    if (req.route === 'messages') return renderMessagesTurn(turn, reply, req, options.gapMs);
    const headers = { 'x-generation-id': turn.id };
    if (!conversationOf(req).stream) return jsonReply(renderChatCompletion(turn, { flavor: 'openrouter' }), reply, headers);
    const pieces = renderChatSse(turn, {
      flavor: 'openrouter',
      processingComments: options.processingComments ?? 1,
      usagePlacement: options.usagePlacement,
    });
    const errorChunk = (error: { message: string; code?: number | string }) =>
      sseData({
        id: turn.id,
        object: 'chat.completion.chunk',
        created: 1_700_000_000,
        model: turn.model,
        provider: 'Anthropic',
        error: { code: error.code ?? 502, message: error.message },
        choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error', native_finish_reason: 'error' }],
      });
    return shapeStream(pieces, reply, headers, errorChunk, options.gapMs);
  }

  function renderFailure(reply: FailureReply, req: ReceivedRequest): ConcreteReply {
    if (req.route === 'messages') return renderMessagesFailure(reply);
    const body = { error: { code: reply.status, message: reply.message, ...(reply.code ? { metadata: { code: reply.code } } : {}) } };
    return jsonReply(body, reply, {}, reply.status);
  }

  const simulator = await startSimulator({
    name: 'fake-openrouter',
    host: options.host,
    port: options.port,
    maxRecorded: options.maxRecorded,
    routes: [
      { name: 'chat', method: 'POST', path: '/api/v1/chat/completions', handle: chat },
      { name: 'chat', method: 'POST', path: '/v1/chat/completions', handle: chat },
      { name: 'messages', method: 'POST', path: '/api/v1/messages', handle: messages },
      { name: 'models', method: 'GET', path: '/api/v1/models', handle: () => modelsReply(models) },
      { name: 'models', method: 'GET', path: '/v1/models', handle: () => modelsReply(models) },
      // The key's own record (GET /api/v1/key): needs the key, costs nothing; `check --probe` calls it.
      { name: 'key', method: 'GET', path: '/api/v1/key', handle: () => ({ kind: 'json', body: { data: { label: 'sk-or-v1-sim...', usage: 0, limit: null, limit_remaining: null, is_free_tier: false } } }) },
    ],
    guard(req) {
      if (req.route === 'models') return undefined;
      const key = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1]?.trim();
      const unauthorized = req.route === 'messages' ? openRouterMessagesError : openRouterError;
      if (!key) return unauthorized(401, 'No auth credentials found');
      if (options.apiKey !== undefined && key !== options.apiKey) return unauthorized(401, 'User not found.');
      if (req.route === 'messages') return (options.strict ?? true) ? checkMessagesRequest(req) : undefined;
      if (req.route !== 'chat') return undefined;
      if (req.json === undefined) return openRouterError(400, 'Invalid JSON body');
      const problem = (options.strict ?? true) ? checkChatRequest(req.json) : undefined;
      return problem ? openRouterError(400, problem) : undefined;
    },
    render: (reply: NeutralReply, req) => (reply.kind === 'turn' ? renderTurn(reply, req) : renderFailure(reply, req)),
    notFound: (req) => openRouterError(404, `Not Found: ${req.method} ${req.path}`),
  });
  return Object.assign(simulator, { baseUrl: `${simulator.url}/api/v1` });
}

function modelsReply(models: string[]): Reply {
  return {
    kind: 'json',
    body: { data: models.map((id) => ({ id, name: id, context_length: 200_000, supported_parameters: ['tools', 'reasoning'] })) },
  };
}
