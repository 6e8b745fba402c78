import type { Readable } from 'node:stream';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Tells whether the bytes of an event stream seen so far end on an event
 * boundary (a blank line). Only there can a gateway append its own `error`
 * event to a piped stream that broke: cut inside an event, the client's parser
 * would take it as part of that event.
 */
export class EventBoundary {
  atBoundary = true;
  private previous = LF;

  see(chunk: Uint8Array): void {
    const last = chunk[chunk.length - 1];
    if (last === undefined) return;
    const beforeLast = chunk.length > 1 ? chunk[chunk.length - 2]! : this.previous;
    this.atBoundary = last === LF && (beforeLast === LF || beforeLast === CR);
    this.previous = last;
  }
}

/** Watches an event stream's bytes as they pass; see EventBoundary. */
export function watchEventBoundary(body: Readable): () => boolean {
  const boundary = new EventBoundary();
  body.on('data', (chunk: Buffer) => boundary.see(chunk));
  return () => boundary.atBoundary;
}
