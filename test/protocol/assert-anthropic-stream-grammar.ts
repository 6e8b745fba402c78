import type { Message, ResponseBlock, StreamEvent } from '../../core/protocol/anthropic/types';

const STOP_REASONS = new Set(['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal']);
const TOOL_ID = /^[a-zA-Z0-9_-]+$/;

type OpenBlock = { index: number; type: string; text: string; json: string; signed: boolean };

export interface StreamOutcome {
  /** The message the events describe, tool inputs parsed. */
  message: Message;
  /** The `error` event's body when the stream ended with one. */
  error?: { type: string; message: string };
  pings: number;
}

/**
 * Fails (throws) unless `events` follow Anthropic's streaming grammar exactly:
 * message_start first; blocks with indices 0, 1, 2… each started, fed only deltas
 * of its own type (signature_delta last in a thinking block), stopped before the
 * next starts; tool_use input deltas concatenating to a JSON object; one
 * message_delta after every block closed; message_stop last, or else an `error`
 * event last. `ping` may appear anywhere after message_start.
 */
export function assertAnthropicStreamGrammar(events: StreamEvent[], expectEnd: 'message_stop' | 'error' = 'message_stop'): StreamOutcome {
  const fail = (position: number, why: string): never => {
    throw new Error(`stream grammar violated at event ${position} (${JSON.stringify(events[position])?.slice(0, 200)}): ${why}`);
  };
  if (events[0]?.type !== 'message_start') fail(0, 'first event must be message_start');
  const start = events[0] as Extract<StreamEvent, { type: 'message_start' }>;
  if (start.message.content.length !== 0 || start.message.stop_reason !== null) fail(0, 'message_start must carry an empty message');
  if (typeof start.message.usage.input_tokens !== 'number') fail(0, 'message_start usage.input_tokens must be a number');

  const message: Message = { ...start.message, content: [], usage: { ...start.message.usage } };
  let open: OpenBlock | null = null;
  let nextIndex = 0;
  let sawDelta = false;
  let ended: 'message_stop' | 'error' | null = null;
  let error: StreamOutcome['error'];
  let pings = 0;

  for (let i = 1; i < events.length; i++) {
    const event = events[i]!;
    if (ended) fail(i, `no event may follow ${ended}`);
    switch (event.type) {
      case 'ping':
        pings++;
        break;
      case 'message_start':
        fail(i, 'message_start may appear only once');
        break;
      case 'content_block_start': {
        if (sawDelta) fail(i, 'no block may start after message_delta');
        if (open) fail(i, `block ${open.index} is still open`);
        if (event.index !== nextIndex) fail(i, `expected index ${nextIndex}`);
        const block = event.content_block;
        if (block.type === 'text' && block.text !== '') fail(i, 'text blocks start empty');
        if (block.type === 'thinking' && (block.thinking !== '' || block.signature !== '')) fail(i, 'thinking blocks start empty');
        if (block.type === 'tool_use') {
          if (!TOOL_ID.test(block.id)) fail(i, `tool_use id ${block.id} has invalid characters`);
          if (typeof block.name !== 'string' || block.name === '') fail(i, 'tool_use needs a name');
          if (JSON.stringify(block.input) !== '{}') fail(i, 'tool_use starts with input {}');
        }
        if (block.type === 'server_tool_use' && JSON.stringify(block.input) !== '{}') fail(i, 'server_tool_use starts with input {}');
        if (block.type === 'web_search_tool_result' && !message.content.some((seen) => seen.type === 'server_tool_use' && seen.id === block.tool_use_id)) {
          fail(i, 'web_search_tool_result must follow the server_tool_use it answers');
        }
        if (!['text', 'thinking', 'redacted_thinking', 'tool_use', 'server_tool_use', 'web_search_tool_result'].includes(block.type)) fail(i, `unknown block type ${block.type}`);
        open = { index: event.index, type: block.type, text: '', json: '', signed: false };
        message.content.push({ ...block } as ResponseBlock);
        nextIndex++;
        break;
      }
      case 'content_block_delta': {
        if (!open || event.index !== open.index) fail(i, 'delta for a block that is not open');
        const block = open!;
        const delta = event.delta;
        if (block.signed) fail(i, 'signature_delta must be the last delta of a thinking block');
        const expected: Record<string, string[]> = {
          text: ['text_delta', 'citations_delta'],
          thinking: ['thinking_delta', 'signature_delta'],
          tool_use: ['input_json_delta'],
          server_tool_use: ['input_json_delta'],
          web_search_tool_result: [],
          redacted_thinking: [],
        };
        if (!expected[block.type]!.includes(delta.type)) fail(i, `${delta.type} in a ${block.type} block`);
        const target = message.content[message.content.length - 1] as unknown as Record<string, unknown>;
        if (delta.type === 'text_delta') target.text = (target.text as string) + delta.text;
        if (delta.type === 'citations_delta') target.citations = [...((target.citations as unknown[] | undefined) ?? []), delta.citation];
        if (delta.type === 'thinking_delta') target.thinking = (target.thinking as string) + delta.thinking;
        if (delta.type === 'signature_delta') {
          block.signed = true;
          target.signature = delta.signature;
        }
        if (delta.type === 'input_json_delta') block.json += delta.partial_json;
        break;
      }
      case 'content_block_stop': {
        if (!open || event.index !== open.index) fail(i, 'stop for a block that is not open');
        const target = message.content[message.content.length - 1] as unknown as Record<string, unknown>;
        if (open!.type === 'text' && target.text === '') fail(i, 'empty text block');
        if (open!.type === 'tool_use' || open!.type === 'server_tool_use') {
          let input: unknown;
          try {
            input = JSON.parse(open!.json);
          } catch {
            fail(i, `tool input ${JSON.stringify(open!.json)} is not JSON`);
          }
          if (!input || typeof input !== 'object' || Array.isArray(input)) fail(i, 'tool input must be a JSON object');
          target.input = input;
        }
        open = null;
        break;
      }
      case 'message_delta': {
        if (open) fail(i, `block ${open.index} still open at message_delta`);
        if (sawDelta) fail(i, 'only one message_delta');
        if (!event.delta.stop_reason || !STOP_REASONS.has(event.delta.stop_reason)) fail(i, 'message_delta needs a stop_reason');
        if (typeof event.usage?.output_tokens !== 'number') fail(i, 'message_delta usage.output_tokens must be a number');
        const hasTool = message.content.some((block) => block.type === 'tool_use');
        if (event.delta.stop_reason === 'tool_use' && !hasTool) fail(i, 'stop_reason tool_use without a tool_use block');
        if (hasTool && event.delta.stop_reason !== 'tool_use' && event.delta.stop_reason !== 'max_tokens') {
          fail(i, 'tool_use blocks were sent: stop_reason must be tool_use (or max_tokens when cut short)');
        }
        sawDelta = true;
        message.stop_reason = event.delta.stop_reason;
        message.stop_sequence = event.delta.stop_sequence;
        Object.assign(message.usage, event.usage);
        break;
      }
      case 'message_stop':
        if (!sawDelta) fail(i, 'message_stop before message_delta');
        ended = 'message_stop';
        break;
      case 'error':
        if (typeof event.error?.type !== 'string' || typeof event.error?.message !== 'string') fail(i, 'error needs type and message');
        ended = 'error';
        error = event.error;
        break;
      default:
        fail(i, `unknown event type ${(event as { type: string }).type}`);
    }
  }
  if (ended !== expectEnd) throw new Error(`stream should end with ${expectEnd}, ended with ${ended ?? 'nothing'}`);
  return { message, error, pings };
}
