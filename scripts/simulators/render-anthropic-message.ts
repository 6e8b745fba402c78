// Renders a scripted turn as an Anthropic Messages answer: the JSON message, and
// the event stream with the grammar Claude Code relies on (message_start, ping,
// blocks opened / fed deltas of their own type / closed in index order,
// one message_delta with cumulative usage, message_stop).

import type { Message, ResponseBlock, StreamEvent, Usage } from '../../core/protocol/anthropic/types';
import { completeTurn, splitText, type CompleteTurn, type ScriptedTurn } from './scripted-turn';
import { sseEvent } from './sse-pieces';

export interface AnthropicStreamOptions {
  /** Characters per text_delta / thinking_delta (default 16). */
  textChunkSize?: number;
  /** Characters per input_json_delta (default 12), so tool input always arrives in several pieces. */
  jsonChunkSize?: number;
  /** Send a ping right after message_start (default true). */
  ping?: boolean;
}

export function renderAnthropicMessage(scripted: ScriptedTurn): Message {
  const turn = completeTurn(scripted);
  return {
    id: turn.id,
    type: 'message',
    role: 'assistant',
    model: turn.model,
    content: contentBlocks(turn),
    stop_reason: turn.stopReason,
    stop_sequence: turn.stopSequence,
    usage: usageOf(turn, turn.usage.outputTokens),
  };
}

export function renderAnthropicEvents(scripted: ScriptedTurn, options: AnthropicStreamOptions = {}): StreamEvent[] {
  const turn = completeTurn(scripted);
  const textSize = options.textChunkSize ?? 16;
  const jsonSize = options.jsonChunkSize ?? 12;
  const events: StreamEvent[] = [
    {
      type: 'message_start',
      message: {
        id: turn.id,
        type: 'message',
        role: 'assistant',
        model: turn.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: usageOf(turn, 1),
      },
    },
  ];
  if (options.ping ?? true) events.push({ type: 'ping' });

  let index = 0;
  if (turn.thinking) {
    const at = index++;
    events.push({ type: 'content_block_start', index: at, content_block: { type: 'thinking', thinking: '', signature: '' } });
    for (const piece of splitText(turn.thinking.text, textSize)) {
      events.push({ type: 'content_block_delta', index: at, delta: { type: 'thinking_delta', thinking: piece } });
    }
    events.push({ type: 'content_block_delta', index: at, delta: { type: 'signature_delta', signature: turn.thinking.signature } });
    events.push({ type: 'content_block_stop', index: at });
  }
  if (turn.text) {
    const at = index++;
    events.push({ type: 'content_block_start', index: at, content_block: { type: 'text', text: '' } });
    for (const piece of splitText(turn.text, textSize)) {
      events.push({ type: 'content_block_delta', index: at, delta: { type: 'text_delta', text: piece } });
    }
    events.push({ type: 'content_block_stop', index: at });
  }
  for (const call of turn.toolCalls) {
    const at = index++;
    events.push({ type: 'content_block_start', index: at, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } });
    for (const piece of ['', ...splitText(JSON.stringify(call.input), jsonSize)]) {
      events.push({ type: 'content_block_delta', index: at, delta: { type: 'input_json_delta', partial_json: piece } });
    }
    events.push({ type: 'content_block_stop', index: at });
  }
  events.push({
    type: 'message_delta',
    delta: { stop_reason: turn.stopReason, stop_sequence: turn.stopSequence },
    usage: usageOf(turn, turn.usage.outputTokens),
  });
  events.push({ type: 'message_stop' });
  return events;
}

/** The stream as raw SSE text, one event per piece. */
export function renderAnthropicSse(scripted: ScriptedTurn, options: AnthropicStreamOptions = {}): string[] {
  return renderAnthropicEvents(scripted, options).map((event) => sseEvent(event.type, event));
}

// Anthropic's documented status -> error.type table, kept here so the fake never borrows the gateway's own mapping.
const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

export function anthropicErrorType(status: number): string {
  return ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

export function anthropicErrorBody(type: string, message: string, requestId?: string) {
  return { type: 'error' as const, error: { type, message }, ...(requestId ? { request_id: requestId } : {}) };
}

/** An `event: error` as sent after a 200 once streaming has begun. */
export function anthropicErrorEvent(type: string, message: string): string {
  return sseEvent('error', anthropicErrorBody(type, message));
}

function contentBlocks(turn: CompleteTurn): ResponseBlock[] {
  const blocks: ResponseBlock[] = [];
  if (turn.thinking) blocks.push({ type: 'thinking', thinking: turn.thinking.text, signature: turn.thinking.signature });
  if (turn.text) blocks.push({ type: 'text', text: turn.text });
  for (const call of turn.toolCalls) blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: call.input });
  return blocks;
}

function usageOf(turn: CompleteTurn, outputTokens: number): Usage {
  return {
    input_tokens: turn.usage.inputTokens,
    cache_creation_input_tokens: turn.usage.cacheWriteTokens,
    cache_read_input_tokens: turn.usage.cacheReadTokens,
    output_tokens: outputTokens,
  };
}
