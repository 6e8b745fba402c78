import type { ServerResponse } from 'node:http';
import { redactString } from '../log/redact';
import { ApiError, errorEnvelope, toApiError } from '../protocol/anthropic/errors';
import { formatSseEvent } from '../protocol/sse/format-sse-event';

/**
 * Answers with Anthropic's error envelope; after the first byte, as an SSE
 * `error` event. Whatever the message quotes (an upstream's text, a URL) goes
 * out with secrets masked.
 */
export function sendError(res: ServerResponse, error: unknown, requestId: string): ApiError {
  const apiError = toApiError(error);
  const message = redactString(apiError.message);
  if (res.headersSent) {
    const isEventStream = String(res.getHeader('content-type') ?? '').startsWith('text/event-stream');
    if (isEventStream && !res.writableEnded) {
      res.end(formatSseEvent({ type: 'error', error: { type: apiError.type, message } }));
    } else if (!res.writableEnded) {
      res.destroy();
    }
    return apiError;
  }
  const body = JSON.stringify(errorEnvelope(apiError.type, message, requestId));
  res.writeHead(apiError.status, {
    ...apiError.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
  return apiError;
}
