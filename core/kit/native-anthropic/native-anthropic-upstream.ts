import type { Logger } from 'winston';
import type { ApiError } from '../../protocol/anthropic/errors';
import type { StreamEvent } from '../../protocol/anthropic/types';

/** One call the kit is about to make. */
export interface NativeCall {
  /** The upstream model id (`ctx.upstreamModel`). */
  model: string;
  stream: boolean;
  kind: 'messages' | 'count_tokens';
}

/** The request as it will be sent, for a hook that signs it. Header names are lower case. */
export interface SignableRequest {
  method: 'POST';
  url: URL;
  headers: Readonly<Record<string, string>>;
  body: Buffer;
}

/** How the client's Messages body becomes the upstream's. */
export interface NativeBodyRules {
  /** Fields set on every body, e.g. `{ anthropic_version: 'bedrock-2023-05-31' }`. */
  set?: Readonly<Record<string, unknown>>;
  /** The upstream takes the model in its URL: leave `model` out (default true). */
  dropModel?: boolean;
  /** The upstream picks streaming by URL: leave `stream` out (default true). */
  dropStream?: boolean;
  /**
   * Betas from the client's `anthropic-beta` header go into this body field
   * (`anthropic_beta`) when `acceptsBeta` says the upstream takes them; the
   * others are dropped with a debug line. Unset: betas are not forwarded.
   */
  betaField?: string;
  acceptsBeta?(beta: string): boolean;
  /** Last touch on the body (a shallow copy of the client's) before it is serialised: drop what the upstream refuses. */
  adjust?(body: Record<string, unknown>, logger: Pick<Logger, 'debug'>): void;
}

/** An upstream's failure, for `mapError`: a non-2xx answer, or an error frame inside a stream. */
export interface UpstreamFailure {
  /** The HTTP status; undefined for an error inside a 2xx stream. */
  status: number | undefined;
  /** The response's headers, or the error frame's own (`:exception-type`, ...). */
  headers: Readonly<Record<string, string>>;
  /** The body or frame payload as text (at most 64 KB of it). */
  body: string;
}

/** Everything the kit needs to know about one native-Anthropic upstream. */
export interface NativeAnthropicUpstream {
  /** Named in error messages and logs. */
  backendName: string;
  url(call: NativeCall): string;
  body: NativeBodyRules;
  /** Headers sent on every call besides content-type and accept (never the client's credentials). */
  headers?: Readonly<Record<string, string>>;
  /**
   * Headers that authorize the call: a signature over `request` (SigV4), or a
   * bearer token fetched on demand. Called once per attempt, so a retry is signed afresh.
   */
  authorize?(request: SignableRequest): Promise<Record<string, string>> | Record<string, string>;
  /** How a streamed answer is framed: Anthropic SSE, or AWS event-stream frames carrying Anthropic events. */
  streamFormat: 'sse' | 'aws-event-stream';
  /** The `accept` header for a streamed call; defaults to the stream format's media type. */
  streamAccept?: string;
  /**
   * The upstream's own error shape as an Anthropic error; return undefined
   * for the kit's generic mapping (status table, Anthropic envelope kept).
   */
  mapError?(failure: UpstreamFailure): ApiError | undefined;
  /**
   * Last touch on each streamed event, e.g. removing a field the upstream adds
   * that the client must not see. Return the event (changed or not).
   */
  adjustEvent?(event: StreamEvent): StreamEvent;
  /** The response header with the upstream's id for the call. */
  requestIdHeader?: string;
}
