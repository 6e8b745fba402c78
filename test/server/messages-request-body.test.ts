import fc from 'fast-check';
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

  it('refuses, saying why, to give the body once disposed (the answer has begun)', () => {
    const body = new MessagesRequestBody(raw);
    expect(body.raw).toBe(raw);
    body.dispose();
    expect(() => body.raw).toThrow('The request body was dropped when the answer began');
    expect(() => body.parsed).toThrow('The request body was dropped when the answer began');
    expect(body.model).toBe('claude-sonnet-4');
  });

  describe("frees a large body's memory when disposed", () => {
    const large = () => Buffer.from(JSON.stringify({ model: 'claude-sonnet-4', max_tokens: 10, messages: [{ role: 'user', content: 'x'.repeat(100_000) }] }));

    it('when only the core read it (a translating plugin reads `parsed`)', () => {
      const bytes = large();
      const body = new MessagesRequestBody(bytes);
      expect(body.parsed.model).toBe('claude-sonnet-4');
      body.dispose();
      expect(bytes.length).toBe(0);
    });

    it('but never once the bytes were handed out (a plugin may still be writing them)', () => {
      const bytes = large();
      const body = new MessagesRequestBody(bytes, {}, 'forwarded');
      const forwarded = body.raw;
      body.dispose();
      expect(forwarded.length).toBe(bytes.length);
      expect(bytes.length).toBeGreaterThan(100_000);
    });
  });

  describe('for a plugin that forwards the bytes', () => {
    const request = {
      model: 'claude-sonnet-4',
      max_tokens: 10,
      stream: true,
      system: [{ type: 'text', text: 'Lines look like `1→code` ✓' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'héllo 👋 →' }] }],
    };

    /** What a caller can observe: the verdict, model and stream, or the error's status and message. */
    function outcome(bytes: Buffer, use: 'translated' | 'forwarded') {
      try {
        const body = new MessagesRequestBody(bytes, {}, use);
        return { model: body.model, stream: body.stream };
      } catch (error) {
        return { status: (error as ApiError).status, message: (error as ApiError).message };
      }
    }

    it('gives model and stream without keeping a parse, and decodes the text properly when read', () => {
      const body = new MessagesRequestBody(Buffer.from(JSON.stringify(request)), {}, 'forwarded');
      expect(body).toMatchObject({ model: 'claude-sonnet-4', stream: true });
      expect(body.parsed).toStrictEqual(request);
    });

    it('names a model outside ASCII as the client wrote it', () => {
      const bytes = Buffer.from(JSON.stringify({ ...request, model: 'modèle-→' }));
      expect(outcome(bytes, 'forwarded')).toEqual({ model: 'modèle-→', stream: true });
    });

    it('refuses an invalid body with the message a full decoding gives', () => {
      const missingMaxTokens = Buffer.from(JSON.stringify({ ...request, max_tokens: undefined }));
      const badJson = Buffer.from('{"model": "→ claude" oops}');
      for (const bytes of [missingMaxTokens, badJson]) {
        expect(outcome(bytes, 'forwarded')).toEqual(outcome(bytes, 'translated'));
        expect(outcome(bytes, 'forwarded')).toMatchObject({ status: 400 });
      }
      // Read as Latin-1 the `→` would be three characters, and the position two more.
      expect(outcome(badJson, 'forwarded')).toMatchObject({ message: expect.stringContaining('at position 21') });
    });

    it('reaches the verdict a full decoding reaches, for any text in any field', () => {
      const text = fc.string({ unit: 'grapheme', maxLength: 6 });
      const value = fc.oneof(text, fc.constantFrom('', 'user', 'assistant', 'text', 'tool_use', null, 0, true, [], {}));
      const field = fc.constantFrom('model', 'role', 'type', 'text', 'name', 'id', 'tool_use_id');
      fc.assert(
        fc.property(field, value, (name, replacement) => {
          const bytes = Buffer.from(
            JSON.stringify({
              ...request,
              [name === 'model' ? 'model' : 'unused']: replacement,
              tools: [{ name: name === 'name' ? replacement : 'Read', input_schema: { type: 'object' } }],
              messages: [
                { role: name === 'role' ? replacement : 'user', content: [{ type: name === 'type' ? replacement : 'text', text: name === 'text' ? replacement : 'x' }] },
                { role: 'assistant', content: [{ type: 'tool_use', id: name === 'id' ? replacement : 'toolu_1', name: 'Read', input: {} }] },
                { role: 'user', content: [{ type: 'tool_result', tool_use_id: name === 'tool_use_id' ? replacement : 'toolu_1', content: '→ ok' }] },
              ],
            }),
          );
          expect(outcome(bytes, 'forwarded')).toEqual(outcome(bytes, 'translated'));
        }),
        { numRuns: 400 },
      );
    });
  });
});
