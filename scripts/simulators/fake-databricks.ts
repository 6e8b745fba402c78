// A fake Databricks workspace:
// - POST /serving-endpoints/{endpoint}/invocations and /serving-endpoints/chat/completions:
//   OpenAI chat in and out; with thinking requested, content comes back as a list with
//   `reasoning` parts (also in stream deltas). Databricks' rules are enforced (empty text,
//   `name` off user messages, extra message fields, server tools, thinking budget, 4 MB).
// - POST /serving-endpoints/anthropic/v1/messages: the native Anthropic route.
// - GET /api/2.0/serving-endpoints[/{name}]: endpoint state, for detailed health.
// Errors are `{"error_code","message"}`; the native route's validation errors use the
// Anthropic envelope unless `nativeErrorShape: 'databricks'`.

import type { ConcreteReply, FailureReply, NeutralReply, Reply, TurnReply } from './reply-types';
import { startSimulator, type ReceivedRequest, type Simulator } from './simulated-upstream';
import { conversationOf, type ThinkingSeen } from './read-conversation';
import { defaultAgentTurn } from './default-agent-turn';
import { checkAnthropicRequest } from './check-anthropic-request';
import { checkChatRequest } from './check-chat-request';
import { checkDatabricksChat, checkDatabricksPayloadSize, checkServerTools } from './check-databricks-rules';
import { anthropicErrorBody, anthropicErrorEvent, anthropicErrorType, renderAnthropicMessage, renderAnthropicSse } from './render-anthropic-message';
import { renderChatCompletion, renderChatSse } from './render-openai-chat';
import { sseData } from './sse-pieces';
import { jsonReply, shapeStream, turnCompleter } from './turn-reply';

export interface EndpointState {
  ready?: 'READY' | 'NOT_READY';
  configUpdate?: 'NOT_UPDATING' | 'IN_PROGRESS' | 'UPDATE_FAILED' | 'UPDATE_CANCELED';
}

export interface FakeDatabricksOptions {
  host?: string;
  port?: number;
  /** The token to expect in `Authorization: Bearer`; any non-empty token is accepted when unset. */
  token?: string;
  /** Serving endpoints that exist, by name (default: the usual Claude endpoints, all READY). */
  endpoints?: Record<string, EndpointState>;
  nativeErrorShape?: 'anthropic' | 'databricks';
  gapMs?: number;
  /** Enforce Databricks' request rules and thinking signatures (default true). */
  strict?: boolean;
  maxRecorded?: number;
}

export interface FakeDatabricks extends Simulator {
  /** Adds or changes an endpoint; `undefined` removes it. */
  setEndpoint(name: string, state: EndpointState | undefined): void;
  thinkingReceived(): ThinkingSeen[];
}

export const DEFAULT_DATABRICKS_ENDPOINTS = [
  'databricks-claude-sonnet-4',
  'databricks-claude-3-7-sonnet',
  'databricks-claude-sonnet-4-5',
  'databricks-claude-opus-4-1',
  'databricks-claude-haiku-4-5',
  'databricks-claude-opus-5-5',
  'databricks-claude-sonnet-5-5',
  'databricks-claude-haiku-5-5',
];

const ERROR_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'RESOURCE_DOES_NOT_EXIST',
  429: 'REQUEST_LIMIT_EXCEEDED',
  500: 'INTERNAL_ERROR',
  503: 'TEMPORARILY_UNAVAILABLE',
};

/** A Databricks error reply, e.g. databricksError(429, 'Exceeded rate limit', { retryAfter: 1 }). */
export function databricksError(
  status: number,
  message: string,
  extra: { errorCode?: string; retryAfter?: number; delayMs?: number } = {},
): Reply {
  return {
    kind: 'error',
    status,
    delayMs: extra.delayMs,
    headers: extra.retryAfter !== undefined ? { 'retry-after': String(extra.retryAfter) } : {},
    body: { error_code: extra.errorCode ?? ERROR_CODES[status] ?? 'INTERNAL_ERROR', message },
  };
}

export async function startFakeDatabricks(options: FakeDatabricksOptions = {}): Promise<FakeDatabricks> {
  const endpoints = new Map<string, EndpointState>(
    Object.entries(options.endpoints ?? Object.fromEntries(DEFAULT_DATABRICKS_ENDPOINTS.map((name) => [name, {}]))),
  );
  const strict = options.strict ?? true;
  const complete = turnCompleter({ message: 'sim-dbx-', toolCall: 'toolu_sim_dbx_' });
  let requests = 0;
  const agent = (req: ReceivedRequest): Reply => ({ kind: 'turn', turn: defaultAgentTurn(conversationOf(req)) });

  /** The endpoint a serving request targets: from the path, or the body's model. */
  const endpointOf = (req: ReceivedRequest) => req.params.endpoint ?? String(req.json?.model ?? '');

  function errorFor(req: ReceivedRequest, status: number, message: string, extra: Partial<FailureReply> = {}): ConcreteReply {
    const native = req.route === 'anthropic' && (options.nativeErrorShape ?? 'anthropic') === 'anthropic' && status !== 401 && status !== 403;
    const body = native
      ? anthropicErrorBody(extra.code ?? anthropicErrorType(status), message)
      : { error_code: extra.code ?? ERROR_CODES[status] ?? 'INTERNAL_ERROR', message };
    return { kind: 'error', status, body, delayMs: extra.delayMs, headers: { 'x-request-id': `sim-dbx-req-${++requests}`, ...extra.headers } };
  }

  function renderTurn(reply: TurnReply, req: ReceivedRequest): ConcreteReply {
    const turn = complete(reply, req);
    const view = conversationOf(req);
    const headers = { 'x-request-id': `sim-dbx-req-${++requests}` };
    if (req.route === 'anthropic') {
      if (!view.stream) return jsonReply(renderAnthropicMessage({ ...turn, id: `msg_${turn.id}` }), reply, headers);
      const errorEvent = (error: { message: string }) => anthropicErrorEvent('overloaded_error', error.message);
      return shapeStream(renderAnthropicSse({ ...turn, id: `msg_${turn.id}` }), reply, headers, errorEvent, options.gapMs);
    }
    const chatTurn = { ...turn, model: endpointOf(req) };
    if (!view.stream) return jsonReply(renderChatCompletion(chatTurn, { flavor: 'databricks' }), reply, headers);
    const errorChunk = (error: { message: string; code?: number | string }) =>
      sseData({ error_code: String(error.code ?? 'INTERNAL_ERROR'), message: error.message });
    return shapeStream(renderChatSse(chatTurn, { flavor: 'databricks' }), reply, headers, errorChunk, options.gapMs);
  }

  function checkServing(req: ReceivedRequest): ConcreteReply | undefined {
    const name = endpointOf(req);
    const state = endpoints.get(name);
    if (!state) return errorFor(req, 404, `Endpoint with name '${name}' does not exist.`);
    if ((state.ready ?? 'READY') !== 'READY') return errorFor(req, 503, `Endpoint '${name}' is not ready.`);
    if (!strict) return undefined;
    const tooBig = checkDatabricksPayloadSize(req.body);
    if (tooBig) return errorFor(req, 400, tooBig);
    if (req.json === undefined) return errorFor(req, 400, 'Request body must be valid JSON');
    const problem =
      req.route === 'anthropic'
        ? checkServerTools(req.json) ?? checkAnthropicRequest(req.json)
        : checkChatRequest(req.json, { requireModel: req.route === 'chat' }) ?? checkDatabricksChat(req.json);
    return problem ? errorFor(req, 400, problem) : undefined;
  }

  const simulator = await startSimulator({
    name: 'fake-databricks',
    host: options.host,
    port: options.port,
    maxRecorded: options.maxRecorded,
    routes: [
      { name: 'anthropic', method: 'POST', path: '/serving-endpoints/anthropic/v1/messages', handle: agent },
      { name: 'chat', method: 'POST', path: '/serving-endpoints/chat/completions', handle: agent },
      { name: 'invocations', method: 'POST', path: '/serving-endpoints/{endpoint}/invocations', handle: agent },
      { name: 'endpoint-list', method: 'GET', path: '/api/2.0/serving-endpoints', handle: () => ({ kind: 'json', body: { endpoints: [...endpoints].map(([name, state]) => describe(name, state)) } }) },
      { name: 'endpoint-state', method: 'GET', path: '/api/2.0/serving-endpoints/{name}', handle: endpointState },
    ],
    guard(req) {
      const token = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1]?.trim();
      if (!token) return errorFor(req, 401, 'Credential was not sent or was of an unsupported type for this API.');
      if (options.token !== undefined && token !== options.token) return errorFor(req, 403, 'Invalid access token.');
      if (req.route === 'anthropic' || req.route === 'chat' || req.route === 'invocations') return checkServing(req);
      return undefined;
    },
    render: (reply: NeutralReply, req) => (reply.kind === 'turn' ? renderTurn(reply, req) : errorFor(req, reply.status, reply.message, reply)),
    notFound: (req) => ({ kind: 'error', status: 404, body: { error_code: 'ENDPOINT_NOT_FOUND', message: `Invalid path: ${req.path}` } }),
  });

  function endpointState(req: ReceivedRequest): Reply {
    const name = req.params.name!;
    const state = endpoints.get(name);
    if (!state) return errorFor(req, 404, `Serving endpoint with name '${name}' does not exist.`);
    return { kind: 'json', body: describe(name, state) };
  }

  return Object.assign(simulator, {
    setEndpoint(name: string, state: EndpointState | undefined) {
      if (state) endpoints.set(name, state);
      else endpoints.delete(name);
    },
    thinkingReceived: () =>
      simulator.received.filter((req) => req.route === 'anthropic' || req.route === 'chat' || req.route === 'invocations').flatMap((req) => conversationOf(req).thinking),
  });
}

function describe(name: string, state: EndpointState) {
  return {
    name,
    id: `sim-${name}`,
    creator: 'simulator@example.com',
    creation_timestamp: 1_700_000_000_000,
    last_updated_timestamp: 1_700_000_000_000,
    endpoint_type: 'FOUNDATION_MODEL_API',
    task: 'llm/v1/chat',
    state: { ready: state.ready ?? 'READY', config_update: state.configUpdate ?? 'NOT_UPDATING' },
  };
}
