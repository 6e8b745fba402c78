// What a simulated upstream can do with a request. Every kind can wait
// `delayMs` before sending headers, which is how header timeouts are tested.

import type { ScriptedTurn } from './scripted-turn';

export type HeaderMap = Record<string, string>;

interface ReplyBase {
  status?: number;
  headers?: HeaderMap;
  /** Wait this long before sending the status line and headers. */
  delayMs?: number;
}

/** What to do once `pieces` have been written instead of ending the response. */
export interface StreamCut {
  pieces: number;
  then: 'hang' | 'drop';
}

export interface JsonReply extends ReplyBase {
  kind: 'json';
  body: unknown;
}

/** Same as json; kept apart so scripts read as what they mean. */
export interface ErrorReply extends ReplyBase {
  kind: 'error';
  status: number;
  body: unknown;
}

export interface TextReply extends ReplyBase {
  kind: 'text';
  body: string;
}

export interface SseReply extends ReplyBase {
  kind: 'sse';
  /** Written one piece per write: whole events, or arbitrary slices of a fixture (bytes when a slice splits a character). */
  pieces: Array<string | Buffer>;
  /** Pause between pieces: one value for all, or one per gap. */
  gapMs?: number | number[];
  cut?: StreamCut;
}

/** Never answers; the request stays open until the client goes away (or the simulator closes). */
export interface HangReply {
  kind: 'hang';
  delayMs?: number;
}

/**
 * Destroys the socket. With `afterBytes` undefined the connection is reset before any
 * response; otherwise the status, headers and the first `afterBytes` of `body` go out first.
 */
export interface DropReply extends ReplyBase {
  kind: 'drop';
  afterBytes?: number;
  body?: string;
}

/** Stream shaping applied when a turn is rendered as SSE. */
export interface TurnStreamOptions {
  gapMs?: number | number[];
  /** Cut the stream after this many events (comments and [DONE] count as events). */
  cut?: { events: number; then: 'hang' | 'drop' };
  /** Replace the end of the stream, after `afterEvents` events, with the upstream's own error event. */
  midStreamError?: { afterEvents: number; message: string; code?: number | string };
}

/** A wire-format-neutral answer; each fake renders it as JSON or SSE in its own format. */
export interface TurnReply extends ReplyBase, TurnStreamOptions {
  kind: 'turn';
  turn: ScriptedTurn;
}

/** An upstream error in the format-neutral form; each fake writes it in its own error envelope. */
export interface FailureReply extends ReplyBase {
  kind: 'failure';
  status: number;
  message: string;
  /** The upstream's own error code or type when it has one (e.g. Databricks `REQUEST_LIMIT_EXCEEDED`). */
  code?: string;
}

/** Replies whose bytes depend on the upstream being faked. */
export type NeutralReply = TurnReply | FailureReply;

export type Reply = JsonReply | ErrorReply | TextReply | SseReply | HangReply | DropReply | NeutralReply;

/** A reply that needs no format knowledge to write. */
export type ConcreteReply = Exclude<Reply, NeutralReply>;
