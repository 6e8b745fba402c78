import { renderAnthropicEvents, renderAnthropicMessage, renderAnthropicSse, anthropicErrorEvent } from '../../scripts/simulators/render-anthropic-message';
import type { ScriptedTurn } from '../../scripts/simulators/scripted-turn';
import { isValidThinkingSignature } from '../../scripts/simulators/thinking-signature';
import { anthropicGrammarViolations, parseSse } from './sse-test-helpers';

const full: ScriptedTurn = {
  id: 'msg_1',
  model: 'claude-test',
  thinking: { text: 'Let me think about reading that file carefully.' },
  text: 'I will read it now, then report back.',
  toolCalls: [
    { id: 'toolu_a', name: 'Read', input: { file_path: '/tmp/notes.txt', limit: 20 } },
    { id: 'toolu_b', name: 'Bash', input: { command: 'ls -la "/tmp/some dir"' } },
  ],
  usage: { inputTokens: 120, outputTokens: 42, cacheReadTokens: 7, cacheWriteTokens: 3 },
};

describe('renderAnthropicMessage', () => {
  it('renders thinking, text and tool_use blocks with a derived stop reason', () => {
    const message = renderAnthropicMessage(full);
    expect(message).toMatchObject({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-test',
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 120, output_tokens: 42, cache_read_input_tokens: 7, cache_creation_input_tokens: 3 },
    });
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use', 'tool_use']);
    const thinking = message.content[0] as { thinking: string; signature: string };
    expect(isValidThinkingSignature(thinking.thinking, thinking.signature)).toBe(true);
    expect(message.content[2]).toEqual({ type: 'tool_use', id: 'toolu_a', name: 'Read', input: { file_path: '/tmp/notes.txt', limit: 20 } });
  });

  it('ends a text-only turn with end_turn and keeps a stop sequence', () => {
    expect(renderAnthropicMessage({ text: 'hi' }).stop_reason).toBe('end_turn');
    const stopped = renderAnthropicMessage({ text: 'hi', stopReason: 'stop_sequence', stopSequence: 'END' });
    expect([stopped.stop_reason, stopped.stop_sequence]).toEqual(['stop_sequence', 'END']);
  });
});

describe('renderAnthropicSse', () => {
  const turns: Array<[string, ScriptedTurn]> = [
    ['full', full],
    ['text only', { text: 'Hello there, this is long enough to need several deltas.' }],
    ['tool only', { toolCalls: [{ name: 'Read', input: {} }] }],
    ['empty', {}],
    ['unicode', { text: '🙂 émoji and 中文 text', thinking: { text: 'ü' } }],
  ];

  it.each(turns)('follows the Anthropic stream grammar (%s)', (_name, turn) => {
    expect(anthropicGrammarViolations(renderAnthropicSse(turn))).toEqual([]);
  });

  it('streams thinking deltas then one signature_delta, and tool input in several pieces', () => {
    const events = renderAnthropicEvents(full);
    expect(events[0]!.type).toBe('message_start');
    expect(events[1]!.type).toBe('ping');
    const deltas = events.flatMap((event) => (event.type === 'content_block_delta' ? [event] : []));
    const thinking = deltas.filter((event) => event.index === 0);
    expect(thinking.at(-1)!.delta.type).toBe('signature_delta');
    expect(thinking.slice(0, -1).every((event) => event.delta.type === 'thinking_delta')).toBe(true);
    const toolPieces = deltas.filter((event) => event.index === 2).map((event) => (event.delta as { partial_json: string }).partial_json);
    expect(toolPieces.length).toBeGreaterThan(2);
    expect(JSON.parse(toolPieces.join(''))).toEqual({ file_path: '/tmp/notes.txt', limit: 20 });
  });

  it('accumulates to the same message as the JSON render', () => {
    expect(accumulate(renderAnthropicSse(full))).toEqual(renderAnthropicMessage(full));
  });

  it('is deterministic', () => {
    expect(renderAnthropicSse(full)).toEqual(renderAnthropicSse(full));
  });

  it('writes each event as `event: <type>` plus its JSON', () => {
    const [first] = renderAnthropicSse({ text: 'x' });
    expect(first).toMatch(/^event: message_start\ndata: \{.*\}\n\n$/);
    expect(anthropicErrorEvent('overloaded_error', 'busy')).toBe('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"busy"}}\n\n');
  });
});

describe('anthropicGrammarViolations (the checker itself)', () => {
  it('catches a missing block stop, a wrong delta type and a missing message_stop', () => {
    const pieces = renderAnthropicSse(full);
    const withoutStop = pieces.filter((piece) => !piece.includes('"content_block_stop","index":1'));
    expect(anthropicGrammarViolations(withoutStop).join()).toMatch(/opened while 1 open/);
    const wrongDelta = pieces.map((piece) => piece.replace('"type":"text_delta","text"', '"type":"thinking_delta","thinking"'));
    expect(anthropicGrammarViolations(wrongDelta).join()).toMatch(/thinking_delta in text block/);
    expect(anthropicGrammarViolations(pieces.slice(0, -1))).toContain('no message_stop');
  });
});

/** A minimal client-side accumulator, as an SDK would do. */
function accumulate(pieces: string[]) {
  let message: any;
  for (const { data } of parseSse(pieces).events) {
    const event = JSON.parse(data);
    if (event.type === 'message_start') message = structuredClone(event.message);
    if (event.type === 'content_block_start') message.content[event.index] = { ...event.content_block, ...(event.content_block.type === 'tool_use' ? { json: '' } : {}) };
    if (event.type === 'content_block_delta') {
      const block = message.content[event.index];
      if (event.delta.type === 'text_delta') block.text += event.delta.text;
      if (event.delta.type === 'thinking_delta') block.thinking += event.delta.thinking;
      if (event.delta.type === 'signature_delta') block.signature = event.delta.signature;
      if (event.delta.type === 'input_json_delta') block.json += event.delta.partial_json;
    }
    if (event.type === 'content_block_stop') {
      const block = message.content[event.index];
      if (block.type === 'tool_use') {
        block.input = JSON.parse(block.json);
        delete block.json;
      }
    }
    if (event.type === 'message_delta') {
      Object.assign(message, event.delta);
      Object.assign(message.usage, event.usage);
    }
  }
  return message;
}
