// Databricks model serving's own request rules, beyond OpenAI chat's, as the
// rejections LiteLLM and Databricks' own tooling document. Returns the error message, or undefined.

import { isObject } from './read-conversation';

export const DATABRICKS_MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

type Json = Record<string, unknown>;

const MESSAGE_FIELDS = new Set(['role', 'content', 'tool_calls', 'tool_call_id', 'name']);

export function checkDatabricksPayloadSize(rawBody: string): string | undefined {
  const size = Buffer.byteLength(rawBody);
  if (size <= DATABRICKS_MAX_PAYLOAD_BYTES) return undefined;
  return `Request payload size ${size} bytes exceeds the limit of ${DATABRICKS_MAX_PAYLOAD_BYTES} bytes (4 MB).`;
}

export function checkDatabricksChat(body: Json): string | undefined {
  const messages = Array.isArray(body.messages) ? body.messages.filter(isObject) : [];
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    for (const key of Object.keys(message)) {
      if (!MESSAGE_FIELDS.has(key)) return `messages.${i}.${key}: Extra inputs are not permitted`;
    }
    if ('name' in message && message.role !== 'user') return `messages.${i}.name: 'name' is only supported on user messages`;
    const hasToolCalls = Array.isArray(message.tool_calls) && message.tool_calls.length > 0;
    if (message.content === '' && !hasToolCalls) return `messages.${i}.content: text content must be non-empty`;
    if (Array.isArray(message.content)) {
      const j = message.content.findIndex((part) => isObject(part) && part.type === 'text' && !part.text);
      if (j >= 0) return `messages.${i}.content.${j}.text: text content blocks must be non-empty`;
    }
  }
  return checkServerTools(body) ?? checkThinkingBudget(body);
}

/** Databricks takes function tools only; server tools such as web_search_20250305 are refused. */
export function checkServerTools(body: Json): string | undefined {
  const tools = Array.isArray(body.tools) ? body.tools.filter(isObject) : [];
  const allowed = (tool: Json) => tool.type === 'function' || tool.type === 'custom' || (tool.type === undefined && 'input_schema' in tool);
  const server = tools.find((tool) => !allowed(tool));
  if (!server) return undefined;
  return `tools.${tools.indexOf(server)}: Input tag '${String(server.type)}' found using 'type' does not match any of the expected tags: 'function'`;
}

export function checkThinkingBudget(body: Json): string | undefined {
  const thinking = body.thinking;
  if (!isObject(thinking) || thinking.type !== 'enabled') return undefined;
  const budget = Number(thinking.budget_tokens);
  if (!(budget >= 1024)) return 'thinking.budget_tokens: Input should be greater than or equal to 1024';
  if (typeof body.max_tokens === 'number' && budget >= body.max_tokens) return '`max_tokens` must be greater than `thinking.budget_tokens`';
  return undefined;
}
