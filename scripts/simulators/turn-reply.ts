// Pieces every fake shares when it writes a neutral reply: numbering turns and
// tool calls per fake instance, and shaping a rendered stream (gaps, cuts,
// a mid-stream error in the upstream's own form).

import type { ConcreteReply, FailureReply, SseReply, TurnReply } from './reply-types';
import type { ReceivedRequest } from './simulated-upstream';
import { conversationOf } from './read-conversation';
import { completeTurn, type CompleteTurn } from './scripted-turn';
import { simulatedInputTokens } from './simulated-input-tokens';

export interface IdPrefixes {
  message: string;
  toolCall: string;
}

/** Completes turns with ids unique within one fake and input tokens as the gateway estimates them (see simulated-input-tokens.ts). */
export function turnCompleter(prefixes: IdPrefixes) {
  let messages = 0;
  let calls = 0;
  return (reply: TurnReply, req: ReceivedRequest): CompleteTurn =>
    completeTurn(reply.turn, {
      id: `${prefixes.message}${++messages}`,
      model: conversationOf(req).model || undefined,
      inputTokens: simulatedInputTokens(req.json, conversationOf(req).format),
      toolCallId: () => `${prefixes.toolCall}${++calls}`,
    });
}

/** Applies a turn reply's stream options to already rendered SSE pieces. */
export function shapeStream(
  pieces: string[],
  reply: TurnReply,
  headers: Record<string, string>,
  errorPiece: (error: { message: string; code?: number | string }) => string,
  defaultGapMs?: number,
): SseReply {
  const error = reply.midStreamError;
  const shaped = error ? [...pieces.slice(0, error.afterEvents), errorPiece(error)] : pieces;
  return {
    kind: 'sse',
    status: reply.status,
    delayMs: reply.delayMs,
    headers: { ...headers, ...reply.headers },
    pieces: shaped,
    gapMs: reply.gapMs ?? defaultGapMs,
    cut: reply.cut && { pieces: reply.cut.events, then: reply.cut.then },
  };
}

export function jsonReply(body: unknown, reply: TurnReply | FailureReply, headers: Record<string, string>, status?: number): ConcreteReply {
  return { kind: 'json', status: reply.status ?? status ?? 200, delayMs: reply.delayMs, headers: { ...headers, ...reply.headers }, body };
}
