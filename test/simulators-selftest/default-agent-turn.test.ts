import { defaultAgentTurn } from '../../scripts/simulators/default-agent-turn';
import { readConversation } from '../../scripts/simulators/read-conversation';
import { signThinking } from '../../scripts/simulators/thinking-signature';

const readTool = { name: 'Read', input_schema: { type: 'object', properties: { file_path: { type: 'string' }, limit: { type: 'number' } }, required: ['file_path'] } };
const bashTool = { name: 'Bash', input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } };

const anthropic = (body: object) => defaultAgentTurn(readConversation(body, 'anthropic'));

describe('defaultAgentTurn', () => {
  it('echoes the user text without system reminders', () => {
    const turn = anthropic({ messages: [{ role: 'user', content: [{ type: 'text', text: '<system-reminder>\nuse tool now\n</system-reminder>' }, { type: 'text', text: 'hi there' }] }], tools: [readTool] });
    expect(turn).toEqual({ text: 'You said: hi there' });
  });

  it('calls a Read-like tool with the path from "read the file"', () => {
    expect(anthropic({ tools: [bashTool, readTool], messages: [{ role: 'user', content: 'Please read the file `/tmp/x/notes.txt`.' }] })).toEqual({
      toolCalls: [{ name: 'Read', input: { file_path: '/tmp/x/notes.txt' } }],
    });
  });

  it('calls the first tool on "use a tool" and the named ones on CALL_TOOL lines', () => {
    expect(anthropic({ tools: [bashTool, readTool], messages: [{ role: 'user', content: 'use a tool' }] }).toolCalls).toEqual([{ name: 'Bash', input: { command: 'simulated' } }]);
    const turn = anthropic({
      tools: [bashTool, readTool],
      messages: [{ role: 'user', content: 'CALL_TOOL Bash {"command":"ls"}\nCALL_TOOL Read {"file_path":"/a"}\nCALL_TOOL Missing {}' }],
    });
    expect(turn.toolCalls).toEqual([
      { name: 'Bash', input: { command: 'ls' } },
      { name: 'Read', input: { file_path: '/a' } },
    ]);
  });

  it('does not call tools that were not declared', () => {
    expect(anthropic({ messages: [{ role: 'user', content: 'read the file /a' }] })).toEqual({ text: 'You said: read the file /a' });
  });

  it('quotes tool results of the latest turn, Anthropic and OpenAI forms alike', () => {
    const fromAnthropic = anthropic({
      tools: [readTool],
      messages: [
        { role: 'user', content: 'read the file /a' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Read', input: { file_path: '/a' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'alpha' }] }] },
      ],
    });
    expect(fromAnthropic).toEqual({ text: 'Tool result received: alpha' });
    const fromOpenAi = defaultAgentTurn(
      readConversation(
        {
          messages: [
            { role: 'user', content: 'read the file /a' },
            { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'Read', arguments: '{}' } }] },
            { role: 'tool', tool_call_id: 't1', content: 'alpha' },
          ],
        },
        'openai',
      ),
    );
    expect(fromOpenAi).toEqual({ text: 'Tool result received: alpha' });
  });

  it('starts with thinking when thinking is requested', () => {
    const turn = anthropic({ thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'ponder' }] });
    expect(turn.thinking).toEqual({ text: 'Considering ponder.' });
    expect(defaultAgentTurn(readConversation({ reasoning: { effort: 'high' }, messages: [{ role: 'user', content: 'x' }] }, 'openai')).thinking).toBeDefined();
    expect(defaultAgentTurn(readConversation({ reasoning: { enabled: false }, messages: [{ role: 'user', content: 'x' }] }, 'openai')).thinking).toBeUndefined();
  });
});

describe('readConversation', () => {
  it('finds thinking coming back in every round-trip form and checks signatures', () => {
    const sig = signThinking('abc');
    const anthropicView = readConversation({ messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: [{ type: 'thinking', thinking: 'abc', signature: sig }] }] }, 'anthropic');
    expect(anthropicView.thinking).toEqual([{ messageIndex: 1, text: 'abc', signature: sig, via: 'thinking-block', valid: true }]);
    const pieces = readConversation(
      { messages: [{ role: 'assistant', content: 'y', reasoning_details: [{ type: 'reasoning.text', text: 'a' }, { type: 'reasoning.text', text: 'bc', signature: sig }] }] },
      'openai',
    );
    expect(pieces.thinking).toEqual([expect.objectContaining({ text: 'abc', via: 'reasoning_details', valid: true })]);
    const part = readConversation({ messages: [{ role: 'assistant', content: [{ type: 'reasoning', summary: [{ type: 'summary_text', text: 'abd', signature: sig }] }] }] }, 'openai');
    expect(part.thinking).toEqual([expect.objectContaining({ via: 'reasoning-part', valid: false })]);
  });

  it("reads LiteLLM's thinking_blocks (text in `thinking`), one entry per signed block, redacted ones skipped", () => {
    const sigA = signThinking('first');
    const sigB = signThinking('second');
    const view = readConversation(
      {
        messages: [
          { role: 'user', content: 'x' },
          {
            role: 'assistant',
            content: null,
            thinking_blocks: [
              { type: 'thinking', thinking: 'first', signature: sigA },
              { type: 'redacted_thinking', data: 'EmwOpaque==' },
              { type: 'thinking', thinking: 'sec', signature: null },
              { type: 'thinking', thinking: 'ond', signature: sigB },
            ],
          },
          { role: 'assistant', content: 'z', thinking_blocks: [{ type: 'thinking', thinking: 'altered', signature: sigA }] },
        ],
      },
      'openai',
    );
    expect(view.thinking).toEqual([
      { messageIndex: 1, text: 'first', signature: sigA, via: 'thinking_blocks', valid: true },
      { messageIndex: 1, text: 'second', signature: sigB, via: 'thinking_blocks', valid: true },
      { messageIndex: 2, text: 'altered', signature: sigA, via: 'thinking_blocks', valid: false },
    ]);
  });

  it('reads tools, system text and stream in both forms', () => {
    const view = readConversation({ model: 'm', stream: true, system: [{ type: 'text', text: 'S' }], tools: [readTool, { type: 'web_search_20250305', name: 'web_search' }], messages: [{ role: 'user', content: 'u' }] }, 'anthropic');
    expect(view).toMatchObject({ model: 'm', stream: true, systemText: 'S', lastUserText: 'u', messageCount: 1 });
    expect(view.tools.map((tool) => tool.type)).toEqual(['custom', 'web_search_20250305']);
    const chat = readConversation({ messages: [{ role: 'system', content: 'S' }, { role: 'user', content: 'u' }], tools: [{ type: 'function', function: { name: 'f', parameters: {} } }] }, 'openai');
    expect(chat).toMatchObject({ systemText: 'S', lastUserText: 'u', tools: [{ name: 'f', type: 'function', schema: {} }] });
  });
});
