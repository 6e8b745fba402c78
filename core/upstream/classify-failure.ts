import { ApiError } from '../protocol/anthropic/errors';
import { isClientAbort } from './upstream-abort-error';
import { UpstreamConnectionError } from './upstream-connection-error';

/**
 * What a failed attempt says about the backend:
 * - `aborted`: the request's own signal fired; says nothing about the backend.
 * - `capacity`: 429 / 529, the backend is busy; worth waiting and retrying.
 * - `server`: 500 / 502 / 503 and connection failures (thrown as 502); retried.
 * - `timeout`: 504 (no headers in time, or the upstream's own gateway gave up).
 *   Not retried on the same backend: it already cost the full timeout, and
 *   Claude Code retries 5xx itself, so retrying here would multiply the wait
 *   (the LiteLLM lesson in the reference, D3). The circuit breaker still
 *   counts it, and the chain still falls back on it.
 * - `client`: any other 4xx, the request's fault; the backend is healthy.
 * - `internal`: not an ApiError, i.e. a bug in the gateway.
 */
export type FailureKind = 'aborted' | 'capacity' | 'server' | 'timeout' | 'client' | 'internal';

export function classifyFailure(error: unknown): FailureKind {
  if (isClientAbort(error)) return 'aborted';
  if (!(error instanceof ApiError)) return 'internal';
  const { status } = error;
  if (status === 429 || status === 529) return 'capacity';
  if (status === 504) return 'timeout';
  if (status >= 500) return 'server';
  return 'client';
}

/**
 * A failure named without its text, for places that answer strangers or keep
 * state (the breaker, health routes): `timeout`, `connect_error`,
 * `connection_dropped`, `http_<status>` (the status the gateway answered),
 * `aborted` or `internal_error`.
 */
export type FailureClass = 'timeout' | 'connect_error' | 'connection_dropped' | `http_${number}` | 'aborted' | 'internal_error';

export function failureClassOf(error: unknown): FailureClass {
  if (isClientAbort(error)) return 'aborted';
  if (error instanceof UpstreamConnectionError) return error.failureClass;
  if (!(error instanceof ApiError)) return 'internal_error';
  return error.status === 504 ? 'timeout' : `http_${error.status}`;
}

/**
 * Worth another attempt on the same backend. An ApiError carrying
 * `x-should-retry` (from the upstream, or set by whoever threw it) decides
 * for itself, as Anthropic's SDK does.
 */
export function isRetryable(error: unknown): boolean {
  const kind = classifyFailure(error);
  if (kind === 'aborted' || kind === 'internal') return false;
  const hint = (error as ApiError).headers['x-should-retry'];
  if (hint === 'false') return false;
  if (hint === 'true') return true;
  return kind === 'capacity' || kind === 'server';
}

/**
 * What the circuit breaker counts: 5xx (529 included), connection failures and
 * timeouts. Never a 429 or another 4xx: with callers that bring their own
 * upstream keys, one caller's rate limit or bad key says nothing about the
 * backend the others use.
 */
export function isBackendFault(error: unknown): boolean {
  return !isClientAbort(error) && error instanceof ApiError && error.status >= 500;
}
