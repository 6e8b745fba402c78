import { conversationOf, type ReceivedRequest } from '../../scripts/simulators';

// Bedrock says "stream" in the path alone (its body may not carry `stream`);
// the conversation view reads it from there.

function received(path: string, json: Record<string, unknown>): ReceivedRequest {
  const body = JSON.stringify(json);
  return { seq: 1, at: 0, method: 'POST', path, query: {}, params: {}, headers: {}, body, json, clientAborted: false, droppedByServer: false, completed: false };
}

const conversation = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] };

describe('the conversation view: streaming', () => {
  it("is streaming on Bedrock's invoke-with-response-stream, whose body has no stream field", () => {
    expect(conversationOf(received('/model/anthropic.claude-sonnet-4-5/invoke-with-response-stream', conversation)).stream).toBe(true);
  });

  it("is not streaming on Bedrock's invoke", () => {
    expect(conversationOf(received('/model/anthropic.claude-sonnet-4-5/invoke', conversation)).stream).toBe(false);
  });

  it('follows the body elsewhere', () => {
    expect(conversationOf(received('/v1/messages', { ...conversation, stream: true })).stream).toBe(true);
    expect(conversationOf(received('/v1/messages', conversation)).stream).toBe(false);
  });
});
