// The plugin surface: everything a plugin may use, and all a packaged plugin
// imports (`llm-gateway`); the built-in plugins import it as `../../core`.
// Also what embeds the gateway: defineConfig and createGateway.

// The contract.
export { definePlugin } from './plugins/plugin-contract';
export type * from './plugins/plugin-contract';
export type * from './plugins/probe-contract';
export type { PluginManifest } from './plugins/manifest-schema';

// The kit: whole round trips for chat and native-Anthropic upstreams.
export * from './kit';

// The upstream client: HTTP with timeouts, and its failures in Anthropic's terms.
export { requestUpstream, type UpstreamRequest, type UpstreamResponse } from './upstream/request-upstream';
export { ensureUpstreamOk } from './upstream/ensure-upstream-ok';
export { mapTransportError, type TransportErrorContext } from './upstream/map-transport-error';
export { unusableAnswer } from './upstream/unusable-answer';
export { onAbort, type AbortSource } from './upstream/abort-source';
export { isClientAbort } from './upstream/upstream-abort-error';
export { failureClassOf, type FailureClass } from './upstream/classify-failure';
export { readUpstreamError } from './protocol/upstream-errors/read-upstream-error';
export { describeErrorBody, type ErrorBodyFacts } from './protocol/upstream-errors/describe-error-body';

// Errors and wire types.
export * from './protocol/anthropic/errors';
export type * from './protocol/anthropic/types';
export type * from './protocol/openai/types';

// Streams: Anthropic events, SSE in and out, JSON bytes.
export { type EventStream, eachEvent, isEventBatch } from './protocol/anthropic/event-stream';
export { formatSseEvent } from './protocol/sse/format-sse-event';
export { parseSseStream, type SseItem, type ParseSseOptions } from './protocol/sse/parse-sse-stream';
export { stringifyJsonToBuffer } from './protocol/json/stringify-json-to-buffer';

// Embedding the gateway.
export { defineConfig } from './config/define-config';
export { createGateway } from './gateway';
