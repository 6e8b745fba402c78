import { describeErrorBody } from '../protocol/upstream-errors/describe-error-body';
import { readUpstreamError } from '../protocol/upstream-errors/read-upstream-error';
import { unusableAnswer } from './unusable-answer';
import { readBoundedBody } from './read-bounded-body';
import type { UpstreamResponse } from './request-upstream';

// Enough of an unusable 2xx to name it (an HTML page's title).
const UNUSABLE_BODY_LIMIT = 8 * 1024;

/**
 * Returns a 2xx response as is, if it is JSON or an event stream; anything
 * else is thrown: a non-2xx as the ApiError readUpstreamError makes of it, a
 * 2xx of another type (an HTML page) as a 502 naming `upstream`.
 */
export async function ensureUpstreamOk(response: UpstreamResponse, upstream = 'The upstream'): Promise<UpstreamResponse> {
  if (response.status >= 200 && response.status < 300) {
    if (!unusableAnswer(upstream, response.status, response.headers['content-type'])) return response;
    const text = await readBoundedBody(response, UNUSABLE_BODY_LIMIT);
    throw unusableAnswer(upstream, response.status, response.headers['content-type'], describeErrorBody(text)?.message.slice(0, 300));
  }
  const text = await readBoundedBody(response);
  throw readUpstreamError(response.status, response.headers, text);
}
