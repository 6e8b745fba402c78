import { ApiError } from '../../protocol/anthropic/errors';
import { crc32 } from './crc32';

/** One AWS event-stream message: its string headers (`:message-type`, `:event-type`, ...) and payload. */
export interface EventStreamMessage {
  headers: Record<string, string>;
  payload: Buffer;
}

const PRELUDE_BYTES = 12;
const MIN_MESSAGE_BYTES = 16;
// Bedrock's chunks are a few KB; a frame this large means the framing is lost.
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

function broken(backend: string, what: string): ApiError {
  return new ApiError(502, `Upstream ${backend} sent a broken event stream (${what})`);
}

// Header value types of the event-stream format, by their one-byte tag.
const FIXED_SIZE: Record<number, number> = { 0: 0, 1: 0, 2: 1, 3: 2, 4: 4, 5: 8, 8: 8, 9: 16 };
const BYTES = 6;
const STRING = 7;

function readHeaders(frame: Buffer, start: number, end: number, backend: string): Record<string, string> {
  const headers: Record<string, string> = {};
  let at = start;
  while (at < end) {
    const nameLength = frame[at]!;
    const name = frame.toString('utf8', at + 1, at + 1 + nameLength);
    at += 1 + nameLength;
    const type = frame[at]!;
    at += 1;
    if (type === STRING || type === BYTES) {
      const length = frame.readUInt16BE(at);
      if (type === STRING) headers[name] = frame.toString('utf8', at + 2, at + 2 + length);
      at += 2 + length;
    } else {
      const size = FIXED_SIZE[type];
      if (size === undefined) throw broken(backend, `unknown header type ${type}`);
      if (type === 0 || type === 1) headers[name] = String(type === 0);
      at += size;
    }
  }
  if (at !== end) throw broken(backend, 'headers overrun their length');
  return headers;
}

function decodeMessage(frame: Buffer, backend: string): EventStreamMessage {
  const total = frame.length;
  const headersLength = frame.readUInt32BE(4);
  if (frame.readUInt32BE(8) !== crc32(frame, 0, 8)) throw broken(backend, 'prelude checksum');
  if (frame.readUInt32BE(total - 4) !== crc32(frame, 0, total - 4)) throw broken(backend, 'message checksum');
  if (PRELUDE_BYTES + headersLength > total - 4) throw broken(backend, 'header length');
  const headersEnd = PRELUDE_BYTES + headersLength;
  return { headers: readHeaders(frame, PRELUDE_BYTES, headersEnd, backend), payload: frame.subarray(headersEnd, total - 4) };
}

/**
 * AWS event-stream messages from an upstream body as they arrive: one array
 * per body chunk, holding the messages that chunk completed (frames split
 * anywhere across chunks are joined). Both checksums are verified; a broken
 * frame, or a body that ends inside one, is a 502.
 */
export async function* decodeAwsEventStream(source: AsyncIterable<Buffer>, backend = 'upstream'): AsyncGenerator<EventStreamMessage[]> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of source) {
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes < PRELUDE_BYTES) continue;
    let buffer = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    const messages: EventStreamMessage[] = [];
    let at = 0;
    while (buffer.length - at >= PRELUDE_BYTES) {
      const total = buffer.readUInt32BE(at);
      if (total < MIN_MESSAGE_BYTES || total > MAX_MESSAGE_BYTES) throw broken(backend, `message length ${total}`);
      if (buffer.length - at < total) break;
      messages.push(decodeMessage(buffer.subarray(at, at + total), backend));
      at += total;
    }
    buffer = buffer.subarray(at);
    pending = buffer.length > 0 ? [buffer] : [];
    pendingBytes = buffer.length;
    if (messages.length > 0) yield messages;
  }
  if (pendingBytes > 0) throw broken(backend, 'the body ended inside a frame');
}
