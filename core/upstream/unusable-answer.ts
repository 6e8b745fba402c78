import { redactString } from '../log/redact';
import { ApiError } from '../protocol/anthropic/errors';

/**
 * A 2xx is used only when it is JSON or an event stream (or says nothing of
 * its type). Anything else (a captive portal's HTML, a web server behind a
 * misrouted base URL) is the backend's fault: a 502, before the first byte,
 * that retries and fallback may act on.
 */
export function unusableAnswer(upstream: string, status: number, contentType: string | undefined, detail?: string): ApiError | undefined {
  if (status < 200 || status >= 300 || !contentType) return undefined;
  if (contentType.startsWith('application/json') || contentType.startsWith('text/event-stream')) return undefined;
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase().slice(0, 100);
  if (mediaType === 'application/json' || mediaType.endsWith('+json') || mediaType === 'text/event-stream' || mediaType === '') return undefined;
  return new ApiError(502, `${upstream} answered ${status} with ${mediaType}, not JSON or an event stream${detail ? ` (${redactString(detail)})` : ''}`);
}
