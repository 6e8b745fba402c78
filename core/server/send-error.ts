import type { ServerResponse } from 'node:http';
import { ApiError, toApiError } from '../protocol/anthropic/errors';
import { formatSseEvent } from '../protocol/sse/format-sse-event';

/** Answers with Anthropic's error envelope; after the first byte, as an SSE `error` event. */
export function sendError(res: ServerResponse, error: unknown, requestId: string): ApiError {
  const apiError = toApiError(error);
  if (res.headersSent) {
    const isEventStream = String(res.getHeader('content-type') ?? '').startsWith('text/event-stream');
    if (isEventStream && !res.writableEnded) {
      res.end(formatSseEvent({ type: 'error', error: { type: apiError.type, message: apiError.message } }));
    } else if (!res.writableEnded) {
      res.destroy();
    }
    return apiError;
  }
  const body = JSON.stringify(apiError.toBody(requestId));
  res.writeHead(apiError.status, {
    ...apiError.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
  return apiError;
}
