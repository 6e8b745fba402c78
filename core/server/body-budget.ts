import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../protocol/anthropic/errors';

const HELD = Symbol('bodyBytesHeld');
type Holder = IncomingMessage & { [HELD]?: number };

/**
 * The request-body bytes the process holds at once, across all requests, and
 * its cap. Bytes are counted as they are read (after inflating) and given
 * back once the body is done with: when the answer begins, or at the latest
 * when the response closes. Without it, 16 concurrent 31 MB bodies took the
 * process from 104 MB to 1.7 GB of memory.
 */
export class BodyBudget {
  held = 0;

  constructor(public limit = Infinity) {}

  /** Takes `bytes` if they fit under the cap. */
  take(bytes: number): boolean {
    if (this.held + bytes > this.limit) return false;
    this.held += bytes;
    return true;
  }

  give(bytes: number): void {
    this.held -= bytes;
  }

  /** True when a body of `bytes` cannot fit now: refused before any of it is read. */
  cannotFit(bytes: number): boolean {
    return this.held + bytes > this.limit;
  }

  /** The bytes now belong to `req` until release(req) or its response closes. */
  holdFor(req: IncomingMessage, res: ServerResponse, bytes: number): void {
    if (bytes === 0) return;
    (req as Holder)[HELD] = bytes;
    res.once('close', () => this.release(req));
  }

  /** Gives back what `req`'s body held; once, however often it is called. */
  release(req: IncomingMessage): void {
    const bytes = (req as Holder)[HELD];
    if (!bytes) return;
    (req as Holder)[HELD] = 0;
    this.held -= bytes;
  }
}

export function overBudget(): ApiError {
  return new ApiError(529, 'The gateway is holding too many request bodies at once: retry shortly', {
    headers: { 'x-should-retry': 'true' },
  });
}
