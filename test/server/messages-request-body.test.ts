import { ApiError } from '../../core/protocol/anthropic/errors';
import { MessagesRequestBody } from '../../core/server/messages-request-body';

const raw = Buffer.from(JSON.stringify({ model: 'claude-sonnet-4', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }));

describe('MessagesRequestBody', () => {
  it('validates on arrival and exposes model and stream without the parsed body', () => {
    const body = new MessagesRequestBody(raw);
    expect(body.model).toBe('claude-sonnet-4');
    expect(body.stream).toBe(false);
    expect(() => new MessagesRequestBody(Buffer.from('{"model": "x"}'))).toThrow(ApiError);
  });

  it('parses the bytes again, overrides applied, when read after release', () => {
    const body = new MessagesRequestBody(raw, { forcedModel: 'databricks-claude', forcedStream: true });
    const first = body.parsed;
    body.release();
    const again = body.parsed;
    expect(again).not.toBe(first);
    expect(again).toStrictEqual(first);
    expect(again).toMatchObject({ model: 'databricks-claude', stream: true });
    expect(body.parsed).toBe(again);
  });
});
