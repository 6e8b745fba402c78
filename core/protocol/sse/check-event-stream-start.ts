const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const FIELDS = ['event', 'data', 'id', 'retry'];
// What an Anthropic Messages stream may open with.
const FIRST_EVENTS = new Set(['message_start', 'ping', 'error']);
const SHOWN = 60;

/**
 * Why the first chunk of a body sent as an Anthropic event stream does not
 * begin like one (JSON or an HTML page under `text/event-stream`, a first event
 * other than message_start, ping or error), or undefined when it does. Looks
 * at the first line only; a line cut by the chunk's end is given the benefit of
 * the doubt.
 */
export function checkEventStreamStart(chunk: Buffer): string | undefined {
  let start = 0;
  if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = 3; // a byte order mark
  const first = chunk[start];
  if (first === undefined || first === LF || first === CR || first === COLON) return undefined;
  let end = chunk.indexOf(LF, start);
  const complete = end >= 0;
  if (!complete) end = chunk.length;
  if (end > start && chunk[end - 1] === CR) end--;
  const line = chunk.toString('latin1', start, Math.min(end, start + 200));
  const colon = line.indexOf(':');
  const field = colon >= 0 ? line.slice(0, colon) : line;
  if (!FIELDS.includes(field)) {
    if (!complete && colon < 0 && FIELDS.some((name) => name.startsWith(field))) return undefined;
    return `it begins with ${quote(chunk.toString('utf8', start, start + SHOWN))}`;
  }
  if (field !== 'event' || !complete) return undefined;
  const name = line.slice(colon + 1).trim();
  return FIRST_EVENTS.has(name) ? undefined : `its first event is ${quote(name)}, not message_start`;
}

function quote(text: string): string {
  return `'${text.replace(/\s+/g, ' ').trim()}'`;
}
