import { redactString } from '../../log/redact';
import { EventBoundary } from './event-boundary';

const LF = 0x0a;
const CR = 0x0d;
const EVENT_FIELD = Buffer.from('event:');
// An `event: error` line ends with this. Searched for in each chunk, it is one
// native scan, and text cannot trip it: inside a JSON data line a line break is
// escaped. The `e` is checked apart: a search that starts on so common a byte
// took 6 us per 8 KB stream, one that starts on `r` 2 us (measured).
const ERROR_LINE_END_LF = Buffer.from('rror\n');
const ERROR_LINE_END_CR = Buffer.from('rror\r');
const E = 0x65;
// A marker cut by a chunk boundary is found in this many bytes either side of it.
const SPAN = 16;
// An error event that never ends is let through in pieces (masked line by line) past this.
const MAX_HELD = 64 * 1024;

/**
 * Passes an event stream's bytes through untouched, except `error` events,
 * which are held from their `event:` line to the blank line that ends them
 * and masked (configured secrets, credential shapes) before they go on: an
 * upstream may echo a credential in its error text. Other events are never
 * decoded. `boundary` says whether what was returned so far ends between two events.
 */
export class ErrorEventMasker {
  readonly boundary = new EventBoundary();
  /** The message of the first error event that went through (masked), for the request's log line. */
  errorMessage: string | undefined;
  private needle = ERROR_LINE_END_LF;
  private first = true;
  /** The bytes before this chunk: the previous chunk, or its last SPAN bytes and more when chunks are tiny. */
  private previous: Buffer | undefined;
  private held: Buffer[] | undefined;
  private heldBytes = 0;

  /** The bytes to send now (the chunk itself unless an error event is in it), or undefined to send nothing yet. */
  push(chunk: Buffer): Buffer | undefined {
    if (chunk.length === 0) return undefined;
    if (this.first) {
      this.first = false;
      if (chunk.includes(CR)) this.needle = ERROR_LINE_END_CR;
    }
    const cutBefore = this.previous !== undefined && !this.boundary.atBoundary && this.markerAcross(this.previous, chunk);
    this.boundary.see(chunk);
    this.previous = chunk.length >= SPAN || !this.previous ? chunk : Buffer.concat([this.previous, chunk]).subarray(-SPAN);
    if (this.held) return this.hold(chunk);
    if (cutBefore) {
      // The line began in the previous chunk, already sent: its end, and the data after it, are held.
      return this.hold(chunk);
    }
    const lineStart = this.errorLineStart(chunk);
    if (lineStart < 0) return chunk;
    const before = lineStart > 0 ? chunk.subarray(0, lineStart) : undefined;
    const held = this.hold(chunk.subarray(lineStart));
    if (!before) return held;
    return held ? Buffer.concat([before, held]) : before;
  }

  /** What is still held, masked; call at the end of the stream or when it breaks. */
  flush(): Buffer | undefined {
    if (!this.held) return undefined;
    const bytes = Buffer.concat(this.held);
    this.held = undefined;
    this.heldBytes = 0;
    const masked = mask(bytes);
    this.errorMessage ??= errorMessageOf(masked);
    return masked;
  }

  private hold(bytes: Buffer): Buffer | undefined {
    (this.held ??= []).push(bytes);
    this.heldBytes += bytes.length;
    if (this.boundary.atBoundary) return this.flush();
    if (this.heldBytes <= MAX_HELD) return undefined;
    // Whole lines go on; the unfinished one stays held (a line start is never inside a character).
    const all = Buffer.concat(this.held);
    const lastLf = all.lastIndexOf(LF);
    if (lastLf < 0) {
      this.held = undefined;
      this.heldBytes = 0;
      return mask(all);
    }
    this.held = [all.subarray(lastLf + 1)];
    this.heldBytes = all.length - lastLf - 1;
    return mask(all.subarray(0, lastLf + 1));
  }

  /** Where the first `event: error` line in `chunk` starts, or -1. */
  private errorLineStart(chunk: Buffer): number {
    let at = chunk.indexOf(this.needle);
    while (at >= 0) {
      const errorAt = at - 1;
      if (errorAt >= 0 && chunk[errorAt] === E) {
        const lineStart = chunk.lastIndexOf(LF, errorAt) + 1;
        if (isErrorEventLine(chunk, lineStart, errorAt)) return lineStart;
      }
      at = chunk.indexOf(this.needle, at + 1);
    }
    return -1;
  }

  /** Whether an `event: error` line runs from the end of `previous` into `chunk`. */
  private markerAcross(previous: Buffer, chunk: Buffer): boolean {
    const head = chunk.subarray(0, SPAN);
    const tail = previous.subarray(Math.max(0, previous.length - SPAN));
    const around = Buffer.concat([tail, head]);
    let at = around.indexOf(this.needle);
    while (at >= 0) {
      // Only a line that began before the cut and ends after it: the searches of each chunk find the others.
      const errorAt = at - 1;
      if (errorAt >= 0 && around[errorAt] === E) {
        const lineStart = around.lastIndexOf(LF, errorAt) + 1;
        if (lineStart < tail.length && at + this.needle.length > tail.length && isErrorEventLine(around, lineStart, errorAt)) return true;
      }
      at = around.indexOf(this.needle, at + 1);
    }
    return false;
  }
}

/** Whether the line from `lineStart` is `event:` then optional spaces then the `error` found at `errorAt`. */
function isErrorEventLine(bytes: Buffer, lineStart: number, errorAt: number): boolean {
  if (bytes.compare(EVENT_FIELD, 0, EVENT_FIELD.length, lineStart, lineStart + EVENT_FIELD.length) !== 0) return false;
  for (let i = lineStart + EVENT_FIELD.length; i < errorAt; i++) if (bytes[i] !== 0x20) return false;
  return true;
}

/** The `error.message` of an error event's data line (read only when a stream carries one). */
function errorMessageOf(event: Buffer): string {
  const data = /^data:[ ]?(.*)$/m.exec(event.toString('utf8'))?.[1];
  try {
    const message = (JSON.parse(data ?? '') as { error?: { message?: unknown } }).error?.message;
    if (typeof message === 'string') return message;
  } catch {
    // Not JSON: the event still says the stream failed.
  }
  return 'The upstream sent an error event';
}

function mask(bytes: Buffer): Buffer {
  const text = bytes.toString('utf8');
  const masked = redactString(text);
  return masked === text ? bytes : Buffer.from(masked, 'utf8');
}
