import { JsonCompletionTracker } from '../../../../core/protocol/translate/openai-chat-to-anthropic/track-json-completion';

function completeAfter(fragments: string[]): number {
  const tracker = new JsonCompletionTracker();
  for (let i = 0; i < fragments.length; i++) {
    tracker.feed(fragments[i]!);
    if (tracker.complete) return i;
  }
  return -1;
}

describe('JsonCompletionTracker', () => {
  test('closes exactly when the top-level object closes', () => {
    expect(completeAfter(['{"a":', '{"b":[1,2]}', '}'])).toBe(2);
    expect(completeAfter(['  {}'])).toBe(0);
    expect(completeAfter(['[', ']'])).toBe(1);
  });

  test('braces and quotes inside strings (escaped or not) do not count', () => {
    expect(completeAfter(['{"s":"}{\\"', ']\\\\"', '}'])).toBe(2);
    expect(completeAfter(['{"s":"\\\\', '"}'])).toBe(1);
  });

  test('incomplete or scalar values never close', () => {
    expect(completeAfter(['{"a":1'])).toBe(-1);
    expect(completeAfter(['"just a string"', '}'])).toBe(-1);
    const tracker = new JsonCompletionTracker();
    tracker.feed('   ');
    expect(tracker.started).toBe(false);
  });
});
