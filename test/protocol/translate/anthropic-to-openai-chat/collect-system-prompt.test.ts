import { request, translate } from '../../support/request-builders';

describe('system prompt (collect-system-prompt)', () => {
  test('a string system becomes the leading system message', () => {
    const { result } = translate(request({ system: 'Be brief.' }));
    expect(result.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
  });

  test('an array of text blocks is joined into one system message; empty blocks dropped', () => {
    const { result } = translate(
      request({ system: [{ type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1' }, { type: 'text', text: '' }, { type: 'text', text: 'You are Claude Code.' }] }),
      { cachePolicy: 'strip' },
    );
    expect(result.messages[0]).toEqual({ role: 'system', content: 'x-anthropic-billing-header: cc_version=2.1\n\nYou are Claude Code.' });
    expect(result.messages.filter((m) => m.role === 'system')).toHaveLength(1);
  });

  test('role:"system" entries inside messages are merged after the top-level system, and removed from the conversation', () => {
    const { result } = translate(
      request({
        system: 'Top.',
        messages: [
          { role: 'user', content: 'one' },
          { role: 'assistant', content: 'two' },
          { role: 'system', content: 'Mid-conversation note.' },
          { role: 'system', content: [{ type: 'text', text: 'Block note.' }] },
          { role: 'user', content: 'three' },
        ],
      }),
    );
    expect(result.messages).toEqual([
      { role: 'system', content: 'Top.\n\nMid-conversation note.\n\nBlock note.' },
      { role: 'user', content: 'one' },
      { role: 'assistant', content: 'two' },
      { role: 'user', content: 'three' },
    ]);
  });

  test('system entries alone (no top-level system) still lead', () => {
    const { result } = translate(request({ messages: [{ role: 'user', content: 'a' }, { role: 'system', content: 'S' }] }));
    expect(result.messages[0]).toEqual({ role: 'system', content: 'S' });
  });

  test('kept cache markers make the system an array of parts so the marker rides on its block', () => {
    const { result } = translate(
      request({ system: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B', cache_control: { type: 'ephemeral', ttl: '1h' } }] }),
    );
    expect(result.messages[0]).toEqual({
      role: 'system',
      content: [
        { type: 'text', text: 'A' },
        { type: 'text', text: 'B', cache_control: { type: 'ephemeral', ttl: '1h' } },
      ],
    });
  });

  test('no system at all -> no system message', () => {
    const { result } = translate(request({ system: [] }));
    expect(result.messages[0]!.role).toBe('user');
  });
});
