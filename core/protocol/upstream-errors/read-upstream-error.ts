import { ApiError, errorTypeForStatus } from '../anthropic/errors';
import { redactString } from '../../log/redact';
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
//
// An error object found inside a 200 (a stream chunk, a batch answer) carries its
// own status, if any: a numeric code, an Anthropic error type, or a code the
// plugin's `codes` table names (an `error_code` with no status beside it). Inside a stream Anthropic reports provider trouble as
// overloaded_error, and an error event has no HTTP status for a client to retry
// on, so 502 / 503 / 529 there become 529 overloaded_error; no status at all is
// a 502 api_error, and context wording alone makes an overflow.
const STATUS_MAP: Record<number, number> = { 422: 400, 408: 504, 503: 529, 524: 504 };
const KEPT_5XX = new Set([500, 502, 504, 529]);
const PROVIDER_TROUBLE = new Set([502, 503, 529]);

/** An upstream's own error codes (`error_code`, `code`) and the HTTP status each stands for; a plugin supplies them. */
export type ErrorCodeStatuses = Readonly<Record<string, number>>;

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
  /context[_ ]?(length|window)/i, // OpenAI "maximum context length", code context_length_exceeded, vLLM; LiteLLM ContextWindowExceededError
  /maximum context/i,
  /too many (input )?tokens/i,
  /prompt is too long/i, // Anthropic
  /input is too long/i, // Bedrock, Databricks
  /exceeds? (the )?model'?s? (maximum )?context/i, // Databricks "exceeds the model's context limit"
  /exceeds? the (maximum|max) (context|input)/i,
  /reduce the length of the (messages|prompt)/i, // OpenAI
  /(prompt|input) (length|tokens?|token count)\b.{0,40}\b(exceeds?|exceeded|is greater than|is longer than)/i, // Google, Mistral
  /exceed context limit/i, // Anthropic "input length and `max_tokens` exceed context limit"
];
// Anthropic's own wordings already make Claude Code react; rewriting them could only break its parsing.
// Case matters: Claude Code matches the lower-case phrase.
const ANTHROPIC_CONTEXT_WORDING = /^prompt is too long|exceed context limit/;
// A 429 saying "too many tokens per minute" is a rate limit, not an overflow.
const CONTEXT_STATUSES = new Set([400, 413, 422]);

const MESSAGE_LIMIT = 8000;

function gatewayStatus(status: number): number {
  const mapped = STATUS_MAP[status];
  if (mapped) return mapped;
  if (status >= 400 && status < 500) return status;
  return KEPT_5XX.has(status) ? status : 502;
}

function gatewayStatusInside(status: number | undefined): number {
  if (status === undefined) return 502;
  return PROVIDER_TROUBLE.has(status) ? 529 : gatewayStatus(status);
}

/** The status an error found inside a 200 stands for, when it names one. */
function statusInside(facts: ErrorBodyFacts | undefined, codes: ErrorCodeStatuses | undefined): number | undefined {
  if (!facts) return undefined;
  const type = facts.anthropicType ?? facts.errorType;
  return (
    facts.bodyStatus ??
    (type !== undefined ? STATUS_BY_ANTHROPIC_TYPE[type] : undefined) ??
    (facts.code !== undefined && codes && Object.hasOwn(codes, facts.code) ? codes[facts.code] : undefined)
  );
}

function isContextOverflow(status: number | undefined, message: string, code: string | undefined): boolean {
  if (code === 'context_length_exceeded') return true;
  const rejected = status === undefined || CONTEXT_STATUSES.has(status);
  return rejected && CONTEXT_WORDING.some((wording) => wording.test(message));
}

function messageOf(status: number, body: unknown, facts: ErrorBodyFacts | undefined): string {
  if (facts) return facts.message;
  if (body !== undefined && body !== null && body !== '') return truncate(JSON.stringify(body));
  return `Upstream answered HTTP ${status} with an empty body`;
}

/**
 * The ApiError for an upstream's non-2xx answer, in Anthropic's terms, with the
 * upstream's message text kept (credentials masked) and its retry headers.
 * `body` is the raw text, or an already parsed error object. With a status
 * below 400 the body is an error found inside a 200 (a stream chunk, e.g.
 * OpenRouter's `{error:{code,message}}` or Databricks' `{error_code,message}`),
 * and what it carries decides the status; see the table above.
 */
export function readUpstreamError(status: number, headers: HeaderBag, body: unknown, now: number = Date.now(), codes?: ErrorCodeStatuses): ApiError {
  const facts = describeErrorBody(body);
  const inside = status < 400;
  const upstreamStatus = inside ? statusInside(facts, codes) : status;
  const message = truncate(redactString(messageOf(status, body, facts)), MESSAGE_LIMIT);
  const retryHeaders = pickRetryHeaders(headers, now);

  if (isContextOverflow(upstreamStatus, message, facts?.code)) {
    const text = ANTHROPIC_CONTEXT_WORDING.test(message) ? message : `prompt is too long: ${message}`;
    return new ApiError(400, text, { type: 'invalid_request_error', headers: retryHeaders });
  }
  if (facts?.anthropicType && upstreamStatus !== undefined && upstreamStatus >= 400) {
    return new ApiError(upstreamStatus, message, { type: facts.anthropicType, headers: retryHeaders });
  }
  const mapped = inside ? gatewayStatusInside(upstreamStatus) : gatewayStatus(status);
  return new ApiError(mapped, message, { type: errorTypeForStatus(mapped), headers: retryHeaders });
}
