import { readUpstreamError } from './read-upstream-error';
import { isClientAbort } from './upstream-abort-error';
import type { UpstreamResponse } from './request-upstream';

// Error bodies are read for their message only; a proxy that answers with a
// megabyte of HTML must not be buffered whole.
const ERROR_BODY_LIMIT = 64 * 1024;

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

/** Returns a 2xx response as is; anything else is thrown as the ApiError readUpstreamError makes of it. */
export async function ensureUpstreamOk(response: UpstreamResponse): Promise<UpstreamResponse> {
  if (response.status >= 200 && response.status < 300) return response;
  const text = await readBounded(response, ERROR_BODY_LIMIT);
  throw readUpstreamError(response.status, response.headers, text);
}
