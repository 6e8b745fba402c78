// The checks an OpenAI-chat upstream makes that a broken translation trips over
// (tool messages must answer the assistant's tool_calls, in place), plus the
// simulated signature check on reasoning coming back. Returns the error message, or undefined.

import { readConversation, isObject } from './read-conversation';

export interface ChatCheckOptions {
  requireModel?: boolean;
  verifySignatures?: boolean;
}

type Json = Record<string, unknown>;

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool'];

export function checkChatRequest(body: unknown, options: ChatCheckOptions = {}): string | undefined {
  if (!isObject(body)) return 'Request body must be a JSON object';
  if ((options.requireModel ?? true) && (typeof body.model !== 'string' || !body.model)) return 'model: Field required';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: Field required (a non-empty array)';
  const messages = body.messages as unknown[];
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    if (!isObject(message) || !ROLES.includes(String(message.role))) return `messages.${i}.role: Input should be one of ${ROLES.join(', ')}`;
  }
  return checkToolMessages(messages as Json[]) ?? checkSignatures(body, options);
}

function checkToolMessages(messages: Json[]): string | undefined {
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    if (message.role === 'tool') {
      let owner = i - 1;
      while (owner >= 0 && messages[owner]!.role === 'tool') owner--;
      const calls = owner >= 0 ? callIds(messages[owner]!) : [];
      if (!calls.includes(String(message.tool_call_id))) {
        return `messages.${i}: messages with role 'tool' must be a response to a preceding message with 'tool_calls' (tool_call_id ${String(message.tool_call_id)} not found)`;
      }
    }
    const calls = message.role === 'assistant' ? callIds(message) : [];
    if (calls.length === 0) continue;
    const answered: string[] = [];
    for (let j = i + 1; j < messages.length && messages[j]!.role === 'tool'; j++) answered.push(String(messages[j]!.tool_call_id));
    const missing = calls.filter((id) => !answered.includes(id));
    if (missing.length > 0) {
      return `messages.${i}: An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${missing.join(', ')}`;
    }
  }
  return undefined;
}

function checkSignatures(body: Json, options: ChatCheckOptions): string | undefined {
  if (!(options.verifySignatures ?? true)) return undefined;
  const bad = readConversation(body, 'openai').thinking.find((seen) => !seen.valid);
  return bad ? `messages.${bad.messageIndex}: Invalid signature in reasoning (${bad.via})` : undefined;
}

function callIds(message: Json): string[] {
  return Array.isArray(message.tool_calls) ? message.tool_calls.filter(isObject).map((call) => String(call.id)) : [];
}
