import type { EventEmitter } from 'node:events';

/**
 * What can abort an upstream call: an AbortSignal, or an EventEmitter that
 * emits `abort` and carries the same `aborted` and `reason`. undici's
 * `request()` takes either as its `signal`.
 */
export type AbortSource = AbortSignal | (EventEmitter & { readonly aborted: boolean; readonly reason: unknown });

/** Calls `listener` once when `source` aborts; returns what stops listening. */
export function onAbort(source: AbortSource, listener: () => void): () => void {
  if ('addEventListener' in source) {
    source.addEventListener('abort', listener, { once: true });
    return () => source.removeEventListener('abort', listener);
  }
  source.once('abort', listener);
  return () => source.removeListener('abort', listener);
}
