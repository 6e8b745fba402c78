import { ApiError } from '../protocol/anthropic/errors';
import { classifyFailure, isRetryable, type FailureKind } from './classify-failure';
import { parseRetryAfterMs } from '../protocol/upstream-errors/parse-retry-after';
import { onAbort, type AbortSource } from './abort-source';
import { UpstreamAbortError } from './upstream-abort-error';

export interface RetryInfo {
  /** The attempt about to start: 1 for the first retry. */
  attempt: number;
  delayMs: number;
  reason: string;
  status?: number;
  kind: FailureKind;
}

export interface RetryOptions {
  maxRetries: number;
  /** Epoch ms: no retry is started whose wait would end at or past it. */
  deadline?: number;
  signal?: AbortSource;
  /** True once a byte went to the client: from then on a retry would corrupt the answer. */
  isCommitted?: () => boolean;
  onRetry?: (info: RetryInfo) => void;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /**
   * Longest Retry-After waited out here. A longer one goes back to the client
   * with the header, and the client waits on its own (Claude Code gives up past 60 s).
   */
  maxRetryAfterMs?: number;
  shouldRetry?: (error: unknown) => boolean;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSource) => Promise<void>;
  now?: () => number;
}

export function sleep(ms: number, signal?: AbortSource): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new UpstreamAbortError(signal.reason));
    const timer = setTimeout(() => {
      stopListening?.();
      resolve();
    }, ms);
    const stopListening =
      signal &&
      onAbort(signal, () => {
        clearTimeout(timer);
        reject(new UpstreamAbortError(signal.reason));
      });
  });
}

/** Exponential backoff with equal jitter: never less than half the step, so retries never stampede at 0 ms. */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const step = Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
  return Math.round(step / 2 + random() * (step / 2));
}

/** The wait before retry number `retry + 1`, or undefined to give up and rethrow. */
function delayBeforeRetry(error: unknown, retry: number, options: RetryOptions): number | undefined {
  if (options.signal?.aborted || options.isCommitted?.()) return undefined;
  if (retry >= options.maxRetries || !(options.shouldRetry ?? isRetryable)(error)) return undefined;

  const now = options.now?.() ?? Date.now();
  const requested = error instanceof ApiError ? parseRetryAfterMs(error.headers, now) : undefined;
  if (requested !== undefined && requested > (options.maxRetryAfterMs ?? 30_000)) return undefined;
  const delay =
    requested ?? backoffDelay(retry, options.baseDelayMs ?? 500, options.maxDelayMs ?? 8000, options.random ?? Math.random);
  if (options.deadline !== undefined && now + delay >= options.deadline) return undefined;
  return delay;
}

/**
 * Runs `attempt` until it succeeds or a failure must be given up on: not
 * retryable (see isRetryable), retries used up, the next wait would pass the
 * deadline, the client already got bytes, or the request was aborted. The
 * last failure is rethrown as it was, so the caller can fall back on it.
 */
export async function runWithRetries<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const wait = options.sleep ?? sleep;
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const delayMs = delayBeforeRetry(error, n, options);
      if (delayMs === undefined) throw error;
      options.onRetry?.({
        attempt: n + 1,
        delayMs,
        reason: error instanceof Error ? error.message.slice(0, 300) : String(error),
        status: error instanceof ApiError ? error.status : undefined,
        kind: classifyFailure(error),
      });
      await wait(delayMs, options.signal);
    }
  }
}
