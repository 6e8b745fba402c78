import { describeErrorBody } from '../protocol/upstream-errors/describe-error-body';
import { readUpstreamError } from '../protocol/upstream-errors/read-upstream-error';
import { unusableAnswer } from './unusable-answer';
import { isClientAbort } from './upstream-abort-error';
import type { UpstreamResponse } from './request-upstream';

// Error bodies are read for their message only; a proxy that answers with a
// megabyte of HTML must not be buffered whole.
const ERROR_BODY_LIMIT = 64 * 1024;
// Enough of an unusable 2xx to name it (an HTML page's title).
const UNUSABLE_BODY_LIMIT = 8 * 1024;

async function readBounded(response: UpstreamResponse, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) break; // leaving the loop destroys the rest of the body
    }
  } catch (error) {
    // The status already says what went wrong; a body cut short only loses detail.
    if (isClientAbort(error)) throw error;
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

/**
 * Returns a 2xx response as is, if it is JSON or an event stream; anything
 * else is thrown: a non-2xx as the ApiError readUpstreamError makes of it, a
 * 2xx of another type (an HTML page) as a 502 naming `upstream`.
 */
export async function ensureUpstreamOk(response: UpstreamResponse, upstream = 'The upstream'): Promise<UpstreamResponse> {
  if (response.status >= 200 && response.status < 300) {
    if (!unusableAnswer(upstream, response.status, response.headers['content-type'])) return response;
    const text = await readBounded(response, UNUSABLE_BODY_LIMIT);
    throw unusableAnswer(upstream, response.status, response.headers['content-type'], describeErrorBody(text)?.message.slice(0, 300));
  }
  const text = await readBounded(response, ERROR_BODY_LIMIT);
  throw readUpstreamError(response.status, response.headers, text);
}
