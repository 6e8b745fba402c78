import { startFakeOpenRouter, type FakeOpenRouter } from '../../scripts/simulators';
import { webSearchResults } from '../../scripts/simulators/render-anthropic-web-search';
import { parseSse } from './sse-test-helpers';

// The fake OpenRouter's chat route answers a request with the `web` plugin as
// OpenRouter's web search does: text citing the pages, url_citation annotations
// whose start/end locate each citing link, the same pages on every run.

const KEY = 'sk-or-v1-selftest';
const body = (stream: boolean) => ({
  model: 'anthropic/claude-sonnet-4',
  stream,
  plugins: [{ id: 'web', max_uses: 8 }],
  messages: [{ role: 'user', content: 'Perform a web search for the query: tide tables' }],
});

describe('fake OpenRouter: the web plugin', () => {
  let fake: FakeOpenRouter;
  const post = (json: unknown) =>
    fetch(`${fake.baseUrl}/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(json) });

  beforeAll(async () => {
    fake = await startFakeOpenRouter({ apiKey: KEY });
  });

  afterAll(async () => {
    await fake.close();
  });

  it('JSON: message.annotations cite the pages found, at the links in the text', async () => {
    const answer = (await (await post(body(false))).json()) as any;
    const message = answer.choices[0].message;
    const pages = webSearchResults('tide tables');
    expect(message.annotations).toEqual(
      pages.map((page, i) => ({
        type: 'url_citation',
        url_citation: { url: page.url, title: page.title, content: `Page ${i + 1} about tide tables.`, start_index: expect.any(Number), end_index: expect.any(Number) },
      })),
    );
    for (const [i, annotation] of message.annotations.entries()) {
      const { start_index, end_index } = annotation.url_citation;
      expect(message.content.slice(start_index, end_index)).toBe(`[${pages[i]!.title}](${pages[i]!.url})`);
    }
    const again = (await (await post(body(false))).json()) as any;
    expect(again.choices[0].message).toEqual(message);
  });

  it('stream: the annotations come in a delta of their own after the text, before the finish', async () => {
    const text = await (await post(body(true))).text();
    const chunks = parseSse(text).events.filter((event) => event.data !== '[DONE]').map((event) => JSON.parse(event.data));
    const at = chunks.findIndex((chunk) => chunk.choices?.[0]?.delta?.annotations);
    expect(at).toBeGreaterThan(0);
    const streamedText = chunks.slice(0, at).map((chunk) => chunk.choices?.[0]?.delta?.content ?? '').join('');
    expect(streamedText).toContain(webSearchResults('tide tables')[0]!.url);
    expect(chunks[at].choices[0].delta.annotations).toHaveLength(2);
    expect(chunks.slice(at + 1).some((chunk) => chunk.choices?.[0]?.finish_reason === 'stop')).toBe(true);
  });

  it('a request without the plugin gets the default agent, no annotations', async () => {
    const answer = (await (await post({ ...body(false), plugins: undefined })).json()) as any;
    expect(answer.choices[0].message.annotations).toBeUndefined();
  });
});
