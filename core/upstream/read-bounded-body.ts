import type { UpstreamResponse } from './request-upstream';
import { isClientAbort } from './upstream-abort-error';

// Error bodies are read for their message only; a proxy that answers with a
// megabyte of HTML must not be buffered whole.
export const ERROR_BODY_LIMIT = 64 * 1024;

/** Up to `limit` bytes of an answer that is not used as such (an error, an unusable 2xx), as text. */
export async function readBoundedBody(response: UpstreamResponse, limit = ERROR_BODY_LIMIT): Promise<string> {
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
