import { rewriteModelField } from '../../core/kit/rewrite-model-field';

const rewrite = (json: string, current: string, next: string) => {
  const pieces = rewriteModelField(Buffer.from(json), current, next);
  return pieces && Buffer.concat(pieces).toString();
};

describe('rewriteModelField', () => {
  it('replaces the top-level model and leaves every other byte as it was', () => {
    const json = '{"model": "claude-sonnet-4",  "max_tokens":5,"messages":[{"role":"user","content":"é → ok"}]}';
    expect(rewrite(json, 'claude-sonnet-4', 'openrouter/anthropic/claude-sonnet-4')).toBe(
      '{"model": "openrouter/anthropic/claude-sonnet-4",  "max_tokens":5,"messages":[{"role":"user","content":"é → ok"}]}',
    );
  });

  it('skips "model" keys and strings that are not the top-level key', () => {
    const json = '{"metadata":{"model":"inner"},"system":"the \\"model\\": x","messages":[],"model":"big"}';
    expect(rewrite(json, 'big', 'up/big')).toBe('{"metadata":{"model":"inner"},"system":"the \\"model\\": x","messages":[],"model":"up/big"}');
  });

  it('escapes the replacement and handles an escaped current value', () => {
    expect(rewrite('{"model":"a\\u0062c"}', 'abc', 'x"y')).toBe('{"model":"x\\"y"}');
  });

  it('gives up (so the caller re-serialises) when the value is not the one parsed', () => {
    expect(rewrite('{"model":"first","model":"second"}', 'second', 'x')).toBeUndefined();
    expect(rewrite('{"model":5}', '5', 'x')).toBeUndefined();
    expect(rewrite('{"messages":[]}', 'x', 'y')).toBeUndefined();
  });
});
