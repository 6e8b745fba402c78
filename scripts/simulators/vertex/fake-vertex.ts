// A fake Vertex AI serving Claude: `:rawPredict` (JSON) and `:streamRawPredict`
// (Anthropic SSE) under projects/{project}/locations/{region}/publishers/anthropic/models/{model},
// and count-tokens:rawPredict. It checks what Vertex checks: a bearer token the
// (fake) Google token source issued, the project and region, the body Vertex
// takes (`anthropic_version: "vertex-2023-10-16"`, no `model` except when
// counting, `stream` agreeing with the method, only betas it knows). Google's
// own failures come in Google's envelope `{error:{code,message,status}}`;
// Claude's in Anthropic's.

import type { ConcreteReply, ErrorReply, FailureReply, NeutralReply, Reply, TurnReply } from '../reply-types';
import { startSimulator, type ReceivedRequest, type Simulator } from '../simulated-upstream';
import { readConversation, isObject } from '../read-conversation';
import { defaultAgentTurn } from '../default-agent-turn';
import { checkAnthropicRequest } from '../check-anthropic-request';
import { anthropicErrorBody, anthropicErrorEvent, anthropicErrorType, renderAnthropicMessage, renderAnthropicSse } from '../render-anthropic-message';
import { completeTurn, estimateTokens } from '../scripted-turn';
import { fakeCountTokens } from '../fake-litellm';
import { jsonReply, shapeStream } from '../turn-reply';

export const VERTEX_ANTHROPIC_VERSION = 'vertex-2023-10-16';
/** Betas the fake accepts, as Vertex accepts a subset of Anthropic's. */
export const VERTEX_BETAS = ['interleaved-thinking-2025-05-14', 'context-1m-2025-08-07', 'context-management-2025-06-27'];

export interface FakeVertexOptions {
  host?: string;
  port?: number;
  project: string;
  region?: string;
  /** Whether a bearer token is one the token source issued. */
  acceptsToken(token: string): boolean;
  betas?: string[];
  /** Reject malformed conversations and altered thinking signatures (default true). */
  strict?: boolean;
  maxRecorded?: number;
}

const GOOGLE_STATUS: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED' };

export function googleError(status: number, message: string): ErrorReply {
  return { kind: 'error', status, body: { error: { code: status, message, status: GOOGLE_STATUS[status] ?? 'UNKNOWN' } } };
}

function claudeError(status: number, message: string, type = anthropicErrorType(status)): ErrorReply {
  return { kind: 'error', status, body: anthropicErrorBody(type, message, 'req_vrtx_sim') };
}

const MODEL_PATH = '/v1/projects/{project}/locations/{region}/publishers/anthropic/models';

export async function startFakeVertex(options: FakeVertexOptions): Promise<Simulator> {
  const region = options.region ?? 'global';
  const betas = new Set(options.betas ?? VERTEX_BETAS);
  const strict = options.strict ?? true;
  let messages = 0;
  let calls = 0;
  const agent = (req: ReceivedRequest): Reply => ({ kind: 'turn', turn: defaultAgentTurn(readConversation(req.json, 'anthropic')) });

  function renderTurn(reply: TurnReply, req: ReceivedRequest): ConcreteReply {
    const turn = completeTurn(reply.turn, {
      id: `msg_vrtx_sim_${++messages}`,
      model: req.params.model,
      inputTokens: estimateTokens(req.body),
      toolCallId: () => `toolu_vrtx_sim_${++calls}`,
    });
    if (req.route === 'rawPredict') return jsonReply(renderAnthropicMessage(turn), reply, {});
    const errorEvent = (error: { message: string }) => anthropicErrorEvent('overloaded_error', error.message);
    return shapeStream(renderAnthropicSse(turn), reply, {}, errorEvent);
  }

  /** Quota and availability failures are Google's; the rest come from Claude itself. */
  function renderFailure(reply: FailureReply): ConcreteReply {
    const failure = reply.status === 429 || reply.status === 401 || reply.status === 403 ? googleError(reply.status, reply.message) : claudeError(reply.status, reply.message, reply.code);
    return { ...failure, delayMs: reply.delayMs, headers: reply.headers };
  }

  function checkBody(req: ReceivedRequest): ErrorReply | undefined {
    const body = req.json;
    if (!isObject(body)) return googleError(400, 'Invalid JSON payload received.');
    if (body.anthropic_version !== VERTEX_ANTHROPIC_VERSION) return claudeError(400, `anthropic_version: Input should be '${VERTEX_ANTHROPIC_VERSION}'`);
    const counting = req.route === 'count_tokens';
    if (counting && typeof body.model !== 'string') return claudeError(400, 'model: Field required');
    if (!counting && body.model !== undefined) return claudeError(400, 'model: Extra inputs are not permitted');
    if (req.route === 'streamRawPredict' && body.stream !== true) return claudeError(400, 'streamRawPredict needs "stream": true in the body');
    if (req.route === 'rawPredict' && body.stream === true) return claudeError(400, 'rawPredict cannot stream: use streamRawPredict');
    const header = String(req.headers['anthropic-beta'] ?? '').split(',').map((beta) => beta.trim()).filter(Boolean);
    const inBody = Array.isArray(body.anthropic_beta) ? body.anthropic_beta.map(String) : [];
    const unknown = [...header, ...inBody].filter((beta) => !betas.has(beta));
    if (unknown.length > 0) return claudeError(400, `Unexpected value(s) ${unknown.map((beta) => `\`${beta}\``).join(', ')} for the \`anthropic-beta\` header. Please consult our documentation at docs.anthropic.com or try again without the header.`);
    if (!strict) return undefined;
    const problem = checkAnthropicRequest(counting ? body : { ...body, model: req.params.model }, { countTokens: counting });
    return problem ? claudeError(400, problem) : undefined;
  }

  return startSimulator({
    name: 'fake-vertex',
    host: options.host,
    port: options.port,
    maxRecorded: options.maxRecorded,
    routes: [
      { name: 'count_tokens', method: 'POST', path: `${MODEL_PATH}/count-tokens:rawPredict`, handle: (req) => ({ kind: 'json', body: { input_tokens: fakeCountTokens(req.json) } }) },
      { name: 'rawPredict', method: 'POST', path: `${MODEL_PATH}/{model}:rawPredict`, handle: agent },
      { name: 'streamRawPredict', method: 'POST', path: `${MODEL_PATH}/{model}:streamRawPredict`, handle: agent },
    ],
    guard(req) {
      const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
      if (!token || !options.acceptsToken(token)) {
        return googleError(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.');
      }
      if (!req.route) return undefined;
      if (req.params.project !== options.project) return googleError(403, `Permission denied on resource project ${req.params.project}.`);
      if (req.params.region !== region) return googleError(404, `Publisher Model was not found in location ${req.params.region}.`);
      return checkBody(req);
    },
    render: (reply: NeutralReply, req) => (reply.kind === 'turn' ? renderTurn(reply, req) : renderFailure(reply)),
    notFound: (req) => googleError(404, `The requested URL ${req.path} was not found on this server.`),
  });
}
