import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { Logger } from 'winston';
import type { EventStream } from '../protocol/anthropic/event-stream';
import type { Message, MessagesRequest } from '../protocol/anthropic/types';
import type { ClientGone } from '../server/client-gone';
import type { PluginManifest } from './manifest-schema';

/** A plugin's settings, resolved from env (or .env files) with the manifest's types and defaults. */
export type PluginSettings = Readonly<Record<string, string | number | boolean | undefined>>;

export interface UpstreamTimeouts {
  /** Longest wait for the upstream's response headers. */
  headersMs: number;
  /** Longest silence allowed between two chunks of the upstream body. */
  idleMs: number;
}

/** What a plugin receives for one Messages request. */
export interface MessagesContext {
  /**
   * The validated request body as the client sent it. This and `rawBody` are
   * readable until `messages()` returns: the core then drops the body, so
   * that a long answer does not hold it (a later read throws, saying so).
   */
  readonly body: MessagesRequest;
  /**
   * The request bytes as received, for plugins that pass them through. A
   * plugin that never reads this lets the core free the bytes' memory as soon
   * as `messages()` returns; one that does keeps them to the next full collection.
   */
  readonly rawBody: Buffer;
  requestedModel: string;
  upstreamModel: string;
  stream: boolean;
  settings: PluginSettings;
  /** The plugin's own section of gateway.config.ts (`plugins.<backend>`), untyped by core. */
  options: Readonly<Record<string, unknown>>;
  manifest: PluginManifest;
  clientHeaders: IncomingHttpHeaders;
  /** The client's query string without `?`, e.g. `beta=true`. */
  query: string;
  requestId: string;
  logger: Logger;
  /** Fires when the client goes away. Made on first read: see `clientGone`. */
  readonly signal: AbortSignal;
  /**
   * The same event as `signal` from an EventEmitter (`abort`, with `aborted`
   * and `reason`): several microseconds cheaper per request on Node 20, and
   * undici's `request()` takes it as its `signal`.
   */
  clientGone: ClientGone;
  timeouts: UpstreamTimeouts;
  /**
   * Says the plugin is done reading `body` for now (it has sent `rawBody`, or
   * its own translation of it). The core then does not hold the parsed
   * request while the upstream answers: under load a large body held that
   * long is copied into V8's old generation. Reading `body` afterwards still
   * works, by parsing the bytes again.
   */
  releaseBody(): void;
  /** Local estimate of the prompt's input tokens (cheap; computed on first read). */
  readonly inputTokenEstimate: number;
  /** For pure pass-through plugins that write the response themselves. */
  http: { req: IncomingMessage; res: ServerResponse };
}

/**
 * `upstreamRequestId`: the upstream's own id for the call (a response header
 * such as `request-id`), logged on the request's `Request completed` line.
 */
export type MessagesResult =
  | { type: 'message'; message: Message; headers?: Record<string, string>; upstreamRequestId?: string }
  /** Events one at a time or in batches; see EventStream. */
  | { type: 'stream'; events: EventStream; headers?: Record<string, string>; upstreamRequestId?: string }
  /** An upstream answer already in Anthropic's wire format, piped to the client byte for byte. */
  | { type: 'raw'; status: number; headers: Record<string, string | string[]>; body: Readable; upstreamRequestId?: string }
  /** The plugin has written (or is writing) the response itself. */
  | { type: 'handled' };

export interface CountTokensContext extends Omit<MessagesContext, 'stream'> {}

export interface RouteContext {
  settings: PluginSettings;
  options: Readonly<Record<string, unknown>>;
  manifest: PluginManifest;
  /** The manifest's model map with gateway.config.ts overrides applied. */
  modelMap: Readonly<Record<string, string>>;
  configured: boolean;
  missing: string[];
  logger: Logger;
  /** Fires when the client goes away; made on first read. */
  readonly signal: AbortSignal;
  clientGone: ClientGone;
  req: IncomingMessage;
  requestId: string;
}

export interface RouteResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * The module a manifest's `entry` points at. Throwing an ApiError before
 * anything was written to the client lets the core retry or fall back.
 */
export interface GatewayPlugin {
  messages(ctx: MessagesContext): Promise<MessagesResult>;
  /** Forwarded count; when absent the core answers with its local estimate. */
  countTokens?(ctx: CountTokensContext): Promise<{ input_tokens: number } | Extract<MessagesResult, { type: 'raw' | 'handled' }>>;
  /** Turns a client model id into an upstream id when the manifest's map has no entry for it. */
  resolveModel?(requested: string, settings: PluginSettings): string | undefined;
  /** Extra facts for /health when this plugin is active (never secrets). */
  health?(settings: PluginSettings): Record<string, unknown>;
  /** Handlers named by the manifest's `routes[].handler`. */
  routes?: Record<string, (ctx: RouteContext) => Promise<RouteResult>>;
  /** Log lines worth writing once at boot when this plugin is active. */
  onActivate?(settings: PluginSettings, logger: Logger): void;
}

export function definePlugin(plugin: GatewayPlugin): GatewayPlugin {
  return plugin;
}
