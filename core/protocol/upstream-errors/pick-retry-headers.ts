import { parseRetryAfterMs } from './parse-retry-after';

type HeaderBag = Record<string, string | string[] | undefined>;

const firstValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The upstream response headers a client acts on, ready to send on. Claude
 * Code reads `retry-after` as whole seconds only, so an HTTP date becomes seconds.
 */
export function pickRetryHeaders(headers: HeaderBag, now: number = Date.now()): Record<string, string> {
  const picked: Record<string, string> = {};
  const lowered: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    lowered[lower] = firstValue(value) ?? '';
    if (lower.startsWith('anthropic-ratelimit-')) picked[lower] = Array.isArray(value) ? value.join(', ') : value;
  }

  const retryAfter = parseRetryAfterMs({ 'retry-after': lowered['retry-after'] }, now);
  if (retryAfter !== undefined) picked['retry-after'] = String(Math.ceil(retryAfter / 1000));
  const retryAfterMs = parseRetryAfterMs({ 'retry-after-ms': lowered['retry-after-ms'] }, now);
  if (retryAfterMs !== undefined) picked['retry-after-ms'] = String(retryAfterMs);

  const hint = lowered['x-should-retry']?.trim().toLowerCase();
  if (hint === 'true' || hint === 'false') picked['x-should-retry'] = hint;
  return picked;
}
