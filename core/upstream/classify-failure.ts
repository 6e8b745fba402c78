import { ApiError } from '../protocol/anthropic/errors';
import { isClientAbort } from './upstream-abort-error';

/**
 * What a failed attempt says about the backend:
 * - `aborted`: the request's own signal fired; says nothing about the backend.
 * - `capacity`: 429 / 529, the backend is busy; worth waiting and retrying.
 * - `server`: 500 / 502 / 503 and connection failures (thrown as 502); retried.
 * - `timeout`: 504 (no headers in time, or the upstream's own gateway gave up).
 *   Not retried on the same backend: it already cost the full timeout, and
 *   Claude Code retries 5xx itself, so retrying here would multiply the wait
 *   (the LiteLLM lesson in the reference, D3). It still counts as a backend
 *   failure, so the fallback chain and the circuit breaker act on it.
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

/** The backend, not the request, failed: move down the fallback chain and count it in the breaker. */
export function isBackendFailure(error: unknown): boolean {
  const kind = classifyFailure(error);
  return kind === 'capacity' || kind === 'server' || kind === 'timeout';
}
