import { webSearchQuery } from '../../../../core/protocol/translate/anthropic-to-openai-chat';
import { request, translate } from '../../support/request-builders';

const readTool = { name: 'Read', description: 'Reads a file', input_schema: { type: 'object', properties: { file_path: { type: 'string' } } } };
const webSearch = {
  type: 'web_search_20250305',
  name: 'web_search',
  max_uses: 8,
  allowed_domains: ['docs.example.org', ''],
  blocked_domains: ['spam.example.com'],
  user_location: { type: 'approximate', city: 'Paris', country: 'FR' },
};

describe('web search server tools (map-web-search)', () => {
  test('where the backend searches with a web plugin, web_search_* becomes plugins:[{id:"web"}] with its settings', () => {
    const { result, lines } = translate(request({ tools: [readTool, webSearch as never] }), { webSearch: 'plugins_web' });
    expect(result.plugins).toEqual([
      {
        id: 'web',
        max_uses: 8,
        include_domains: ['docs.example.org'],
        exclude_domains: ['spam.example.com'],
        user_location: { type: 'approximate', city: 'Paris', country: 'FR' },
      },
    ]);
    expect(result.tools!.map((tool) => tool.function.name)).toEqual(['Read']);
    expect(lines.filter((line) => line.level === 'warn')).toEqual([]);
  });

  test("Claude Code's WebSearch sub-request (only the server tool, tool_choice auto) sends the plugin and no tools", () => {
    const { result } = translate(
      request({
        tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 8 } as never],
        tool_choice: { type: 'auto' },
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Perform a web search for the query: gateway release notes' }] }],
      }),
      { webSearch: 'plugins_web' },
    );
    expect(result.plugins).toEqual([{ id: 'web', max_uses: 8 }]);
    expect(result).not.toHaveProperty('tools');
    expect(result).not.toHaveProperty('tool_choice');
  });

  test('a later version of the tool is recognised too', () => {
    const { result } = translate(request({ tools: [{ type: 'web_search_20260318', name: 'web_search' } as never] }), { webSearch: 'plugins_web' });
    expect(result.plugins).toEqual([{ id: 'web' }]);
  });

  test('without web search on the backend the tool is dropped with one warning per request that says so', () => {
    const codeExecution = { type: 'code_execution_20250522', name: 'code_execution' };
    const { result, lines } = translate(request({ tools: [webSearch as never, readTool, codeExecution as never] }));
    expect(result).not.toHaveProperty('plugins');
    expect(result.tools!.map((tool) => tool.function.name)).toEqual(['Read']);
    const warnings = lines.filter((line) => line.level === 'warn');
    expect(warnings).toEqual([
      {
        level: 'warn',
        message: 'Removed server tool the upstream does not support',
        meta: {
          tool: 'web_search, code_execution',
          type: 'web_search_20250305, code_execution_20250522',
          web_search: 'this backend has no web search; the model answers without searching',
        },
      },
    ]);
  });

  test('a backend with web search still removes the other server tools, without the web search note', () => {
    const { result, lines } = translate(request({ tools: [webSearch as never, { type: 'bash_20250124', name: 'bash' } as never] }), { webSearch: 'plugins_web' });
    expect(result.plugins).toHaveLength(1);
    expect(lines.filter((line) => line.level === 'warn')).toEqual([
      { level: 'warn', message: 'Removed server tool the upstream does not support', meta: { tool: 'bash', type: 'bash_20250124' } },
    ]);
  });

  test('the query is the text of the last user message that has text', () => {
    expect(webSearchQuery([{ role: 'user', content: 'plain question' }])).toBe('plain question');
    expect(
      webSearchQuery([
        { role: 'user', content: [{ type: 'text', text: 'first' }, { type: 'text', text: 'second' }] },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'x' }] },
      ]),
    ).toBe('first\nsecond');
    expect(webSearchQuery([])).toBe('');
  });
});
