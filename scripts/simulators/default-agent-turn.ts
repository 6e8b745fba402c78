// What the fakes answer when no scripted rule matches: a tiny deterministic
// "model" that is enough to drive an agent loop end to end.
// - Tool results in the latest turn -> text quoting them (proves they arrived).
// - `CALL_TOOL <name> <json>` lines in the user's text -> those tool calls.
// - "read the file <path>" with a Read-like tool declared -> a call to it.
// - "use tool" / "use a tool" -> a call to the first declared tool.
// - Otherwise -> "You said: <text>" (the first 500 characters, then "…").
// With thinking requested, every answer starts with a signed thinking block.
// `tool_choice` is honoured: a named tool (or, for any / required, the tool the
// text asks for, else the first) is always called, with input generated from
// its schema; `none` calls nothing. With an output schema (Anthropic
// `output_config.format`, chat `response_format`) the answer's text is JSON
// valid against it.

import type { ConversationView, ToolSeen } from './read-conversation';
import { sampleFromSchema } from './sample-from-schema';
import type { ScriptedToolCall, ScriptedTurn } from './scripted-turn';

const QUOTE_LIMIT = 4000;
// Echoing a whole 100 KB prompt would turn every load test into a test of the echo.
const ECHO_LIMIT = 500;

export function defaultAgentTurn(view: ConversationView): ScriptedTurn {
  const turn = answerFor(view);
  if (view.thinkingRequested) {
    const subject = view.toolResults.length > 0 ? 'the tool result' : view.lastUserText.slice(0, 60) || 'the request';
    turn.thinking = { text: `Considering ${subject}.` };
  }
  return turn;
}

function answerFor(view: ConversationView): ScriptedTurn {
  const callable = view.tools.filter((tool) => tool.type === 'function' || tool.type === 'custom');
  const forced = forcedToolCalls(view, callable);
  if (forced.length > 0) return { toolCalls: forced };
  if (view.outputSchema) return { text: JSON.stringify(sampleFromSchema(view.outputSchema)) };
  if (view.toolResults.length > 0) {
    const quoted = view.toolResults.map((result) => result.text).join('\n---\n').slice(0, QUOTE_LIMIT);
    return { text: `Tool result received: ${quoted}` };
  }
  const calls = view.toolChoice.mode === 'none' ? [] : requestedToolCalls(view.lastUserText, callable);
  if (calls.length > 0) return { toolCalls: calls };
  const text = view.lastUserText;
  if (!text) return { text: 'Hello from the simulator.' };
  return { text: `You said: ${text.length > ECHO_LIMIT ? `${text.slice(0, ECHO_LIMIT)}…` : text}` };
}

/** The call a forcing tool_choice demands: the named tool, or for `any` what the text asks for, else the first tool. */
function forcedToolCalls(view: ConversationView, tools: ToolSeen[]): ScriptedToolCall[] {
  const choice = view.toolChoice;
  if (choice.mode !== 'tool' && choice.mode !== 'any') return [];
  const requested = requestedToolCalls(view.lastUserText, tools);
  if (choice.mode === 'tool') {
    const tool = tools.find((candidate) => candidate.name === choice.name);
    if (!tool) return [];
    const asked = requested.filter((call) => call.name === tool.name);
    return asked.length > 0 ? asked : [{ name: tool.name, input: sampleFromSchema(tool.schema ?? { type: 'object' }) }];
  }
  if (requested.length > 0) return requested;
  const first = tools[0];
  return first ? [{ name: first.name, input: sampleFromSchema(first.schema ?? { type: 'object' }) }] : [];
}

function requestedToolCalls(text: string, tools: ToolSeen[]): ScriptedToolCall[] {
  if (tools.length === 0) return [];
  const explicit = [...text.matchAll(/CALL_TOOL\s+(\S+)[ \t]*(\{.*\})?/g)].flatMap((found): ScriptedToolCall[] => {
    const tool = tools.find((candidate) => candidate.name === found[1]);
    return tool ? [{ name: tool.name, input: parseInput(found[2]) }] : [];
  });
  if (explicit.length > 0) return explicit;

  const readFile = /\bread\s+(?:the\s+)?file\s+[`'"]?([^\s`'"]+)/i.exec(text);
  const reader = tools.find((tool) => /^read$/i.test(tool.name)) ?? tools.find((tool) => /read/i.test(tool.name));
  if (readFile && reader) return [{ name: reader.name, input: inputFromSchema(reader, readFile[1]!.replace(/[.,;:!?)]+$/, '')) }];

  if (/\buse\s+(?:a\s+|the\s+)?tool\b/i.test(text)) return [{ name: tools[0]!.name, input: inputFromSchema(tools[0]!, 'simulated') }];
  return [];
}

/** Puts `value` in every required string property, so the call validates against the tool's schema. */
function inputFromSchema(tool: ToolSeen, value: string): Record<string, unknown> {
  const properties = (tool.schema?.properties ?? {}) as Record<string, { type?: unknown }>;
  const required = Array.isArray(tool.schema?.required) ? (tool.schema!.required as unknown[]).map(String) : [];
  const keys = required.filter((key) => properties[key]?.type === 'string');
  if (keys.length === 0) return tool.schema ? {} : { file_path: value };
  return Object.fromEntries(keys.map((key) => [key, value]));
}

function parseInput(json: string | undefined): unknown {
  if (!json) return {};
  try {
    return JSON.parse(json);
  } catch {
    return { raw: json };
  }
}
