import { isAscii } from 'node:buffer';
import { invalidRequest } from '../protocol/anthropic/errors';
import type { MessagesRequest } from '../protocol/anthropic/types';
import { validateMessagesRequest } from '../protocol/anthropic/validate-request';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../protocol/json/json-depth';
import { parseJsonBuffer } from '../protocol/json/parse-json-buffer';
import { freeBufferNow } from './free-buffer-now';

export interface BodyOverrides {
  forcedModel?: string;
  forcedStream?: boolean;
}

/**
 * The body parsed, and refused when it nests deeper than anything that walks
 * it later can afford (JSON.parse itself does not recurse): every route that
 * reads a request body parses it here.
 */
export function parseJsonBody(raw: unknown, encoding: 'utf8' | 'latin1' = 'utf8'): unknown {
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.alloc(0);
  if (bytes.length === 0) throw invalidRequest('Request body is empty: expected a JSON object');
  let body: unknown;
  try {
    body = parseJsonBuffer(bytes, { encoding });
  } catch (error) {
    throw invalidRequest(`Request body is not valid JSON: ${(error as Error).message}`);
  }
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
    throw invalidRequest(`Request body nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays`);
  }
  return body;
}

const ASCII_TEXT = /^[\x00-\x7f]*$/;

/**
 * A Messages request body: validated once when it arrives, then kept parsed
 * only while someone may read it. A pass-through plugin forwards the bytes,
 * and a large parsed body held for the whole upstream call would outlive
 * several young-generation collections and be copied into the old one, which
 * under load costs more than parsing it again if a fallback ever needs it.
 */
export class MessagesRequestBody {
  readonly model: string;
  readonly stream: boolean;
  private kept: MessagesRequest | undefined;
  private bytes: Buffer | undefined;
  /** Someone outside this class may still hold the bytes. */
  private bytesHandedOut = false;

  constructor(
    raw: Buffer,
    private readonly overrides: BodyOverrides = {},
    use: 'translated' | 'forwarded' = 'translated',
  ) {
    this.bytes = raw;
    const checked = use === 'forwarded' && !isAscii(raw) ? this.checkWithoutDecoding() : undefined;
    if (checked) {
      this.model = checked.model;
      this.stream = checked.stream;
      return;
    }
    const body = this.parse();
    this.model = body.model;
    this.stream = body.stream === true;
    this.kept = body;
  }

  get raw(): Buffer {
    this.bytesHandedOut = true;
    return this.ownBytes();
  }

  get parsed(): MessagesRequest {
    return (this.kept ??= this.parse());
  }

  release(): void {
    this.kept = undefined;
  }

  /**
   * Drops the body for good, bytes too, once no attempt can need it again
   * (the answer has begun). Held any longer, as for a whole stream, a large
   * body outlives two young-generation collections: its memory is then freed
   * only by a full collection, and under load new bodies land in fresh, cold
   * pages. test/server/body-release.test.ts checks nothing else holds it.
   */
  dispose(): void {
    this.kept = undefined;
    // The core alone read them (to parse), so their memory can go now, not at the next full collection.
    if (this.bytes && !this.bytesHandedOut) freeBufferNow(this.bytes);
    this.bytes = undefined;
  }

  /**
   * Validation of a body that will be forwarded as it came, its bytes read as
   * Latin-1: under half the cost of UTF-8 for text outside ASCII (Claude
   * Code's `→` markers make 100 KB of it), and the same verdict, because the
   * schema's only rules on strings are ASCII constants and non-emptiness,
   * which reading one character per byte keeps. The result is not kept (its
   * non-ASCII text is not the client's); a later read of `parsed` decodes the
   * body properly. Undefined when the body needs that decoding now: it is
   * invalid (the error then quotes the real text) or its model is not ASCII.
   */
  private checkWithoutDecoding(): { model: string; stream: boolean } | undefined {
    let body: MessagesRequest;
    try {
      body = validateMessagesRequest(parseJsonBody(this.ownBytes(), 'latin1'));
    } catch {
      return undefined;
    }
    const model = this.overrides.forcedModel ?? body.model;
    if (!ASCII_TEXT.test(model)) return undefined;
    return { model, stream: this.overrides.forcedStream === true || body.stream === true };
  }

  private ownBytes(): Buffer {
    if (!this.bytes) throw new Error('The request body was dropped when the answer began: read it before messages() returns');
    return this.bytes;
  }

  private parse(): MessagesRequest {
    const body = validateMessagesRequest(parseJsonBody(this.ownBytes()));
    if (this.overrides.forcedModel) body.model = this.overrides.forcedModel;
    if (this.overrides.forcedStream) body.stream = true;
    return body;
  }
}
