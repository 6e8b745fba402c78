import { findMatchedStop, mapFinishReason } from '../../../../core/protocol/translate/openai-chat-to-anthropic';

describe('mapFinishReason', () => {
  test.each([
    ['stop', false, 'end_turn'],
    ['length', false, 'max_tokens'],
    ['tool_calls', true, 'tool_use'],
    ['content_filter', false, 'refusal'],
    [null, false, 'end_turn'],
    ['tool_calls', false, 'end_turn'],
    ['stop', true, 'tool_use'],
    ['length', true, 'max_tokens'],
  ])('%s (tool_use blocks: %s) -> %s', (finishReason, hasToolUse, expected) => {
    expect(mapFinishReason({ finishReason, hasToolUse }).stop_reason).toBe(expected);
  });

  test('a matched stop string is stop_sequence when it is one of the requested ones or the upstream says so', () => {
    expect(mapFinishReason({ finishReason: 'stop', hasToolUse: false, matchedStop: '###', stopSequences: ['###'] })).toEqual({ stop_reason: 'stop_sequence', stop_sequence: '###' });
    expect(mapFinishReason({ finishReason: 'stop', hasToolUse: false, nativeFinishReason: 'stop_sequence', stopSequences: ['only'] })).toEqual({ stop_reason: 'stop_sequence', stop_sequence: 'only' });
    expect(mapFinishReason({ finishReason: 'stop', hasToolUse: false, matchedStop: 'end_turn', stopSequences: ['###'] })).toEqual({ stop_reason: 'end_turn', stop_sequence: null });
  });

  test('findMatchedStop reads the string fields upstreams use and ignores the rest', () => {
    expect(findMatchedStop({ stop_reason: 'END' })).toBe('END');
    expect(findMatchedStop({ matched_stop: '###' })).toBe('###');
    expect(findMatchedStop({ stop_reason: 128009 })).toBeNull();
    expect(findMatchedStop({})).toBeNull();
  });
});
