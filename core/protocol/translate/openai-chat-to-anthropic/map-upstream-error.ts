import { ApiError, errorTypeForStatus, RETRY_HEADERS } from '../../anthropic/errors';
import type { ErrorBody } from '../../anthropic/types';

/** Claude Code compacts the conversation when an error says this. */
export const PROMPT_TOO_LONG = 'prompt is too long';

const CONTEXT_OVERFLOW =
  /context[_ ]?(length|window)|maximum context|prompt is too long|input is too long|too many (input )?tokens|input length and `?max_tokens`? exceed|reduce the length of the (messages|prompt)|exceeds? the (model's )?(maximum|max) (context|input)/i;
const MAX_DETAIL_CHARS = 2000;
const ANTHROPIC_ERROR_TYPES: ReadonlySet<string> = new Set([
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'overloaded_error',
  'billing_error',
  'timeout_error',
]);

export interface UpstreamErrorDescription {
  status: number;
  type: string;
  message: string;
}

/**
 * Any upstream error body (OpenAI/LiteLLM `{error:{message,type,code}}`, OpenRouter
 * `{error:{code,message,metadata}}`, Databricks `{error_code,message}`, Anthropic's
 * envelope, plain text) -> status, Anthropic error type and the upstream's own words.
 * Context overflows become 400 invalid_request_error starting with "prompt is too
 * long" (what Claude Code's compaction matches); 402 stays 402 billing_error; 403
 * (moderation) is a permission_error naming the flagged reasons; 408 becomes 504.
 */
export function describeUpstreamError(status: number, body: unknown): UpstreamErrorDescription {
  const parsed = readErrorBody(body);
  let message = parsed.message ?? `Upstream returned HTTP ${status}`;
  if (parsed.detail && !message.includes(parsed.detail)) message = `${message}: ${parsed.detail}`;

  // Rate limits and outages may mention tokens too; only a rejected request is an overflow.
  const rejected = status >= 400 && status < 500 && status !== 429;
  if (rejected && (CONTEXT_OVERFLOW.test(message) || parsed.code === 'context_length_exceeded')) {
    return { status: 400, type: 'invalid_request_error', message: message.startsWith(PROMPT_TOO_LONG) ? message : `${PROMPT_TOO_LONG}: ${message}` };
  }
  let mapped = status;
  if (status === 408) mapped = 504;
  else if (status === 422) mapped = 400;
  else if (status < 400 || status > 599) mapped = 502;
  const type = parsed.anthropicType ?? errorTypeForStatus(mapped);
  return { status: mapped, type, message };
}

/** The ApiError to throw for an upstream HTTP error, with retry hints forwarded. */
export function translateUpstreamError(
  status: number,
  body: unknown,
  headers?: Headers | Record<string, string | string[] | undefined>,
): ApiError {
  const described = describeUpstreamError(status, body);
  const forwarded: Record<string, string> = {};
  for (const name of RETRY_HEADERS) {
    const value = headers instanceof Headers ? headers.get(name) : headers?.[name];
    const text = Array.isArray(value) ? value[0] : value;
    if (typeof text === 'string' && text !== '') forwarded[name] = text;
  }
  return new ApiError(described.status, described.message, { type: described.type, headers: forwarded });
}

/**
 * An error reported inside a 200 stream (OpenRouter: an `error` object, with
 * `finish_reason: "error"`) -> the `error` event's body. Provider trouble
 * (502/503/529, or no status) is `overloaded_error`/`api_error` as Anthropic sends
 * mid-stream; a numeric 4xx code keeps its own type.
 */
export function describeStreamError(error: unknown): ErrorBody {
  const parsed = readErrorBody({ error });
  const code = typeof parsed.code === 'number' ? parsed.code : Number(parsed.code);
  if (Number.isInteger(code) && code >= 400 && code < 500) {
    const described = describeUpstreamError(code, { error });
    return { type: described.type, message: described.message };
  }
  let message = parsed.message ?? 'The upstream reported an error during the stream';
  if (parsed.detail && !message.includes(parsed.detail)) message = `${message}: ${parsed.detail}`;
  if (CONTEXT_OVERFLOW.test(message)) return { type: 'invalid_request_error', message: `${PROMPT_TOO_LONG}: ${message}` };
  const overloaded = code === 502 || code === 503 || code === 529 || parsed.anthropicType === 'overloaded_error';
  return { type: overloaded ? 'overloaded_error' : 'api_error', message };
}

interface ParsedErrorBody {
  message?: string;
  detail?: string;
  code?: unknown;
  anthropicType?: string;
}

function readErrorBody(body: unknown): ParsedErrorBody {
  if (typeof body === 'string') {
    const text = body.trim();
    if (text.startsWith('{')) {
      try {
        return readErrorBody(JSON.parse(text));
      } catch {
        // plain text below
      }
    }
    return text ? { message: clip(text) } : {};
  }
  if (!body || typeof body !== 'object') return {};
  const record = body as Record<string, unknown>;
  if (typeof record.error_code === 'string' && typeof record.message === 'string') {
    return { message: record.message, code: record.error_code };
  }
  const error = record.error;
  if (typeof error === 'string') return { message: error };
  if (!error || typeof error !== 'object') {
    return typeof record.message === 'string' ? { message: record.message } : {};
  }
  const inner = error as Record<string, unknown>;
  const parsed: ParsedErrorBody = { code: inner.code };
  if (typeof inner.message === 'string' && inner.message !== '') parsed.message = inner.message;
  if (typeof inner.type === 'string' && (record.type === 'error' || ANTHROPIC_ERROR_TYPES.has(inner.type))) parsed.anthropicType = inner.type;
  const metadata = inner.metadata as Record<string, unknown> | undefined;
  if (metadata && typeof metadata === 'object') {
    if (Array.isArray(metadata.reasons) && metadata.reasons.length > 0) parsed.detail = `flagged for ${metadata.reasons.join(', ')}`;
    else if (metadata.raw !== undefined && metadata.raw !== null) {
      const raw = typeof metadata.raw === 'string' ? metadata.raw : JSON.stringify(metadata.raw);
      const provider = typeof metadata.provider_name === 'string' ? `${metadata.provider_name}: ` : '';
      parsed.detail = clip(provider + rawMessage(raw));
    }
  }
  return parsed;
}

/** OpenRouter's `metadata.raw` is often the provider's JSON error; its message is what matters. */
function rawMessage(raw: string): string {
  if (!raw.trimStart().startsWith('{')) return raw;
  try {
    const inner = readErrorBody(JSON.parse(raw));
    return inner.message ?? raw;
  } catch {
    return raw;
  }
}

function clip(text: string): string {
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS)}…` : text;
}
