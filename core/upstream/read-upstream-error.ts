import { ApiError, errorTypeForStatus } from '../protocol/anthropic/errors';
import { redactString } from '../log/redact';
import { describeErrorBody, truncate, type ErrorBodyFacts } from './describe-error-body';
import { pickRetryHeaders } from './pick-retry-headers';

type HeaderBag = Record<string, string | string[] | undefined>;

// Upstream status -> what the gateway answers. Claude Code retries 408, 409,
// 429, every 5xx and network errors itself, and treats other 4xx as final, so
// the mapping keeps every retryable failure retryable and every final one final.
//
//   upstream            gateway   error.type              why
//   400 / 422           400       invalid_request_error   422 is vLLM/LiteLLM validation; Anthropic says 400
//   401                 401       authentication_error
//   402                 402       billing_error           OpenRouter "insufficient credits"; Anthropic's own
//                                                         billing_error, final (no retry), message kept
//   403                 403       permission_error        OpenRouter moderation: the flag reasons are appended
//   404                 404       not_found_error
//   408                 504       api_error               the upstream timed out; same as our own timeout
//   413                 413       request_too_large
//   429                 429       rate_limit_error        retry-after forwarded
//   500                 500       api_error
//   502                 502       api_error               OpenRouter: model down / invalid response
//   503                 529       overloaded_error        OpenRouter: no provider available; Databricks:
//                                                         capacity. 529 is Anthropic's "overloaded", retried
//                                                         by Claude Code and eligible for its fallback model
//   504 / 524           504       api_error
//   529                 529       overloaded_error
//   other 4xx           same      invalid_request_error
//   other 5xx, 1xx-3xx  502       api_error               an answer we cannot use
//
// A body already in Anthropic's envelope with a 4xx/5xx status is kept as it
// is, status and type, since Claude Code's recovery matches on it. Context-length
// failures become 400 "prompt is too long: <upstream text>" whatever the shape,
// because that wording is what makes Claude Code compact the conversation.
const STATUS_MAP: Record<number, number> = { 422: 400, 408: 504, 503: 529, 524: 504 };
const KEPT_5XX = new Set([500, 502, 504, 529]);

const STATUS_BY_ANTHROPIC_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

const CONTEXT_WORDING = [
  /context[_ ]length/i, // OpenAI "maximum context length", code context_length_exceeded, vLLM, LiteLLM
  /context window/i, // OpenAI Responses "exceeds the context window"
  /too many tokens/i,
  /prompt is too long/i, // Anthropic
  /input is too long/i, // Bedrock, Databricks
  /exceeds? (the )?model'?s? (maximum )?context/i, // Databricks "exceeds the model's context limit"
  /(prompt|input) (length|tokens?|token count)\b.{0,40}\b(exceeds?|exceeded|is greater than|is longer than)/i, // Google, Mistral
  /exceed context limit/i, // Anthropic "input length and `max_tokens` exceed context limit"
];
// Anthropic's own wordings already make Claude Code react; rewriting them could only break its parsing.
const ANTHROPIC_CONTEXT_WORDING = /^prompt is too long|exceed context limit/i;
// A 429 saying "too many tokens per minute" is a rate limit, not an overflow.
const CONTEXT_STATUSES = new Set([400, 413, 422]);

const MESSAGE_LIMIT = 8000;

function gatewayStatus(status: number): number {
  const mapped = STATUS_MAP[status];
  if (mapped) return mapped;
  if (status >= 400 && status < 500) return status;
  return KEPT_5XX.has(status) ? status : 502;
}

function isContextOverflow(status: number, message: string, code: string | undefined): boolean {
  if (code === 'context_length_exceeded') return true;
  return CONTEXT_STATUSES.has(status) && CONTEXT_WORDING.some((wording) => wording.test(message));
}

function statusOf(status: number, facts: ErrorBodyFacts | undefined): number {
  if (status >= 400 || !facts) return status;
  // An error object inside a 200 (a stream, or a batch answer) carries its own status.
  return facts.bodyStatus ?? (facts.anthropicType ? STATUS_BY_ANTHROPIC_TYPE[facts.anthropicType] : undefined) ?? status;
}

function messageOf(status: number, body: unknown, facts: ErrorBodyFacts | undefined): string {
  if (facts) return facts.message;
  if (body !== undefined && body !== null && body !== '') return truncate(JSON.stringify(body));
  return `Upstream answered HTTP ${status} with an empty body`;
}

/**
 * The ApiError for an upstream's non-2xx answer, in Anthropic's terms, with the
 * upstream's message text kept (credentials masked) and its retry headers.
 * `body` is the raw text, or an already parsed error object (e.g. one found
 * inside a 200 stream, in which case the status inside it is used).
 */
export function readUpstreamError(status: number, headers: HeaderBag, body: unknown, now: number = Date.now()): ApiError {
  const facts = describeErrorBody(body);
  const upstreamStatus = statusOf(status, facts);
  const message = truncate(redactString(messageOf(status, body, facts)), MESSAGE_LIMIT);
  const retryHeaders = pickRetryHeaders(headers, now);

  if (isContextOverflow(upstreamStatus, message, facts?.code)) {
    const text = ANTHROPIC_CONTEXT_WORDING.test(message) ? message : `prompt is too long: ${message}`;
    return new ApiError(400, text, { type: 'invalid_request_error', headers: retryHeaders });
  }
  if (facts?.anthropicType && upstreamStatus >= 400) {
    return new ApiError(upstreamStatus, message, { type: facts.anthropicType, headers: retryHeaders });
  }
  const mapped = gatewayStatus(upstreamStatus);
  return new ApiError(mapped, message, { type: errorTypeForStatus(mapped), headers: retryHeaders });
}
