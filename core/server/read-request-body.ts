import type { IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { ApiError, invalidRequest } from '../protocol/anthropic/errors';
import { overBudget, type BodyBudget } from './body-budget';

export interface ReadBodyOptions {
  limitBytes: number;
  budget: BodyBudget;
}

export function tooLarge(limitBytes: number): ApiError {
  return new ApiError(413, `Request body is larger than the gateway's limit of ${Math.round(limitBytes / 1024 / 1024)} MB`);
}

function inflaterFor(encoding: string): Transform {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      throw invalidRequest(`Unsupported content-encoding "${encoding}": send the body as identity, gzip, deflate or br`);
  }
}

/**
 * The whole body, inflated when it came compressed, its bytes taken from the
 * budget as they arrive (the caller gives them back: see BodyBudget.holdFor).
 * Past the size limit: 413; past the budget: 529 before another byte is kept;
 * a compressed body that does not inflate: 400. On any refusal the rest of
 * the body is read and dropped, so the answer can be sent on a live
 * connection. Listeners are removed once it is read: the request object lives
 * on in its connection's parser until the next request arrives there, and a
 * listener left on it would hold this promise, and with it the body, that long.
 */
export function readRequestBody(req: IncomingMessage, options: ReadBodyOptions): Promise<Buffer> {
  const { limitBytes, budget } = options;
  const declared = Number(req.headers['content-length']);
  if (declared > 0 && budget.cannotFit(Math.min(declared, limitBytes))) {
    req.resume();
    return Promise.reject(overBudget());
  }
  const header = req.headers['content-encoding'];
  const encoding = header ? header.trim().toLowerCase() : 'identity';
  let inflater: Transform | undefined;
  if (encoding !== 'identity' && encoding !== '') {
    try {
      inflater = inflaterFor(encoding);
    } catch (error) {
      req.resume();
      return Promise.reject(error);
    }
    req.pipe(inflater);
  }
  const source: Readable = inflater ?? req;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) return fail(tooLarge(limitBytes), size - chunk.length);
      if (!budget.take(chunk.length)) return fail(overBudget(), size - chunk.length);
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    // Errors of an inflater are its data's; the request's own (the client went away) come to onAborted.
    const onError = (error: Error) => {
      if (inflater) fail(invalidRequest(`Request body is not valid ${encoding} data: ${error.message}`), size);
      else fail(new ApiError(400, 'Request aborted by the client'), size);
    };
    const onAborted = () => fail(new ApiError(400, 'Request aborted by the client'), size);
    const fail = (error: ApiError, taken: number) => {
      stop();
      budget.give(taken);
      chunks.length = 0;
      if (inflater) {
        req.unpipe(inflater);
        inflater.destroy();
      }
      req.resume();
      reject(error);
    };
    const stop = () => {
      source.removeListener('data', onData);
      source.removeListener('end', onEnd);
      source.removeListener('error', onError);
      if (inflater) req.removeListener('error', onAborted);
    };
    source.on('data', onData);
    source.on('end', onEnd);
    source.on('error', onError);
    if (inflater) req.on('error', onAborted);
  });
}
