import type { StreamEvent } from '../../../../core/protocol/anthropic/types';
import type { ChatCompletion, ChatCompletionChunk, ChatUrlCitation } from '../../../../core/protocol/openai/types';
import { ChatStreamTranslator, translateChatCompletion } from '../../../../core/protocol/translate/openai-chat-to-anthropic';
import { assertAnthropicStreamGrammar } from '../../assert-anthropic-stream-grammar';

// OpenRouter's web plugin answers with `url_citation` annotations: start/end locate the
// citing span (here the markdown links) in the message content.
const TEXT = 'Release 2.0 is out [example.com](https://example.com/notes). See also [docs](https://docs.example.org/v2).';
const first = TEXT.indexOf('[example.com]');
const firstEnd = TEXT.indexOf(')', first) + 1;
const second = TEXT.indexOf('[docs]');
const secondEnd = TEXT.indexOf(')', second) + 1;
const citation = (url: string, title: string, start?: number, end?: number, content?: string): ChatUrlCitation => ({
  type: 'url_citation',
  url_citation: { url, title, ...(content ? { content } : {}), ...(start !== undefined ? { start_index: start, end_index: end } : {}) },
});
const ANNOTATIONS = [
  citation('https://example.com/notes', 'Release notes', first, firstEnd, 'Version 2.0 was released on April 1.'),
  citation('https://docs.example.org/v2', 'Docs v2', second, secondEnd),
  // The same page cited twice is one search result.
  citation('https://example.com/notes', 'Release notes', first, firstEnd, 'Version 2.0 was released on April 1.'),
];
const SEARCH = { query: 'gateway release notes' };
const OPTIONS = { requestedModel: 'claude-opus-5-5', inputTokenEstimate: 40, webSearch: SEARCH };

function completion(message: ChatCompletion['choices'][number]['message'], usage: Record<string, unknown> = {}): ChatCompletion {
  return { id: 'gen-1', choices: [{ index: 0, finish_reason: 'stop', message }], usage: { prompt_tokens: 50, completion_tokens: 10, ...usage } };
}

const RESULTS = [
  { type: 'web_search_result', url: 'https://example.com/notes', title: 'Release notes', encrypted_content: expect.any(String), page_age: null },
  { type: 'web_search_result', url: 'https://docs.example.org/v2', title: 'Docs v2', encrypted_content: expect.any(String), page_age: null },
];

const location = (url: string, title: string, cited: string) => ({
  type: 'web_search_result_location',
  url,
  title,
  cited_text: cited,
  encrypted_index: expect.any(String),
});

describe('web search results from url_citation annotations', () => {
  test('JSON: server_tool_use + web_search_tool_result, then the text split at the cited spans, each carrying its citation', () => {
    const message = translateChatCompletion(completion({ role: 'assistant', content: TEXT, annotations: ANNOTATIONS }), OPTIONS);
    const [use, result, ...texts] = message.content;
    expect(use).toEqual({ type: 'server_tool_use', id: expect.stringMatching(/^srvtoolu_01[0-9A-Za-z]{22}$/), name: 'web_search', input: SEARCH });
    expect(result).toEqual({ type: 'web_search_tool_result', tool_use_id: (use as { id: string }).id, content: RESULTS });
    expect(texts).toEqual([
      { type: 'text', text: 'Release 2.0 is out ' },
      { type: 'text', text: TEXT.slice(first, firstEnd), citations: [location('https://example.com/notes', 'Release notes', 'Version 2.0 was released on April 1.')] },
      { type: 'text', text: '. See also ' },
      { type: 'text', text: TEXT.slice(second, secondEnd), citations: [location('https://docs.example.org/v2', 'Docs v2', TEXT.slice(second, secondEnd))] },
      { type: 'text', text: '.' },
    ]);
    expect(texts.map((block) => (block as { text: string }).text).join('')).toBe(TEXT);
    expect(message.usage).toMatchObject({ input_tokens: 50, output_tokens: 10, server_tool_use: { web_search_requests: 1 } });
  });

  test('JSON: citations without positions go on the whole text; the upstream search count wins when it reports one', () => {
    const message = translateChatCompletion(
      completion({ role: 'assistant', content: 'Short answer.', annotations: [citation('https://example.com/a', 'A')] }, { server_tool_use: { web_search_requests: 2 } }),
      OPTIONS,
    );
    expect(message.content.slice(2)).toEqual([{ type: 'text', text: 'Short answer.', citations: [location('https://example.com/a', 'A', 'Short answer.')] }]);
    expect(message.usage.server_tool_use).toEqual({ web_search_requests: 2 });
  });

  test('JSON: a search that found nothing still shows the search, with no results', () => {
    const message = translateChatCompletion(completion({ role: 'assistant', content: 'Nothing found.' }), OPTIONS);
    expect(message.content).toEqual([
      { type: 'server_tool_use', id: expect.any(String), name: 'web_search', input: SEARCH },
      { type: 'web_search_tool_result', tool_use_id: expect.any(String), content: [] },
      { type: 'text', text: 'Nothing found.' },
    ]);
  });

  test('JSON: annotations on a request that asked for no web search are left out, as before', () => {
    const message = translateChatCompletion(completion({ role: 'assistant', content: TEXT, annotations: ANNOTATIONS }), { requestedModel: 'm' });
    expect(message.content).toEqual([{ type: 'text', text: TEXT }]);
    expect(message.usage).not.toHaveProperty('server_tool_use');
  });

  type Delta = NonNullable<NonNullable<ChatCompletionChunk['choices']>[number]['delta']>;
  const chunk = (delta: Delta, finish: string | null = null, extra: Record<string, unknown> = {}): ChatCompletionChunk => ({
    choices: [{ index: 0, delta, finish_reason: finish, ...extra }],
  });
  const usageChunk = (extra: Record<string, unknown> = {}): ChatCompletionChunk => ({
    choices: [{ index: 0, delta: { content: '' }, finish_reason: null, ...extra }],
    usage: { prompt_tokens: 50, completion_tokens: 10 },
  });

  function stream(chunks: ChatCompletionChunk[], options: Record<string, unknown> = OPTIONS): StreamEvent[] {
    const translator = new ChatStreamTranslator(options as never);
    return [translator.start(), ...chunks.map((piece) => translator.push(piece)), translator.finish()].flat();
  }

  const textChunks = [chunk({ role: 'assistant', content: TEXT.slice(0, 30) }), chunk({ content: TEXT.slice(30) })];

  test.each([
    ['in a delta of their own', [...textChunks, chunk({ content: '', annotations: ANNOTATIONS }), chunk({}, 'stop'), usageChunk()]],
    ['beside the delta, on the choice', [...textChunks, chunk({ content: '' }, null, { annotations: ANNOTATIONS }), chunk({}, 'stop'), usageChunk()]],
    ['on the finish chunk', [...textChunks, chunk({ annotations: ANNOTATIONS }, 'stop'), usageChunk()]],
  ])('stream, annotations %s: the open text gets citations_delta, then the search blocks follow', (_where, chunks) => {
    const events = stream(chunks);
    const { message } = assertAnthropicStreamGrammar(events);
    expect(message.content).toEqual([
      { type: 'text', text: TEXT, citations: [location('https://example.com/notes', 'Release notes', 'Version 2.0 was released on April 1.'), location('https://docs.example.org/v2', 'Docs v2', TEXT.slice(second, secondEnd))] },
      { type: 'server_tool_use', id: expect.stringMatching(/^srvtoolu_01/), name: 'web_search', input: SEARCH },
      { type: 'web_search_tool_result', tool_use_id: (message.content[1] as { id: string }).id, content: RESULTS },
    ]);
    const delta = events.find((event) => event.type === 'message_delta');
    expect(delta).toMatchObject({ usage: { input_tokens: 50, output_tokens: 10, server_tool_use: { web_search_requests: 1 } } });
  });

  test('stream, annotations only in the trailing usage chunk: the search blocks still come before message_delta', () => {
    const events = stream([...textChunks, chunk({}, 'stop'), usageChunk({ delta: { content: '', annotations: ANNOTATIONS } })]);
    const { message } = assertAnthropicStreamGrammar(events);
    expect(message.content.map((block) => block.type)).toEqual(['text', 'server_tool_use', 'web_search_tool_result']);
    expect((message.content[2] as { content: unknown[] }).content).toEqual(RESULTS);
  });

  test('stream, no annotations at all: the search shows with no results, before message_delta', () => {
    const events = stream([...textChunks, chunk({}, 'stop'), usageChunk()]);
    const { message } = assertAnthropicStreamGrammar(events);
    expect(message.content.map((block) => block.type)).toEqual(['text', 'server_tool_use', 'web_search_tool_result']);
    expect((message.content[2] as { content: unknown[] }).content).toEqual([]);
  });

  test('stream, annotations before any text: the search blocks come first and the text follows in its own block', () => {
    const events = stream([chunk({ role: 'assistant', content: '', annotations: ANNOTATIONS }), ...textChunks, chunk({}, 'stop'), usageChunk()]);
    const { message } = assertAnthropicStreamGrammar(events);
    expect(message.content.map((block) => block.type)).toEqual(['server_tool_use', 'web_search_tool_result', 'text']);
  });

  test('stream, without a web search request annotations change nothing', () => {
    const events = stream([...textChunks, chunk({ content: '', annotations: ANNOTATIONS }), chunk({}, 'stop'), usageChunk()], { requestedModel: 'm' });
    const { message } = assertAnthropicStreamGrammar(events);
    expect(message.content).toEqual([{ type: 'text', text: TEXT }]);
    expect(events.find((event) => event.type === 'message_delta')).not.toHaveProperty('usage.server_tool_use');
  });
});
