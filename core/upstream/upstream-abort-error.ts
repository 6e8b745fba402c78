// Raised when the request's own signal fired (client gone or deadline passed)
// while talking to the upstream. It is not the backend's fault: never retried,
// never counted against a circuit breaker, never a reason to fall back.
export class UpstreamAbortError extends Error {
  /** The signal's reason, so the core can tell a client disconnect from a deadline. */
  readonly reason: unknown;

  constructor(reason: unknown) {
    super('Upstream request aborted');
    this.name = 'UpstreamAbortError';
    this.reason = reason;
  }
}

export function isClientAbort(error: unknown): error is UpstreamAbortError {
  return error instanceof UpstreamAbortError;
}
