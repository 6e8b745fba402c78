// Reads, in the upstream's own wire format, one tool call and its result out of
// a request: proof that the gateway translated both correctly, id included.

import type { ReceivedRequest } from '../../scripts/simulators';
import type { E2eBackend } from './e2e-backends';

export interface ToolExchangeSeen {
  /** The call as the assistant turn in the history carries it. */
  call: { name: string; input: unknown };
  /** The tool result's text as it reached the upstream. */
  resultText: string;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function toolExchangeSeen(req: ReceivedRequest, format: E2eBackend['format'], callId: string): ToolExchangeSeen | undefined {
  const messages: Json[] = Array.isArray(req.json?.messages) ? req.json.messages : [];
  return format === 'anthropic' ? anthropicExchange(messages, callId) : openAiExchange(messages, callId);
}

/** A `tool_result` block with `tool_use_id`, after an assistant `tool_use` block with that id. */
function anthropicExchange(messages: Json[], callId: string): ToolExchangeSeen | undefined {
  const resultAt = messages.findIndex((message) => message.role === 'user' && blocks(message).some((block) => block.type === 'tool_result' && block.tool_use_id === callId));
  if (resultAt === -1) return undefined;
  const result = blocks(messages[resultAt]!).find((block) => block.type === 'tool_result' && block.tool_use_id === callId)!;
  const use = messages
    .slice(0, resultAt)
    .filter((message) => message.role === 'assistant')
    .flatMap(blocks)
    .find((block) => block.type === 'tool_use' && block.id === callId);
  if (!use) return undefined;
  return { call: { name: use.name, input: use.input }, resultText: textOf(result.content) };
}

/** A `role: "tool"` message with `tool_call_id`, after an assistant message whose `tool_calls` has that id. */
function openAiExchange(messages: Json[], callId: string): ToolExchangeSeen | undefined {
  const resultAt = messages.findIndex((message) => message.role === 'tool' && message.tool_call_id === callId);
  if (resultAt === -1) return undefined;
  const call = messages
    .slice(0, resultAt)
    .filter((message) => message.role === 'assistant' && Array.isArray(message.tool_calls))
    .flatMap((message) => message.tool_calls as Json[])
    .find((candidate) => candidate.id === callId && candidate.type === 'function');
  if (!call) return undefined;
  return { call: { name: call.function?.name, input: JSON.parse(String(call.function?.arguments)) }, resultText: textOf(messages[resultAt]!.content) };
}

function blocks(message: Json): Json[] {
  return Array.isArray(message.content) ? message.content : [];
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part: Json) => (part.type === 'text' ? String(part.text) : '')).join('');
}
