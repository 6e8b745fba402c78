// Where the answer's own `model` must be for this to touch it: Anthropic puts it
// before `content`, within the first few hundred bytes of a message or of an
// event stream's `message_start`.
const SEARCH_LIMIT = 1024;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function skipSpaces(buf: Buffer, at: number): number {
  while (at < buf.length && (buf[at] === 0x20 || buf[at] === 0x09 || buf[at] === 0x0a || buf[at] === 0x0d)) at++;
  return at;
}

/** The end (the closing quote) of the JSON string whose opening quote is at `open`, or -1 if it is not all here. */
function stringEnd(buf: Buffer, open: number): number {
  for (let i = open + 1; i < buf.length; i++) {
    if (buf[i] === BACKSLASH) i++;
    else if (buf[i] === QUOTE) return i;
  }
  return -1;
}

/** Whether the `content` key before `limit`, if any, holds an empty array: a block before `model` could hold a `model` of its own. */
function noContentBefore(window: Buffer, limit: number): boolean {
  const key = window.indexOf('"content"');
  if (key === -1 || key > limit) return true;
  let at = skipSpaces(window, key + 9);
  if (window[at] !== 0x3a) return false;
  at = skipSpaces(window, at + 1);
  if (window[at] !== 0x5b) return false;
  return window[skipSpaces(window, at + 1)] === 0x5d;
}

/**
 * The first chunk of an Anthropic answer (a JSON message, or an event stream
 * opening with `message_start`) with its message's `model` set to `requested`,
 * so a byte pass-through echoes the id the client asked for as Anthropic does.
 * Only the first KiB is looked at, once per answer; a chunk where the field is
 * not plainly there (cut, after a content block, not a message) goes unchanged.
 */
export function echoModelField(chunk: Buffer, requested: string): Buffer {
  const window = chunk.subarray(0, Math.min(chunk.length, SEARCH_LIMIT));
  const key = window.indexOf('"model"');
  if (key === -1) return chunk;
  const first = window[skipSpaces(window, 0)];
  const isEventStream = first !== 0x7b;
  if (isEventStream && window.indexOf('message_start') === -1) return chunk;
  if (isEventStream && window.indexOf('message_start') > key) return chunk;
  if (!noContentBefore(window, key)) return chunk;
  let at = skipSpaces(window, key + 7);
  if (window[at] !== 0x3a) return chunk;
  at = skipSpaces(window, at + 1);
  if (window[at] !== QUOTE) return chunk;
  const end = stringEnd(window, at);
  if (end === -1) return chunk;
  const value = JSON.stringify(requested);
  if (window.subarray(at, end + 1).equals(Buffer.from(value))) return chunk;
  return Buffer.concat([chunk.subarray(0, at), Buffer.from(value), chunk.subarray(end + 1)]);
}
