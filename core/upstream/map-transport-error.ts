import { ApiError } from '../protocol/anthropic/errors';
import { redactString } from '../log/redact';
import type { UpstreamTimeouts } from './upstream-timeouts';
import type { AbortSource } from './abort-source';
import { displayUrl } from './display-url';
import { UpstreamAbortError } from './upstream-abort-error';
import { UpstreamConnectionError } from './upstream-connection-error';

export interface TransportErrorContext {
  signal?: AbortSource;
  timeouts: UpstreamTimeouts;
  /** Human name used in messages, e.g. "OpenRouter". */
  backend?: string;
  /** The URL tried: messages name it without userinfo or query (see displayUrl). */
  url?: string | URL;
  /** Before the response headers arrived, or while reading the body. */
  phase: 'headers' | 'body';
}

// Codes that mean the connection could not be made or broke: the backend (or
// the path to it) failed, so these become a retryable 502.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH',
  'ENOTFOUND', 'EAI_AGAIN', 'EPROTO', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'HPE_INVALID_CONSTANT', 'HPE_INVALID_CHUNK_SIZE',
]);

// No connection was ever made: "Could not connect".
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

const READABLE_CODE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connect timeout',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  UND_ERR_SOCKET: 'connection closed by upstream',
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'response shorter than its content-length',
};
// Caller mistakes (a malformed URL or header): retrying cannot help.
const REQUEST_BUILD_CODES = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED', 'ERR_INVALID_URL']);

function errorCode(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  // Happy-eyeballs connects fail with an AggregateError of one error per address.
  if (Array.isArray(errors)) return errorCode(errors[0]);
  return undefined;
}

export function formatSeconds(ms: number): string {
  return String(Number((ms / 1000).toFixed(3)));
}

/**
 * Turns what undici or the socket threw into what the gateway raises. A
 * connection failure names the URL tried (scheme, host and path: never the
 * userinfo or query) and no header, so no credential can leak.
 */
export function mapTransportError(error: unknown, context: TransportErrorContext): Error {
  if (error instanceof ApiError || error instanceof UpstreamAbortError) return error;
  if (context.signal?.aborted) return new UpstreamAbortError(context.signal.reason);

  const who = context.backend ? `Upstream ${context.backend}` : 'Upstream';
  const code = errorCode(error);
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new ApiError(504, `${who} did not answer within ${formatSeconds(context.timeouts.headersMs)} s`);
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new ApiError(504, `${who} sent nothing for ${formatSeconds(context.timeouts.idleMs)} s mid-response`);
  }
  if (code && REQUEST_BUILD_CODES.has(code)) {
    const detail = redactString(error instanceof Error ? error.message : String(error));
    return new ApiError(500, `${who} request could not be built: ${detail}`, { headers: { 'x-should-retry': 'false' } });
  }
  const name = context.backend ?? 'the upstream';
  const url = displayUrl(context.url);
  const target = url ? `${name} at ${url}` : name;
  const reason = code && CONNECTION_CODES.has(code) ? (READABLE_CODE[code] ?? code) : (code ?? 'unknown error');
  if (context.phase === 'body') {
    return new UpstreamConnectionError(`Connection to ${target} dropped mid-response: ${reason}`, 'connection_dropped');
  }
  if (code && NEVER_CONNECTED.has(code)) return new UpstreamConnectionError(`Could not connect to ${target}: ${reason}`, 'connect_error');
  return new UpstreamConnectionError(`Connection to ${target} failed before an answer: ${reason}`, 'connect_error');
}
