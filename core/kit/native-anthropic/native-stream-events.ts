import type { Logger } from 'winston';
import { ApiError } from '../../protocol/anthropic/errors';
import type { StreamEvent } from '../../protocol/anthropic/types';
import { parseSseStream } from '../../protocol/sse/parse-sse-stream';
import { readUpstreamError } from '../../upstream';
import { decodeAwsEventStream, type EventStreamMessage } from './decode-aws-event-stream';
import type { NativeAnthropicUpstream, UpstreamFailure } from './native-anthropic-upstream';

export interface EventOptions {
  /** Said by `message_start` as the answer's model, as Anthropic answers say the id asked for. */
  requestedModel: string;
  logger: Pick<Logger, 'debug'>;
}

/** The upstream's failure as an ApiError: its own mapping first, then the generic one. */
export function failureToApiError(upstream: NativeAnthropicUpstream, failure: UpstreamFailure): ApiError {
  const mapped = upstream.mapError?.(failure);
  if (mapped) return mapped;
  return readUpstreamError(failure.status ?? 200, failure.headers, failure.body);
}

function parseEvent(text: string, backend: string): StreamEvent {
  try {
    return JSON.parse(text) as StreamEvent;
  } catch {
    throw new ApiError(502, `Upstream ${backend} sent a stream event that is not valid JSON`);
  }
}

function finish(event: StreamEvent, upstream: NativeAnthropicUpstream, options: EventOptions): StreamEvent {
  if (event.type === 'message_start' && event.message) event.message.model = options.requestedModel;
  return upstream.adjustEvent ? upstream.adjustEvent(event) : event;
}

/** The Anthropic event an event-stream message carries, or undefined for one to skip; error frames throw. */
function eventOfMessage(message: EventStreamMessage, upstream: NativeAnthropicUpstream, options: EventOptions): StreamEvent | undefined {
  const kind = message.headers[':message-type'];
  if (kind === 'event') {
    if (message.headers[':event-type'] !== 'chunk') {
      options.logger.debug('Skipped an event-stream frame', { event_type: message.headers[':event-type'] });
      return undefined;
    }
    // A chunk's payload is `{"bytes":"<base64 of one Anthropic event>"}` (and maybe padding).
    const { bytes } = parseEvent(message.payload.toString('utf8'), upstream.backendName) as unknown as { bytes?: string };
    if (typeof bytes !== 'string') throw new ApiError(502, `Upstream ${upstream.backendName} sent a chunk without bytes`);
    return finish(parseEvent(Buffer.from(bytes, 'base64').toString('utf8'), upstream.backendName), upstream, options);
  }
  // `exception` (modelled errors, `:exception-type`) and `error` (`:error-code`, `:error-message`).
  const body = kind === 'error' ? JSON.stringify({ message: message.headers[':error-message'] ?? 'Upstream stream error' }) : message.payload.toString('utf8');
  throw failureToApiError(upstream, { status: undefined, headers: message.headers, body });
}

/** Anthropic events from AWS event-stream frames, one batch per upstream read. */
export async function* eventsFromAwsEventStream(
  body: AsyncIterable<Buffer>,
  upstream: NativeAnthropicUpstream,
  options: EventOptions,
): AsyncGenerator<StreamEvent[]> {
  for await (const messages of decodeAwsEventStream(body, upstream.backendName)) {
    const events: StreamEvent[] = [];
    for (const message of messages) {
      const event = eventOfMessage(message, upstream, options);
      if (event) events.push(event);
    }
    if (events.length > 0) yield events;
  }
}

/** Anthropic events from an Anthropic SSE body, for upstreams whose events need a touch on the way. */
export async function* eventsFromSse(
  body: AsyncIterable<Buffer>,
  upstream: NativeAnthropicUpstream,
  options: EventOptions,
): AsyncGenerator<StreamEvent[]> {
  for await (const items of parseSseStream(body)) {
    const events: StreamEvent[] = [];
    for (const item of items) {
      if (item.kind !== 'message' || item.event === 'ping' || !item.data) continue;
      const event = parseEvent(item.data, upstream.backendName);
      if (event.type === 'error') throw failureToApiError(upstream, { status: undefined, headers: {}, body: item.data });
      events.push(finish(event, upstream, options));
    }
    if (events.length > 0) yield events;
  }
}
