import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { Logger } from 'winston';
import type { PluginSettings } from '../config/plugin-settings';
import type { EventStream } from '../protocol/anthropic/event-stream';
import type { Message, MessagesRequest } from '../protocol/anthropic/types';
import type { UpstreamTimeouts } from '../upstream/upstream-timeouts';
import type { PluginManifest } from './manifest-schema';
import type { ProbeContext, ProbeResult } from './probe-contract';

export type { PluginSettings, UpstreamTimeouts };

/**
 * What a plugin receives for one Messages request. `S` is the plugin's own
 * settings type (see definePlugin): the core resolves every name the manifest's
 * `env` lists, with its type and default, and calls `messages()` only when
 * the required ones are set.
 */
export interface MessagesContext<S extends PluginSettings = PluginSettings> {
  /** The validated request as the client sent it; read it while `messages()` runs. */
  readonly body: MessagesRequest;
  /** The request's bytes as received, for plugins that pass them through. */
  readonly rawBody: Buffer;
  requestedModel: string;
  upstreamModel: string;
  stream: boolean;
  settings: S;
  /** The plugin's own section of gateway.config.ts (`plugins.<backend>`), untyped by core. */
  options: Readonly<Record<string, unknown>>;
  manifest: PluginManifest;
  clientHeaders: IncomingHttpHeaders;
  /** The client's query string without `?`, e.g. `beta=true`. */
  query: string;
  requestId: string;
  logger: Logger;
  /** Fires when the client goes away. */
  readonly signal: AbortSignal;
  timeouts: UpstreamTimeouts;
  /** Local estimate of the prompt's input tokens (cheap; computed on first read). */
  readonly inputTokenEstimate: number;
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
  /** The plugin has written (or is writing) the response itself; see takeOverResponse. */
  | { type: 'handled' };

export interface CountTokensContext<S extends PluginSettings = PluginSettings> extends Omit<MessagesContext<S>, 'stream'> {}

export interface RouteContext<S extends PluginSettings = PluginSettings> {
  settings: S;
  options: Readonly<Record<string, unknown>>;
  manifest: PluginManifest;
  /** The manifest's model map with gateway.config.ts overrides applied. */
  modelMap: Readonly<Record<string, string>>;
  configured: boolean;
  missing: string[];
  logger: Logger;
  /** Fires when the client goes away; made on first read. */
  readonly signal: AbortSignal;
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
export interface GatewayPlugin<S extends PluginSettings = PluginSettings> {
  messages(ctx: MessagesContext<S>): Promise<MessagesResult>;
  /** Forwarded count; when absent the core answers with its local estimate. */
  countTokens?(ctx: CountTokensContext<S>): Promise<{ input_tokens: number } | Extract<MessagesResult, { type: 'raw' | 'handled' }>>;
  /** Turns a client model id into an upstream id when the manifest's map has no entry for it. */
  resolveModel?(requested: string, settings: S): string | undefined;
  /**
   * Which of the upstream's APIs will serve `upstreamModel` (e.g. `messages` or
   * `chat`), for a backend that has more than one: said on the request's
   * `Model resolved` log line. Asked once per model id, so keep it pure.
   */
  upstreamApi?(upstreamModel: string, settings: S): string | undefined;
  /** Extra facts for /health when this plugin is active (never secrets); asked while it is unconfigured too. */
  health?(settings: S): Record<string, unknown>;
  /** Handlers named by the manifest's `routes[].handler`. */
  routes?: Record<string, (ctx: RouteContext<S>) => Promise<RouteResult>>;
  /** Log lines worth writing once at boot when this plugin is active. */
  onActivate?(settings: S, logger: Logger): void;
  /** One cheap authenticated call to the upstream (`gateway check --probe`): is it there, does it take the credentials? */
  probe?(ctx: ProbeContext<S>): Promise<ProbeResult>;
}

/**
 * `definePlugin<Settings>({...})` types `ctx.settings` and every hook's
 * settings. `Settings` is generated from the manifest's `env` into the
 * plugin's `settings.generated.ts` (`npm run plugin-types`): a required or
 * defaulted setting is always set when `messages()` runs, an optional one
 * without a default may be absent. `health()` and the manifest's routes are
 * also called while the plugin is unconfigured (`RouteContext.configured`):
 * there a required setting may be unset.
 */
export function definePlugin<S extends PluginSettings = PluginSettings>(plugin: GatewayPlugin<S>): GatewayPlugin {
  return plugin as unknown as GatewayPlugin;
}
