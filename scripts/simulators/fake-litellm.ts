// A fake LiteLLM proxy: the Anthropic-native /v1/messages (+ count_tokens) and
// OpenAI /chat/completions, with the same default agent behaviour on both. On the
// chat route, thinking asked for (`thinking` or `reasoning_effort`) comes back as
// `reasoning_content` + signed `thinking_blocks`, and is read back from assistant
// `thinking_blocks` in history (altered signatures rejected in strict mode).
// Errors come in LiteLLM's OpenAI envelope `{"error":{"message","type":"None","param":null,"code":"429"}}`
// (what /v1/messages returned until late 2026); `errorShape: 'anthropic'` fakes newer versions.

import type { ConcreteReply, FailureReply, NeutralReply, Reply, TurnReply } from './reply-types';
import { startSimulator, type ReceivedRequest, type Simulator } from './simulated-upstream';
import { conversationOf, isObject, type ThinkingSeen } from './read-conversation';
import { defaultAgentTurn } from './default-agent-turn';
import { checkAnthropicRequest } from './check-anthropic-request';
import { checkChatRequest } from './check-chat-request';
import { anthropicErrorBody, anthropicErrorEvent, anthropicErrorType, renderAnthropicMessage, renderAnthropicSse } from './render-anthropic-message';
import { renderChatCompletion, renderChatSse } from './render-openai-chat';
import { simulatedInputTokens } from './simulated-input-tokens';
import { sseData } from './sse-pieces';
import { jsonReply, shapeStream, turnCompleter } from './turn-reply';

export type LiteLLMErrorShape = 'openai' | 'anthropic';

export interface FakeLiteLLMOptions {
  host?: string;
  port?: number;
  /** The key to expect (Bearer or x-api-key); any request is accepted when unset. */
  apiKey?: string;
  /** Envelope of /v1/messages errors (default 'openai', LiteLLM before late 2026). */
  errorShape?: LiteLLMErrorShape;
  models?: string[];
  gapMs?: number;
  /** Reject malformed conversations and altered thinking signatures (default true). */
  strict?: boolean;
  maxRecorded?: number;
}

export interface FakeLiteLLM extends Simulator {
  /** Thinking blocks that came back in request histories, with their signatures and whether they check out. */
  thinkingReceived(): ThinkingSeen[];
}

const DEFAULT_MODELS = ['openrouter/anthropic/claude-sonnet-4', 'openrouter/anthropic/claude-3.7-sonnet'];

/** LiteLLM's OpenAI-shaped error body. */
export function liteLLMOpenAiError(status: number, message: string, type = 'None') {
  return { error: { message, type, param: null, code: String(status) } };
}

/** The count the fake's count_tokens returns for a Messages body: the gateway's own estimate, as its model reports. */
export function fakeCountTokens(body: unknown): number {
  return simulatedInputTokens(isObject(body) ? body : {}, 'anthropic');
}

export async function startFakeLiteLLM(options: FakeLiteLLMOptions = {}): Promise<FakeLiteLLM> {
  const complete = turnCompleter({ message: 'msg_sim_', toolCall: 'toolu_sim_' });
  const errorShape = options.errorShape ?? 'openai';
  const strict = options.strict ?? true;
  let calls = 0;
  const agent = (req: ReceivedRequest): Reply => ({ kind: 'turn', turn: defaultAgentTurn(conversationOf(req)) });
  const isAnthropicRoute = (req: ReceivedRequest) => req.route === 'messages' || req.route === 'count_tokens';
  const commonHeaders = () => ({ 'x-litellm-call-id': `sim-call-${++calls}`, 'x-litellm-version': '1.80.0-sim' });

  function errorFor(req: ReceivedRequest, status: number, message: string, extra: Partial<FailureReply> = {}): ConcreteReply {
    const body =
      isAnthropicRoute(req) && errorShape === 'anthropic'
        ? anthropicErrorBody(extra.code ?? anthropicErrorType(status), message, req.headers['x-request-id'] as string | undefined)
        : liteLLMOpenAiError(status, message, extra.code ?? (status === 401 ? 'auth_error' : 'None'));
    return { kind: 'error', status, body, delayMs: extra.delayMs, headers: { ...commonHeaders(), ...extra.headers } };
  }

  function renderTurn(reply: TurnReply, req: ReceivedRequest): ConcreteReply {
    const turn = complete(reply, req);
    const view = conversationOf(req);
    const headers = commonHeaders();
    if (req.route === 'messages') {
      if (!view.stream) return jsonReply(renderAnthropicMessage(turn), reply, headers);
      const errorEvent = (error: { message: string }) => anthropicErrorEvent('overloaded_error', error.message);
      return shapeStream(renderAnthropicSse(turn), reply, headers, errorEvent, options.gapMs);
    }
    const chatTurn = { ...turn, id: turn.id.replace('msg_', 'chatcmpl-') };
    // LiteLLM hands back Anthropic thinking only when the request asked for it.
    const flavor = view.thinkingRequested ? 'litellm' : 'openai';
    // The model behind the chat route is Anthropic's: its cache counts come as LiteLLM reports them.
    const anthropicCacheFields = true;
    if (!view.stream) return jsonReply(renderChatCompletion(chatTurn, { flavor, anthropicCacheFields }), reply, headers);
    const includeUsage = isObject(req.json?.stream_options) && req.json.stream_options.include_usage === true;
    const pieces = renderChatSse(chatTurn, { flavor, anthropicCacheFields, usagePlacement: includeUsage ? 'no-choices' : 'none' });
    const errorChunk = (error: { message: string; code?: number | string }) =>
      sseData(liteLLMOpenAiError(Number(error.code ?? 500), error.message));
    return shapeStream(pieces, reply, headers, errorChunk, options.gapMs);
  }

  const simulator = await startSimulator({
    name: 'fake-litellm',
    host: options.host,
    port: options.port,
    maxRecorded: options.maxRecorded,
    routes: [
      { name: 'messages', method: 'POST', path: '/v1/messages', handle: agent },
      { name: 'count_tokens', method: 'POST', path: '/v1/messages/count_tokens', handle: countTokens },
      { name: 'chat', method: 'POST', path: '/v1/chat/completions', handle: agent },
      { name: 'chat', method: 'POST', path: '/chat/completions', handle: agent },
      { name: 'models', method: 'GET', path: '/v1/models', handle: () => modelsReply(options.models ?? DEFAULT_MODELS) },
      { name: 'health', method: 'GET', path: '/health/liveliness', handle: () => ({ kind: 'json', body: "I'm alive!" }) },
      { name: 'health', method: 'GET', path: '/health/readiness', handle: () => ({ kind: 'json', body: { status: 'healthy', db: 'Not connected' } }) },
    ],
    guard(req) {
      if (req.route === 'health') return undefined;
      if (options.apiKey !== undefined && !presentedKeys(req).includes(options.apiKey)) {
        return errorFor(req, 401, 'Authentication Error, Invalid proxy server token passed.');
      }
      if (!strict || !req.route || req.route === 'models') return undefined;
      if (req.json === undefined) return errorFor(req, 400, 'Invalid JSON body');
      const problem = isAnthropicRoute(req)
        ? checkAnthropicRequest(req.json, { countTokens: req.route === 'count_tokens' })
        : checkChatRequest(req.json);
      return problem ? errorFor(req, 400, problem) : undefined;
    },
    render: (reply: NeutralReply, req) =>
      reply.kind === 'turn' ? renderTurn(reply, req) : errorFor(req, reply.status, reply.message, reply),
    notFound: (req) => errorFor(req, 404, `Not Found: ${req.method} ${req.path}`),
  });

  return Object.assign(simulator, {
    thinkingReceived: () => simulator.received.filter((req) => req.route === 'messages' || req.route === 'chat').flatMap((req) => conversationOf(req).thinking),
  });

  function countTokens(req: ReceivedRequest): Reply {
    return { kind: 'json', headers: commonHeaders(), body: { input_tokens: fakeCountTokens(req.json) } };
  }
}

function presentedKeys(req: ReceivedRequest): string[] {
  const bearer = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1]?.trim();
  return [bearer, req.headers['x-api-key']].filter((key): key is string => typeof key === 'string' && key.length > 0);
}

function modelsReply(models: string[]): Reply {
  return { kind: 'json', body: { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'openai' })) } };
}
