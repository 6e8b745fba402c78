import type { MessagesContext, UpstreamTimeouts } from '../../core';
import { ApiError } from '../../core';

// Databricks model serving's documented limits (model-serving-limits): requests
// over 4 MB are refused and no request lives past 297 s.
export const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
export const MAX_REQUEST_MS = 297_000;

/** Databricks would refuse it with an opaque error; a clear 413 lets the user (or Claude Code) act. */
export function checkPayloadSize(bytes: number): void {
  if (bytes <= MAX_PAYLOAD_BYTES) return;
  const mb = (bytes / 1024 / 1024).toFixed(1);
  throw new ApiError(
    413,
    `Request is ${mb} MB (${bytes} bytes) once prepared for Azure Databricks, over its 4 MB payload limit for model serving. Shorten the conversation (e.g. /compact) or remove large attachments.`,
    { type: 'request_too_large' },
  );
}

/** Waiting longer than Databricks' own ceiling only delays the failure. */
export function boundTimeouts(timeouts: UpstreamTimeouts): UpstreamTimeouts {
  if (timeouts.headersMs <= MAX_REQUEST_MS && timeouts.idleMs <= MAX_REQUEST_MS) return timeouts;
  return { headersMs: Math.min(timeouts.headersMs, MAX_REQUEST_MS), idleMs: Math.min(timeouts.idleMs, MAX_REQUEST_MS) };
}

/** The request's context with its upstream timeouts held under the 297 s ceiling. */
export function withinDatabricksCeiling(ctx: MessagesContext): MessagesContext {
  const timeouts = boundTimeouts(ctx.timeouts);
  if (timeouts === ctx.timeouts) return ctx;
  // A prototype link, not a spread: the lazy input-token estimate stays lazy.
  return Object.create(ctx, { timeouts: { value: timeouts, enumerable: true } }) as MessagesContext;
}
