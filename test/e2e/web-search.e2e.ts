// Claude Code's WebSearch tool through OPENROUTER. WebSearch is a deferred tool:
// the model loads it with ToolSearch, calls it, and the CLI then runs the search
// as a sub-request of its own (system "You run a web search for another Claude
// model...", the user text "Perform a web search for the query: <q>", only the
// `web_search_20250305` server tool, tool_choice auto, streamed). Its results
// go back to the model as a tool_result: "Web search results for query ...
// Links: [{title, url}, ...]".
// - chat (OPENROUTER_API=chat): the gateway turns the server tool into OpenRouter's
//   `web` plugin and the fake's url_citation annotations into search result blocks.
// - messages (OPENROUTER_API=messages): OpenRouter's Anthropic route answers the
//   server tool natively, byte for byte through the gateway.

import { conversationOf, webSearchResults, type ReceivedRequest, type ScriptedTurn, type Simulator } from '../../scripts/simulators';
import { e2eBackend } from './e2e-backends';
import { explainFailure } from './explain-failure';
import { describeRun, runClaude, type ClaudeRun } from './run-claude-cli';
import { isConversation, startE2eStack, type E2eStack } from './start-e2e-stack';

const QUERY = 'llm gateway release notes';
const PROMPT = `Search the web for ${QUERY} and give me the links.`;
const PAGES = webSearchResults(QUERY);

/** The CLI's search sub-request: the server tool alone, in either wire form. */
function isSearchRequest(req: ReceivedRequest): boolean {
  const json = req.json as { plugins?: Array<{ id?: string }>; tools?: Array<{ type?: string }> } | undefined;
  return Boolean(json?.plugins?.some((plugin) => plugin.id === 'web') || json?.tools?.some((tool) => String(tool.type).startsWith('web_search_')));
}

/** The main model: load WebSearch, call it, then answer with what it returned (thinking first, as the CLI asks). */
function agentTurn(req: ReceivedRequest): ScriptedTurn {
  const view = conversationOf(req);
  const turn = nextStep(view);
  if (view.thinkingRequested) turn.thinking = { text: 'Deciding the next step.' };
  return turn;
}

function nextStep(view: ReturnType<typeof conversationOf>): ScriptedTurn {
  const names = new Set(view.tools.map((tool) => tool.name));
  const searched = view.toolResults.find((result) => result.text.includes('Web search results for query'));
  if (searched) return { text: `Search done. ${searched.text}` };
  if (names.has('WebSearch')) return { toolCalls: [{ name: 'WebSearch', input: { query: QUERY } }] };
  return { toolCalls: [{ name: 'ToolSearch', input: { query: 'select:WebSearch', max_results: 1 } }] };
}

function scriptAgent(upstream: Simulator): void {
  upstream.script({ name: 'WebSearch agent', when: (req) => isConversation(req) && !isSearchRequest(req), reply: (req) => ({ kind: 'turn', turn: agentTurn(req) }) });
}

describe.each([
  { mode: 'chat', route: '/api/v1/chat/completions' },
  { mode: 'messages', route: '/api/v1/messages' },
])('Claude Code WebSearch through OPENROUTER (OPENROUTER_API=$mode)', ({ mode, route }) => {
  let stack: E2eStack;
  let run: ClaudeRun;

  beforeAll(async () => {
    stack = await startE2eStack(e2eBackend('OPENROUTER'), { OPENROUTER_API: mode });
    scriptAgent(stack.upstream);
    run = await runClaude({ baseUrl: stack.url, prompt: PROMPT, args: ['--allowedTools', 'WebSearch,ToolSearch', '--output-format', 'json'] });
  }, 90_000);

  afterAll(async () => {
    await stack?.close();
  });

  const context = () => `${describeRun(run)}\n${stack.describeGateway()}`;
  const searches = () => stack.upstream.received.filter(isSearchRequest);

  it('runs the search as its own request with the web search server tool, on the expected route', () => {
    explainFailure(context, () => {
      expect(searches()).toHaveLength(1);
      const search = searches()[0]!;
      expect(search.path).toBe(route);
      expect(conversationOf(search).lastUserText).toBe(`Perform a web search for the query: ${QUERY}`);
      if (mode === 'chat') {
        expect(search.json).toMatchObject({ plugins: [{ id: 'web', max_uses: 8 }], stream: true });
        expect(search.json).not.toHaveProperty('tools');
      } else {
        expect(search.json).toMatchObject({ tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 8 }] });
      }
    });
  });

  it('hands the pages found to the model as the WebSearch result, and answers with them', () => {
    explainFailure(context, () => {
      expect(run.exitCode).toBe(0);
      expect(run.json).toMatchObject({ is_error: false });
      const result = stack.upstream.received
        .filter((req) => isConversation(req) && !isSearchRequest(req))
        .flatMap((req) => conversationOf(req).toolResults)
        .find((seen) => seen.text.includes('Web search results for query'));
      expect(result?.text).toContain(`Web search results for query: "${QUERY}"`);
      expect(result?.text).toContain(`Links: ${JSON.stringify(PAGES.map((page) => ({ title: page.title, url: page.url })))}`);
      for (const page of PAGES) expect(run.json?.result).toContain(page.url);
    });
  });
});
