import { isAscii } from 'node:buffer';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { ApiError } from '../anthropic/errors';

export type SseItem =
  | { kind: 'message'; event?: string; data: string; id?: string }
  /** A `:` line; upstreams send them as keep-alives (`: OPENROUTER PROCESSING`). */
  | { kind: 'comment'; comment: string };

export interface ParseSseOptions {
  /** Largest unterminated line or event held in memory before giving up. */
  maxBufferChars?: number;
}

const DEFAULT_MAX_BUFFER_CHARS = 32 * 1024 * 1024;

/**
 * Turns an upstream body into SSE messages and comments, as they arrive: one
 * array per body chunk, holding the items that chunk completed (a fast
 * upstream's single read can hold a whole answer, and one step of the async
 * iteration per item costs more than the item itself). Spec-compliant
 * (comments, multi-line data, CR/LF/CRLF, boundaries anywhere, UTF-8 split
 * across chunks); an event left unterminated at the end of the body is still
 * delivered, since some upstreams omit the last blank line.
 */
export async function* parseSseStream(
  source: AsyncIterable<Uint8Array | string>,
  options: ParseSseOptions = {},
): AsyncGenerator<SseItem[]> {
  let queue: SseItem[] = [];
  let overflow = false;
  const parser = createParser({
    maxBufferSize: options.maxBufferChars ?? DEFAULT_MAX_BUFFER_CHARS,
    onEvent(message: EventSourceMessage) {
      const item: SseItem = { kind: 'message', data: message.data };
      if (message.event !== undefined) item.event = message.event;
      if (message.id !== undefined) item.id = message.id;
      queue.push(item);
    },
    onComment(comment: string) {
      queue.push({ kind: 'comment', comment });
    },
    onError(error) {
      if (error.type === 'max-buffer-size-exceeded') overflow = true;
    },
  });
  const decode = utf8Decoder();

  for await (const chunk of source) {
    parser.feed(typeof chunk === 'string' ? chunk : decode(chunk));
    if (overflow) throw new ApiError(502, 'Upstream sent an event stream line larger than the gateway accepts');
    if (queue.length > 0) {
      const ready = queue;
      queue = [];
      yield ready;
    }
  }
  parser.feed(decode() + '\n\n');
  if (queue.length > 0) yield queue;
}

/**
 * Streaming UTF-8 decoding. An all-ASCII chunk met while no sequence is left
 * open is read as Latin-1, five times cheaper than TextDecoder's streaming
 * mode and the same text; upstream chunks are nearly always such. A chunk that
 * ends on an ASCII byte (an event's newline) leaves no sequence open.
 */
function utf8Decoder(): (chunk?: Uint8Array) => string {
  const decoder = new TextDecoder();
  let nothingOpen = true;
  return (chunk) => {
    if (chunk === undefined) return decoder.decode();
    if (nothingOpen && isAscii(chunk)) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    const text = decoder.decode(chunk, { stream: true });
    if (chunk.length > 0) nothingOpen = chunk[chunk.length - 1]! < 0x80;
    return text;
  };
}
