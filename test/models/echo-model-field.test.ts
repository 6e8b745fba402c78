import { echoModelField } from '../../core/protocol/anthropic/echo-model-field';

const echo = (text: string, requested = 'claude-opus-5-5') => echoModelField(Buffer.from(text), requested).toString();

describe('echoModelField', () => {
  it("sets a JSON message's model to the requested id", () => {
    expect(echo('{"id":"msg_1","type":"message","role":"assistant","model":"databricks-claude-opus-5-5","content":[{"type":"text","text":"hi"}]}')).toBe(
      '{"id":"msg_1","type":"message","role":"assistant","model":"claude-opus-5-5","content":[{"type":"text","text":"hi"}]}',
    );
  });

  it("sets message_start's model in an event stream, with Python's spacing too, and leaves the rest as it came", () => {
    const stream =
      'event: message_start\ndata: {"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant", "content": [], "model": "openrouter/anthropic/claude-opus-5.5", "usage": {"input_tokens": 3}}}\n\n' +
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n';
    expect(echo(stream)).toBe(stream.replace('"openrouter/anthropic/claude-opus-5.5"', '"claude-opus-5-5"'));
  });

  it('escapes the requested id as JSON, and reads escapes in the upstream one', () => {
    expect(echo('{"type":"message","model":"a\\"b","content":[]}', 'x"y')).toBe('{"type":"message","model":"x\\"y","content":[]}');
  });

  it.each([
    ['a content block before the model (it could hold a "model" of its own)', '{"type":"message","content":[{"type":"tool_use","input":{"model":"x"}}],"model":"up"}'],
    ['an event stream whose first event is not message_start', 'event: ping\ndata: {"type":"ping","model":"up"}\n\n'],
    ['a model cut at the chunk end', '{"type":"message","model":"databricks-cl'],
    ['a model past the first KiB', `{"type":"message","id":"${'x'.repeat(1100)}","model":"up","content":[]}`],
    ['no model', '{"type":"message","content":[]}'],
  ])('leaves %s unchanged', (_why, text) => {
    expect(echo(text)).toBe(text);
  });

  it('returns the same chunk when the model is already the requested one', () => {
    const chunk = Buffer.from('{"type":"message","model":"claude-opus-5-5","content":[]}');
    expect(echoModelField(chunk, 'claude-opus-5-5')).toBe(chunk);
  });
});
