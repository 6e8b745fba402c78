// A request shaped like the ones Claude Code sends mid-session: a system array
// with a cache breakpoint, a dozen tools with JSON schemas, and a long history
// of tool_use / tool_result turns carrying file contents and command output.
// The text is generated (deterministically), the structure is what matters.

import type { ContentBlock, MessageParam, MessagesRequest, Tool } from '../../core/protocol/anthropic/types';

const ephemeral = { type: 'ephemeral' as const };

/** Deterministic filler prose of about `chars` characters. */
function prose(topic: string, chars: number): string {
  const sentences = [
    `When working on ${topic}, read the surrounding code before changing it and follow its conventions.`,
    'Prefer small, verifiable steps; run the relevant tests after each change and report what they showed.',
    'Never invent file paths or APIs: search the repository first, and quote the exact names you find.',
    'Keep answers short in the terminal; explain the reasoning only when the user asks for it.',
    `If ${topic} fails, show the exact error message and the command that produced it, then propose a fix.`,
    'Use absolute paths in tool calls, and batch independent tool calls in a single message when possible.',
  ];
  let text = '';
  for (let i = 0; text.length < chars; i++) text += `${sentences[i % sentences.length]} `;
  return text.slice(0, chars).trimEnd();
}

function tool(name: string, summary: string, descriptionChars: number, properties: Record<string, unknown>, required: string[]): Tool {
  return {
    name,
    description: `${summary}\n\nUsage notes:\n${prose(name, descriptionChars)}`,
    input_schema: { type: 'object', properties, required, additionalProperties: false, $schema: 'http://json-schema.org/draft-07/schema#' },
  };
}

const str = (description: string) => ({ type: 'string', description });
const num = (description: string) => ({ type: 'number', description });
const bool = (description: string) => ({ type: 'boolean', description });

const TOOLS: Tool[] = [
  tool('Task', 'Launch a sub-agent to handle a multi-step task on its own.', 2600, {
    description: str('A short (3-5 word) description of the task'),
    prompt: str('The task for the agent to perform'),
    subagent_type: str('The type of specialized agent to use'),
  }, ['description', 'prompt', 'subagent_type']),
  tool('Bash', 'Run a shell command in a persistent session, with an optional timeout.', 4200, {
    command: str('The command to execute'),
    timeout: num('Optional timeout in milliseconds (max 600000)'),
    description: str('What this command does, in 5-10 words'),
    run_in_background: bool('Run the command in the background'),
  }, ['command']),
  tool('Glob', 'Find files by glob pattern, sorted by modification time.', 700, {
    pattern: str('The glob pattern to match files against'),
    path: str('The directory to search in; defaults to the working directory'),
  }, ['pattern']),
  tool('Grep', 'Search file contents with regular expressions (ripgrep syntax).', 1900, {
    pattern: str('The regular expression to search for'),
    path: str('File or directory to search in'),
    glob: str('Glob pattern to filter files'),
    output_mode: { type: 'string', enum: ['content', 'files_with_matches', 'count'], description: 'Output mode' },
    '-i': bool('Case insensitive search'),
    '-n': bool('Show line numbers'),
    head_limit: num('Limit output to the first N lines'),
  }, ['pattern']),
  tool('LS', 'List files and directories in a path.', 400, {
    path: str('The absolute path of the directory to list'),
    ignore: { type: 'array', items: { type: 'string' }, description: 'Glob patterns to ignore' },
  }, ['path']),
  tool('Read', 'Read a file from the local filesystem, with line numbers.', 1500, {
    file_path: str('The absolute path to the file to read'),
    offset: num('The line number to start reading from'),
    limit: num('The number of lines to read'),
  }, ['file_path']),
  tool('Edit', 'Replace an exact string in a file.', 1300, {
    file_path: str('The absolute path to the file to modify'),
    old_string: str('The text to replace'),
    new_string: str('The text to replace it with'),
    replace_all: bool('Replace all occurrences'),
  }, ['file_path', 'old_string', 'new_string']),
  tool('MultiEdit', 'Apply several edits to one file in a single operation.', 1800, {
    file_path: str('The absolute path to the file to modify'),
    edits: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: { old_string: str('The text to replace'), new_string: str('The replacement'), replace_all: bool('Replace all') },
        required: ['old_string', 'new_string'],
        additionalProperties: false,
      },
    },
  }, ['file_path', 'edits']),
  tool('Write', 'Write a file to the local filesystem, replacing it if it exists.', 800, {
    file_path: str('The absolute path to the file to write'),
    content: str('The content to write to the file'),
  }, ['file_path', 'content']),
  tool('NotebookEdit', 'Replace, insert or delete a cell in a Jupyter notebook.', 700, {
    notebook_path: str('The absolute path to the notebook'),
    cell_id: str('The ID of the cell to edit'),
    new_source: str('The new source for the cell'),
    cell_type: { type: 'string', enum: ['code', 'markdown'] },
    edit_mode: { type: 'string', enum: ['replace', 'insert', 'delete'] },
  }, ['notebook_path', 'new_source']),
  tool('WebFetch', 'Fetch a URL and answer a prompt about its content.', 1100, {
    url: { type: 'string', format: 'uri', description: 'The URL to fetch' },
    prompt: str('What to extract from the page'),
  }, ['url', 'prompt']),
  tool('TodoWrite', 'Create and manage a structured task list for the session.', 3800, {
    todos: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          content: { type: 'string', minLength: 1 },
          status: { type: 'string', enum: ['pending', 'in_progress', 'completed'] },
          activeForm: { type: 'string', minLength: 1 },
        },
        required: ['content', 'status', 'activeForm'],
        additionalProperties: false,
      },
    },
  }, ['todos']),
];

/** `cat -n`-style file contents, as Claude Code's Read tool returns them. */
function fileListing(name: string, lines: number): string {
  const out: string[] = [];
  for (let i = 1; i <= lines; i++) {
    const code =
      i % 9 === 0
        ? `}`
        : i % 9 === 1
          ? `export function ${name}Step${i}(input: Record<string, unknown>): Result<string> {`
          : `  const value${i} = normalize(input['field${i % 17}'] ?? defaults.${name}, { strict: ${i % 2 === 0} });`;
    out.push(`${String(i).padStart(6)}\u2192${code}`);
  }
  return out.join('\n');
}

function testOutput(runs: number): string {
  const lines = [' RUN  v1.6.0 /home/dev/project', ''];
  for (let i = 1; i <= runs; i++) lines.push(` \u2713 src/module-${i}.test.ts (${3 + (i % 7)} tests) ${12 + i}ms`);
  lines.push('', ` Test Files  ${runs} passed (${runs})`, '      Tests  212 passed (212)');
  return lines.join('\n');
}

function toolRound(round: number): MessageParam[] {
  const id = (n: number) => `toolu_01Bench${String(round).padStart(3, '0')}${n}`;
  const file = `/home/dev/project/src/parser/part-${round}.ts`;
  return [
    {
      role: 'assistant',
      content: [
        { type: 'text', text: `Let me look at part ${round} of the parser and run its tests.` },
        { type: 'tool_use', id: id(1), name: 'Read', input: { file_path: file } },
        { type: 'tool_use', id: id(2), name: 'Bash', input: { command: `npx vitest run src/parser/part-${round}`, description: 'Run parser tests' } },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: id(1), content: fileListing(`part${round}`, 70) },
        { type: 'tool_result', tool_use_id: id(2), content: [{ type: 'text', text: testOutput(12) }] },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'text', text: `Part ${round} normalizes each field; I will make the strict flag explicit.` },
        {
          type: 'tool_use',
          id: id(3),
          name: 'Edit',
          input: { file_path: file, old_string: `strict: ${round % 2 === 0}`, new_string: 'strict: options.strict' },
        },
      ],
    },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: id(3), content: `The file ${file} has been updated.` }] },
  ];
}

const TARGET_BYTES = 100 * 1024;

/** About 100 KB of JSON; rounds of tool use are added until it gets there. */
export function claudeCodeRequest(model: string): MessagesRequest {
  const messages: MessageParam[] = [
    {
      role: 'user',
      content: [
        { type: 'text', text: `<system-reminder>\nContext for this session: ${prose('the project', 1500)}\n</system-reminder>` },
        { type: 'text', text: 'The parser tests are flaky when strict mode is on. Find out why and fix it.' },
      ],
    },
  ];
  const request: MessagesRequest = {
    model,
    max_tokens: 32000,
    system: [
      { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude.", cache_control: ephemeral },
      { type: 'text', text: prose('software engineering tasks', 14_000), cache_control: ephemeral },
    ],
    tools: TOOLS,
    messages,
    temperature: 1,
    metadata: { user_id: 'user_bench_account_0000_session_0000' },
  };
  for (let round = 1; Buffer.byteLength(JSON.stringify(request)) < TARGET_BYTES - 600; round++) messages.push(...toolRound(round));
  // The newest user turn (tool results plus the next instruction) carries Claude Code's moving cache breakpoint.
  const last = messages[messages.length - 1]!;
  (last.content as ContentBlock[]).push({ type: 'text', text: 'Good. Now summarize what you changed and why.', cache_control: ephemeral });
  return request;
}
