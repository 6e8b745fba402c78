// The checks a real Anthropic Messages endpoint makes that a broken gateway
// trips over, with Anthropic's wording. Returns the error message, or undefined.

import { readConversation, isObject } from './read-conversation';

export interface AnthropicCheckOptions {
  /** count_tokens bodies carry no max_tokens. */
  countTokens?: boolean;
  /** Reject thinking blocks whose signature does not match their text (default true). */
  verifySignatures?: boolean;
}

type Json = Record<string, unknown>;

export function checkAnthropicRequest(body: unknown, options: AnthropicCheckOptions = {}): string | undefined {
  if (!isObject(body)) return 'Request body must be a JSON object';
  if (typeof body.model !== 'string' || !body.model) return 'model: Field required';
  if (!options.countTokens && typeof body.max_tokens !== 'number') return 'max_tokens: Field required';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: at least one message is required';
  const messages = body.messages as unknown[];

  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    if (!isObject(message)) return `messages.${i}: Input should be an object`;
    if (!['user', 'assistant', 'system'].includes(String(message.role))) {
      return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    }
    const problem = checkContent(message, i, i === messages.length - 1);
    if (problem) return problem;
  }
  return checkToolPairing(messages as Json[]) ?? checkThinking(body, options);
}

function checkContent(message: Json, i: number, isLast: boolean): string | undefined {
  const content = message.content;
  if (typeof content === 'string') {
    if (content.length === 0 && !(isLast && message.role === 'assistant')) {
      return `messages.${i}: all messages must have non-empty content except for the optional final assistant message`;
    }
    return undefined;
  }
  if (!Array.isArray(content)) return `messages.${i}.content: Input should be a valid string or list`;
  for (let j = 0; j < content.length; j++) {
    const block = content[j];
    if (!isObject(block) || typeof block.type !== 'string') return `messages.${i}.content.${j}: Input should be a content block`;
    if (block.type === 'text' && (typeof block.text !== 'string' || block.text.length === 0)) {
      return `messages.${i}.content.${j}.text: text content blocks must be non-empty`;
    }
  }
  return undefined;
}

function checkToolPairing(messages: Json[]): string | undefined {
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    const uses = blocksOf(message, 'tool_use').map((block) => String(block.id));
    const next = neighbour(messages, i, 1);
    const results = next ? blocksOf(next, 'tool_result').map((block) => String(block.tool_use_id)) : [];
    if (message.role === 'assistant' && uses.length > 0 && next) {
      const missing = uses.filter((id) => !results.includes(id));
      if (missing.length > 0) {
        return `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
      }
    }
    if (message.role === 'user') {
      const previous = neighbour(messages, i, -1);
      const offered = previous?.role === 'assistant' ? blocksOf(previous, 'tool_use').map((block) => String(block.id)) : [];
      const unexpected = blocksOf(message, 'tool_result')
        .map((block) => String(block.tool_use_id))
        .filter((id) => !offered.includes(id));
      if (unexpected.length > 0) {
        return `messages.${i}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${unexpected.join(', ')}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
      }
    }
  }
  return undefined;
}

function checkThinking(body: Json, options: AnthropicCheckOptions): string | undefined {
  const view = readConversation(body, 'anthropic');
  if (options.verifySignatures ?? true) {
    const bad = view.thinking.find((seen) => !seen.valid);
    if (bad) return `messages.${bad.messageIndex}: Invalid \`signature\` in \`thinking\` block`;
  }
  if (!view.thinkingRequested) return undefined;
  // In a tool loop with thinking on, the assistant turn being continued must start with its thinking.
  const messages = body.messages as Json[];
  const last = messages[messages.length - 1]!;
  const previous = neighbour(messages, messages.length - 1, -1);
  if (blocksOf(last, 'tool_result').length === 0 || previous?.role !== 'assistant' || !Array.isArray(previous.content)) return undefined;
  const first = previous.content.find(isObject);
  if (first && first.type !== 'thinking' && first.type !== 'redacted_thinking') {
    return `messages.${messages.indexOf(previous)}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first.type)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block.`;
  }
  return undefined;
}

/** The nearest user or assistant message before (-1) or after (+1) index i; mid-conversation system entries are skipped. */
function neighbour(messages: Json[], i: number, step: 1 | -1): Json | undefined {
  for (let j = i + step; j >= 0 && j < messages.length; j += step) {
    if (messages[j]!.role !== 'system') return messages[j];
  }
  return undefined;
}

function blocksOf(message: Json, type: string): Json[] {
  return Array.isArray(message.content) ? message.content.filter(isObject).filter((block) => block.type === type) : [];
}
