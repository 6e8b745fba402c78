// A fake Bedrock runtime for Anthropic models: InvokeModel, InvokeModelWithResponseStream
// and CountTokens under /model/{modelId}/..., with what the real one checks first:
// a SigV4 signature (verified here, see verify-sigv4.ts) or a Bedrock API key as
// Bearer, the model id (cross-region profile ids; newer models only through one),
// and the body rules (anthropic_version, no model or stream, only accepted betas,
// no field its schema lacks, no attribution line in the system prompt). Answers are
// Anthropic messages as JSON, or event-stream frames carrying base64 Anthropic
// events with amazon-bedrock-invocationMetrics in the last; errors carry
// x-amzn-errortype and {"message"} as Bedrock's do.

import type { ConcreteReply, ErrorReply, FailureReply, Reply, TurnReply } from '../reply-types';
import { startSimulator, type ReceivedRequest, type Simulator } from '../simulated-upstream';
import { readConversation, isObject } from '../read-conversation';
import { defaultAgentTurn } from '../default-agent-turn';
import { checkAnthropicRequest } from '../check-anthropic-request';
import { renderAnthropicEvents, renderAnthropicMessage } from '../render-anthropic-message';
import { completeTurn } from '../scripted-turn';
import { simulatedInputTokens } from '../simulated-input-tokens';
import { chunkFrame, exceptionFrame } from './encode-event-stream';
import { verifySigV4, type AwsKey } from './verify-sigv4';

export interface FakeBedrockOptions {
  host?: string;
  port?: number;
  region?: string;
  /** Access keys the fake knows; a request signed with another is refused. */
  keys?: AwsKey[];
  /** A Bedrock API key accepted as `Authorization: Bearer`. */
  apiKey?: string;
  /** Foundation model ids served; default the current Claude ids. */
  models?: string[];
  /** Betas `anthropic_beta` may name. */
  betas?: string[];
  gapMs?: number;
  strict?: boolean;
  maxRecorded?: number;
}

export interface FakeBedrock extends Simulator {
  /** Who authorized each Messages call: `sigv4:<access key id>` or `api-key`. */
  readonly callers: string[];
  /** The body of a recorded request as Bedrock read it (CountTokens unwrapped). */
  invokeBody(req: ReceivedRequest): Record<string, unknown>;
}

export const FAKE_BEDROCK_MODELS = [
  'anthropic.claude-opus-5-5',
  'anthropic.claude-sonnet-5-5',
  'anthropic.claude-haiku-5-5',
  'anthropic.claude-opus-4-8',
  'anthropic.claude-opus-4-7',
  'anthropic.claude-opus-4-6-v1',
  'anthropic.claude-opus-4-5-20251101-v1:0',
  'anthropic.claude-opus-4-1-20250805-v1:0',
  'anthropic.claude-sonnet-4-6',
  'anthropic.claude-sonnet-4-5-20250929-v1:0',
  'anthropic.claude-sonnet-4-20250514-v1:0',
  'anthropic.claude-haiku-4-5-20251001-v1:0',
];

const FAKE_BEDROCK_BETAS = ['interleaved-thinking-2025-05-14', 'context-1m-2025-08-07', 'context-management-2025-06-27', 'effort-2025-11-24', 'token-efficient-tools-2025-02-19', 'output-128k-2025-02-19'];

const BODY_FIELDS = new Set([
  'anthropic_version', 'anthropic_beta', 'max_tokens', 'system', 'messages', 'temperature', 'top_p', 'top_k', 'stop_sequences',
  'tools', 'tool_choice', 'thinking', 'metadata', 'output_config', 'output_format', 'context_management',
]);

const PROFILES = ['us', 'eu', 'apac', 'jp', 'au', 'global'];

export const EXCEPTION_STATUS: Record<string, number> = {
  ThrottlingException: 429,
  AccessDeniedException: 403,
  ValidationException: 400,
  ResourceNotFoundException: 404,
  ServiceUnavailableException: 503,
  ModelNotReadyException: 429,
  ModelTimeoutException: 408,
  InternalServerException: 500,
  ModelErrorException: 424,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  IncompleteSignatureException: 403,
  MissingAuthenticationTokenException: 403,
};

const EXCEPTION_FOR_STATUS: Record<number, string> = {
  400: 'ValidationException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  408: 'ModelTimeoutException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
};

let requestIds = 0;

export function bedrockError(exception: string, message: string, status = EXCEPTION_STATUS[exception] ?? 400, delayMs?: number): ErrorReply {
  return {
    kind: 'error',
    status,
    delayMs,
    headers: { 'x-amzn-errortype': `${exception}:http://internal.amazon.com/coral/com.amazon.bedrock/`, 'x-amzn-requestid': `sim-${++requestIds}` },
    body: { message },
  };
}

export async function startFakeBedrock(options: FakeBedrockOptions = {}): Promise<FakeBedrock> {
  const region = options.region ?? 'us-east-1';
  const models = new Set(options.models ?? FAKE_BEDROCK_MODELS);
  const betas = new Set(options.betas ?? FAKE_BEDROCK_BETAS);
  const strict = options.strict ?? true;
  const callers: string[] = [];
  const bodies = new WeakMap<ReceivedRequest, Record<string, unknown>>();
  let messages = 0;
  let toolCalls = 0;

  function invokeBody(req: ReceivedRequest): Record<string, unknown> {
    let body = bodies.get(req);
    if (!body) {
      const json = req.json;
      const wrapped = req.route === 'count_tokens' && isObject(json) && isObject(json.input) && isObject(json.input.invokeModel) ? json.input.invokeModel.body : undefined;
      body = typeof wrapped === 'string' ? (JSON.parse(Buffer.from(wrapped, 'base64').toString('utf8')) as Record<string, unknown>) : isObject(json) ? json : {};
      bodies.set(req, body);
    }
    return body;
  }

  /** The model id's problem, if Bedrock would refuse it for this operation. */
  function modelProblem(req: ReceivedRequest): string | undefined {
    const id = req.params.modelId ?? '';
    const dot = id.indexOf('.anthropic.');
    const profile = dot > 0 ? id.slice(0, dot) : undefined;
    const foundation = profile ? id.slice(dot + 1) : id;
    if ((profile && !PROFILES.includes(profile)) || !models.has(foundation)) return 'The provided model identifier is invalid.';
    if (req.route === 'count_tokens' && profile) return 'The provided model identifier is invalid.';
    if (req.route !== 'count_tokens' && !profile) {
      return `Invocation of model ID ${foundation} with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model.`;
    }
    return undefined;
  }

  function bodyProblem(body: Record<string, unknown>): string | undefined {
    if (body.anthropic_version !== 'bedrock-2023-05-31') return 'Malformed input request: #: required key [anthropic_version] not found, please reformat your input and try again.';
    for (const key of Object.keys(body)) {
      if (!BODY_FIELDS.has(key)) return `Malformed input request: #: extraneous key [${key}] is not permitted, please reformat your input and try again.`;
    }
    if (body.anthropic_beta !== undefined) {
      if (!Array.isArray(body.anthropic_beta)) return 'anthropic_beta: Input should be a valid list';
      const bad = body.anthropic_beta.find((beta) => !betas.has(String(beta)));
      if (bad !== undefined) return `invalid beta flag`;
    }
    if (isObject(body.metadata) && Object.keys(body.metadata).some((key) => key !== 'user_id')) return 'metadata.tags: Extra inputs are not permitted';
    const system = Array.isArray(body.system) ? body.system.map((block) => (isObject(block) ? String(block.text ?? '') : '')) : [String(body.system ?? '')];
    if (system.some((text) => text.includes('x-anthropic-billing-header'))) return 'x-anthropic-billing-header is a reserved keyword and may not be used in the system prompt.';
    // An InvokeModel body, counted or not, needs max_tokens.
    return checkAnthropicRequest({ ...body, model: 'bedrock' });
  }

  function presentedCaller(req: ReceivedRequest): string | ConcreteReply {
    const authorization = String(req.headers.authorization ?? '');
    if (authorization.startsWith('Bearer ')) {
      if (options.apiKey !== undefined && authorization.slice(7) === options.apiKey) return 'api-key';
      return bedrockError('UnrecognizedClientException', 'Invalid API Key format: Must start with pre-defined prefix', 403);
    }
    const problem = verifySigV4({ method: req.method, rawPath: req.path, headers: req.headers, body: Buffer.from(req.body) }, options.keys ?? [], region, 'bedrock');
    if (problem) return bedrockError(problem.exception, problem.message);
    return `sigv4:${/Credential=([^/]+)/.exec(authorization)![1]}`;
  }

  const agent = (req: ReceivedRequest): Reply => ({ kind: 'turn', turn: defaultAgentTurn(readConversation(invokeBody(req), 'anthropic')) });

  function renderTurn(reply: TurnReply, req: ReceivedRequest): ConcreteReply {
    const body = invokeBody(req);
    const turn = completeTurn(reply.turn, {
      id: `msg_bdrk_${++messages}`,
      model: 'claude-bedrock-sim',
      inputTokens: simulatedInputTokens(body, 'anthropic'),
      toolCallId: () => `toolu_bdrk_${++toolCalls}`,
    });
    const headers = { 'x-amzn-requestid': `sim-${++requestIds}` };
    if (req.route === 'invoke') return { kind: 'json', status: reply.status ?? 200, delayMs: reply.delayMs, headers: { ...headers, ...reply.headers }, body: renderAnthropicMessage(turn) };
    const events = renderAnthropicEvents(turn);
    const last = events[events.length - 1] as unknown as Record<string, unknown>;
    const outputTokens = turn.usage.outputTokens;
    last['amazon-bedrock-invocationMetrics'] = { inputTokenCount: turn.usage.inputTokens, outputTokenCount: outputTokens, invocationLatency: 120, firstByteLatency: 40 };
    let pieces = events.map((event) => chunkFrame(event));
    const error = reply.midStreamError;
    if (error) pieces = [...pieces.slice(0, error.afterEvents), exceptionFrame(String(error.code ?? 'ModelStreamErrorException'), error.message)];
    return {
      kind: 'sse',
      status: reply.status,
      delayMs: reply.delayMs,
      headers: { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-bedrock-content-type': 'application/json', ...headers, ...reply.headers },
      pieces,
      gapMs: reply.gapMs ?? options.gapMs,
      cut: reply.cut && { pieces: reply.cut.events, then: reply.cut.then },
    };
  }

  function renderFailure(reply: FailureReply): ConcreteReply {
    const exception = reply.code ?? EXCEPTION_FOR_STATUS[reply.status] ?? 'InternalServerException';
    const error = bedrockError(exception, reply.message, reply.status, reply.delayMs);
    return { ...error, headers: { ...error.headers, ...reply.headers } };
  }

  function countTokens(req: ReceivedRequest): Reply {
    return { kind: 'json', headers: { 'x-amzn-requestid': `sim-${++requestIds}` }, body: { inputTokens: simulatedInputTokens(invokeBody(req), 'anthropic') } };
  }

  const simulator = await startSimulator({
    name: 'fake-bedrock',
    host: options.host,
    port: options.port,
    maxRecorded: options.maxRecorded,
    routes: [
      { name: 'invoke', method: 'POST', path: '/model/{modelId}/invoke', handle: agent },
      { name: 'stream', method: 'POST', path: '/model/{modelId}/invoke-with-response-stream', handle: agent },
      { name: 'count_tokens', method: 'POST', path: '/model/{modelId}/count-tokens', handle: countTokens },
    ],
    guard(req) {
      // `params.model`: the foundation model served, its inference profile prefix taken off.
      if (req.params.modelId) req.params.model = req.params.modelId.replace(/^[a-z]+\.(?=anthropic\.)/, '');
      const caller = presentedCaller(req);
      if (typeof caller !== 'string') return caller;
      if (req.route !== 'count_tokens') callers.push(caller);
      if (!req.route) return undefined;
      const modelIssue = modelProblem(req);
      if (modelIssue) return bedrockError('ValidationException', modelIssue);
      if (!strict) return undefined;
      if (!isObject(req.json)) return bedrockError('ValidationException', 'Malformed input request, please reformat your input and try again.');
      const problem = bodyProblem(invokeBody(req));
      return problem ? bedrockError('ValidationException', problem) : undefined;
    },
    render: (reply, req) => (reply.kind === 'turn' ? renderTurn(reply, req) : renderFailure(reply)),
    notFound: (req) => bedrockError('UnknownOperationException', `No operation for ${req.method} ${req.path}`, 404),
  });
  return Object.assign(simulator, { callers, invokeBody });
}
