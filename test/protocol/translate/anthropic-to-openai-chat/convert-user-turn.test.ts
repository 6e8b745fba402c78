import { ApiError } from '../../../../core/protocol/anthropic/errors';
import { EMPTY_TOOL_RESULT_TEXT, TOOL_ERROR_PREFIX } from '../../../../core/protocol/translate/anthropic-to-openai-chat';
import { PNG_1x1, request, translate } from '../../support/request-builders';

const toolUse = (id: string) => ({ role: 'assistant' as const, content: [{ type: 'tool_use', id, name: 'Read', input: { file_path: '/a' } }] });

describe('user turns (convert-user-turn, convert-tool-result, convert-media-block)', () => {
  test('text and base64/url images -> text and image_url parts (data URIs)', () => {
    const { result } = translate(
      request({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in these?' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1x1 } },
              { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
            ],
          },
        ],
      }),
    );
    expect(result.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in these?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1x1}` } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
        ],
      },
    ]);
  });

  test('tool_results become role:tool messages first and in order, then the remaining text', () => {
    const { result } = translate(
      request({
        messages: [
          { role: 'user', content: 'go' },
          { role: 'assistant', content: [
            { type: 'tool_use', id: 'toolu_1', name: 'Read', input: {} },
            { type: 'tool_use', id: 'toolu_2', name: 'Read', input: {} },
          ] },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Here you go, and also:' },
              { type: 'tool_result', tool_use_id: 'toolu_1', content: 'first' },
              { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'second' }] },
            ],
          },
        ],
      }),
    );
    expect(result.messages.slice(2)).toEqual([
      { role: 'tool', tool_call_id: 'toolu_1', content: 'first' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'second' },
      { role: 'user', content: 'Here you go, and also:' },
    ]);
  });

  test('images inside a tool_result move to a user message right after the tool messages, never dropped', () => {
    const { result } = translate(
      request({
        messages: [
          toolUse('toolu_shot'),
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'toolu_shot', content: [
                { type: 'text', text: 'Screenshot taken' },
                { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1x1 } },
              ] },
              { type: 'text', text: 'Compare it.' },
            ],
          },
        ],
      }),
    );
    expect(result.messages.slice(1)).toEqual([
      {
        role: 'tool',
        tool_call_id: 'toolu_shot',
        content: [
          { type: 'text', text: 'Screenshot taken' },
          { type: 'text', text: '[1 attachment(s) from this tool result follow in the next user message]' },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1x1}` } },
          { type: 'text', text: 'Compare it.' },
        ],
      },
    ]);
  });

  test('is_error is stated in the tool text; an empty result gets a placeholder (upstreams reject empty tool messages)', () => {
    const { result } = translate(
      request({
        messages: [
          { role: 'assistant', content: [
            { type: 'tool_use', id: 'toolu_e', name: 'Bash', input: {} },
            { type: 'tool_use', id: 'toolu_z', name: 'Bash', input: {} },
          ] },
          { role: 'user', content: [
            { type: 'tool_result', tool_use_id: 'toolu_e', content: 'command not found', is_error: true },
            { type: 'tool_result', tool_use_id: 'toolu_z', content: null },
          ] },
        ],
      }),
    );
    expect(result.messages.slice(1)).toEqual([
      { role: 'tool', tool_call_id: 'toolu_e', content: `${TOOL_ERROR_PREFIX}command not found` },
      { role: 'tool', tool_call_id: 'toolu_z', content: EMPTY_TOOL_RESULT_TEXT },
    ]);
  });

  test('empty text blocks, empty strings and null content are dropped', () => {
    const { result } = translate(
      request({
        messages: [
          { role: 'user', content: [{ type: 'text', text: '' }, { type: 'text', text: 'real' }] },
          { role: 'assistant', content: null },
          { role: 'user', content: '' },
          { role: 'assistant', content: [{ type: 'text', text: '' }] },
        ],
      }),
    );
    expect(result.messages).toEqual([{ role: 'user', content: 'real' }]);
  });

  test('a PDF where the upstream takes files -> a file part; otherwise a 400 naming the block', () => {
    const pdf = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' }, title: 'spec.pdf' };
    const body = request({ messages: [{ role: 'user', content: [{ type: 'text', text: 'Summarise' }, pdf] }] });
    expect(translate(body, { supportsDocuments: true }).result.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'Summarise' },
        { type: 'file', file: { filename: 'spec.pdf', file_data: 'data:application/pdf;base64,JVBERi0x' } },
      ],
    });
    let thrown: unknown;
    try {
      translate(body, { supportsDocuments: false });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).status).toBe(400);
    expect((thrown as ApiError).message).toMatch(/^messages\.0\.content\.1: document blocks/);
  });

  test('plain-text documents are sent as text on every backend', () => {
    const doc = { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'The notes.' } };
    const { result } = translate(request({ messages: [{ role: 'user', content: [doc] }] }), { supportsDocuments: false });
    expect(result.messages[0]).toEqual({ role: 'user', content: 'The notes.' });
  });

  test('an image source the upstream cannot take (Files API id) is a 400 naming the block', () => {
    const body = request({ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'file_1' } }] }] });
    expect(() => translate(body)).toThrow(/messages\.0\.content\.0: image source type "file"/);
  });

  test('unknown block types are dropped with a debug line', () => {
    const { result, lines } = translate(request({ messages: [{ role: 'user', content: [{ type: 'search_result', source: 'x' }, { type: 'text', text: 'q' }] }] }));
    expect(result.messages).toEqual([{ role: 'user', content: 'q' }]);
    expect(lines).toContainEqual({ level: 'debug', message: 'Dropped content block the upstream cannot take', meta: { path: 'messages.0.content.0', type: 'search_result' } });
  });
});
