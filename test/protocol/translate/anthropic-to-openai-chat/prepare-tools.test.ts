import { request, translate } from '../../support/request-builders';

const readTool = { name: 'Read', description: 'Reads a file', input_schema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] } };
const webSearch = { type: 'web_search_20250305', name: 'web_search', max_uses: 5 };

describe('tools (prepare-tools)', () => {
  test('client tools -> function tools whose parameters are the input_schema object itself', () => {
    const { result } = translate(request({ tools: [readTool] }));
    expect(result.tools).toEqual([{ type: 'function', function: { name: 'Read', description: 'Reads a file', parameters: readTool.input_schema } }]);
    expect(result.tools![0]!.function.parameters).toBe(readTool.input_schema);
  });

  test.each([
    [{ type: 'auto' }, 'auto'],
    [{ type: 'any' }, 'required'],
    [{ type: 'none' }, 'none'],
    [{ type: 'tool', name: 'Read' }, { type: 'function', function: { name: 'Read' } }],
  ])('tool_choice %j -> %j', (choice, expected) => {
    expect(translate(request({ tools: [readTool], tool_choice: choice as never })).result.tool_choice).toEqual(expected);
  });

  test('disable_parallel_tool_use -> parallel_tool_calls: false', () => {
    const { result } = translate(request({ tools: [readTool], tool_choice: { type: 'auto', disable_parallel_tool_use: true } }));
    expect(result.parallel_tool_calls).toBe(false);
    expect(translate(request({ tools: [readTool], tool_choice: { type: 'auto' } })).result).not.toHaveProperty('parallel_tool_calls');
  });

  test('server tools (web_search_20250305) are removed with a warning where the backend cannot search', () => {
    const { result, lines } = translate(request({ tools: [readTool, webSearch as never] }));
    expect(result.tools!.map((tool) => tool.function.name)).toEqual(['Read']);
    expect(lines).toContainEqual({
      level: 'warn',
      message: 'Removed server tool the upstream does not support',
      meta: { tool: 'web_search', type: 'web_search_20250305', web_search: 'this backend has no web search; the model answers without searching' },
    });
  });

  test('when only server tools remain, no tools, tool_choice or parallel flag are sent', () => {
    const { result } = translate(request({ tools: [webSearch as never], tool_choice: { type: 'any', disable_parallel_tool_use: true } }));
    expect(result).not.toHaveProperty('tools');
    expect(result).not.toHaveProperty('tool_choice');
    expect(result).not.toHaveProperty('parallel_tool_calls');
  });

  test('a tool_choice naming a removed tool is dropped rather than sent dangling', () => {
    const { result } = translate(request({ tools: [readTool, webSearch as never], tool_choice: { type: 'tool', name: 'web_search' } }));
    expect(result).not.toHaveProperty('tool_choice');
  });
});
