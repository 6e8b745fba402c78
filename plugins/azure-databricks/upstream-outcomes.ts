import type { MessagesResult } from '../../core';
import { ApiError } from '../../core';
import { isEventBatch, type EventStream } from '../../core';
import type { StreamEvent } from '../../core';
import { failureClassOf, isClientAbort, type FailureClass } from '../../core';

/**
 * How the last call to a workspace went, for /v1/databricks/health. The
 * failure is kept as a class (`http_500`, `timeout`, `stream_error`), never
 * as text: health routes answer strangers.
 */
export interface UpstreamOutcome {
  ok: boolean;
  at: string;
  status?: number;
  error?: FailureClass | 'stream_error';
}

// Keyed by base URL: the dedicated routes and the main route share what they learn.
const outcomes = new Map<string, UpstreamOutcome>();

export function lastOutcome(baseUrl: string): UpstreamOutcome | undefined {
  return outcomes.get(baseUrl);
}

function recordSuccess(baseUrl: string): void {
  outcomes.set(baseUrl, { ok: true, at: new Date().toISOString(), status: 200 });
}

/** The request's own faults (and the client leaving) say nothing about the workspace. */
function recordFailure(baseUrl: string, error: unknown): void {
  if (isClientAbort(error)) return;
  const status = error instanceof ApiError ? error.status : undefined;
  if (status === 400 || status === 413 || status === 422) return;
  outcomes.set(baseUrl, { ok: false, at: new Date().toISOString(), status, error: failureClassOf(error) });
}

/** An `error` event in an answer already streaming: it has no status, only its place. */
function recordStreamFailure(baseUrl: string): void {
  outcomes.set(baseUrl, { ok: false, at: new Date().toISOString(), error: 'stream_error' });
}

async function* watchEvents(baseUrl: string, events: EventStream): EventStream {
  try {
    for await (const item of events) {
      const error = isEventBatch(item) ? item.find(isErrorEvent) : isErrorEvent(item) ? item : undefined;
      if (error) recordStreamFailure(baseUrl);
      yield item;
    }
  } catch (error) {
    recordFailure(baseUrl, error);
    throw error;
  }
}

const isErrorEvent = (event: StreamEvent): event is Extract<StreamEvent, { type: 'error' }> => event.type === 'error';

/** Runs one upstream call and records how it went, including a failure after streaming began. */
export async function trackOutcome(baseUrl: string, call: () => Promise<MessagesResult>): Promise<MessagesResult> {
  let result: MessagesResult;
  try {
    result = await call();
  } catch (error) {
    recordFailure(baseUrl, error);
    throw error;
  }
  recordSuccess(baseUrl);
  if (result.type === 'stream') return { ...result, events: watchEvents(baseUrl, result.events) };
  if (result.type === 'raw') result.body.once('error', (error) => recordFailure(baseUrl, error));
  return result;
}
