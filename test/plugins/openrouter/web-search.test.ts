import type Anthropic from '@anthropic-ai/sdk';
import { webSearchResults } from '../../../scripts/simulators/render-anthropic-web-search';
import { logEvents } from '../../helpers/start-gateway';
import { READ_TOOL, startOpenRouterRig, type OpenRouterRig } from './openrouter-harness';

// OPENROUTER in chat mode: a `web_search_*` server tool becomes OpenRouter's `web`
// plugin, and the answer's url_citation annotations come back as Anthropic's web
// search blocks, JSON and streamed, read by the official SDK and its stream helper.

const QUERY = 'gateway release notes';
// What Claude Code's WebSearch tool sends: the server tool alone, the query in the user text.
const SEARCH_REQUEST = {
  model: 'claude-sonnet-4',
  max_tokens: 1024,
  tools: [{ type: 'web_search_20250305' as const, name: 'web_search' as const, max_uses: 8 }],
  tool_choice: { type: 'auto' as const },
  messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: `Perform a web search for the query: ${QUERY}` }] }],
};
const PAGES = webSearchResults(QUERY);

function expectSearchAnswer(message: Anthropic.Message): void {
  const [use, result, ...texts] = message.content;
  expect(use).toEqual({ type: 'server_tool_use', id: expect.stringMatching(/^srvtoolu_/), name: 'web_search', input: { query: `Perform a web search for the query: ${QUERY}` } });
  expect(result).toEqual({
    type: 'web_search_tool_result',
    tool_use_id: (use as Anthropic.ServerToolUseBlock).id,
    content: PAGES.map((page) => ({ type: 'web_search_result', url: page.url, title: page.title, encrypted_content: expect.any(String), page_age: null })),
  });
  const cited = texts.filter((block) => block.type === 'text' && block.citations);
  expect(cited.map((block) => (block as Anthropic.TextBlock).citations![0])).toEqual(
    PAGES.map((page, i) => ({
      type: 'web_search_result_location',
      url: page.url,
      title: page.title,
      cited_text: `Page ${i + 1} about ${QUERY}.`,
      encrypted_index: expect.any(String),
    })),
  );
  expect(texts.map((block) => (block as Anthropic.TextBlock).text).join('')).toContain(`[${PAGES[0]!.title}](${PAGES[0]!.url})`);
  expect(message.usage.server_tool_use).toEqual({ web_search_requests: 1 });
}

describe('OPENROUTER (chat) web search', () => {
  let rig: OpenRouterRig;

  beforeAll(async () => {
    rig = await startOpenRouterRig();
  });

  afterAll(async () => {
    await rig.close();
  });

  it('sends the web plugin with the tool settings, and no tools', async () => {
    await rig.client.messages.create({
      ...SEARCH_REQUEST,
      tools: [
        {
          type: 'web_search_20250305',
          name: 'web_search',
          max_uses: 3,
          allowed_domains: ['example.com'],
          user_location: { type: 'approximate', city: 'Paris', country: 'FR' },
        },
      ],
    });
    const body = rig.lastBody();
    expect(body.plugins).toEqual([
      { id: 'web', max_uses: 3, include_domains: ['example.com'], user_location: { type: 'approximate', city: 'Paris', country: 'FR' } },
    ]);
    expect(body).not.toHaveProperty('tools');
    expect(body).not.toHaveProperty('tool_choice');
    expect(logEvents(rig.gw.logs, 'Removed server tool the upstream does not support')).toEqual([]);
  });

  it('keeps client tools beside the plugin', async () => {
    await rig.client.messages.create({ ...SEARCH_REQUEST, tools: [...SEARCH_REQUEST.tools, READ_TOOL] });
    expect(rig.lastBody()).toMatchObject({ plugins: [{ id: 'web', max_uses: 8 }], tools: [{ type: 'function', function: { name: 'Read' } }] });
  });

  it('answers JSON with server_tool_use, web_search_tool_result, cited text and the search count', async () => {
    expectSearchAnswer(await rig.client.messages.create(SEARCH_REQUEST));
  });

  it("streams an answer the SDK's stream helper assembles into the same blocks, citation events included", async () => {
    const stream = rig.client.messages.stream(SEARCH_REQUEST);
    const citations: unknown[] = [];
    stream.on('citation', (citation) => citations.push(citation));
    const message = await stream.finalMessage();
    expect(message.content.map((block) => block.type)).toEqual(['text', 'server_tool_use', 'web_search_tool_result']);
    expect(message.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining(PAGES[0]!.url) });
    expect((message.content[0] as Anthropic.TextBlock).citations).toHaveLength(PAGES.length);
    expect(citations).toEqual((message.content[0] as Anthropic.TextBlock).citations);
    expect(message.content[1]).toMatchObject({ type: 'server_tool_use', name: 'web_search', input: { query: expect.stringContaining(QUERY) } });
    expect((message.content[2] as Anthropic.WebSearchToolResultBlock).content).toEqual(
      PAGES.map((page) => expect.objectContaining({ type: 'web_search_result', url: page.url, title: page.title })),
    );
    expect(message.usage.server_tool_use).toEqual({ web_search_requests: 1 });
  });

  it('a request without the server tool asks for no search and gets no search blocks', async () => {
    const message = await rig.client.messages.create({ model: 'claude-sonnet-4', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    expect(rig.lastBody()).not.toHaveProperty('plugins');
    expect(message.content.map((block) => block.type)).toEqual(['text']);
    expect(message.usage).not.toHaveProperty('server_tool_use');
  });
});
