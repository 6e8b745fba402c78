// A wire-format-neutral view of a chat request, so default behaviours and test
// predicates read the same whether the request came in Anthropic or OpenAI form.

import type { ReceivedRequest } from './simulated-upstream';
import { isValidThinkingSignature } from './thinking-signature';

export type WireFormat = 'anthropic' | 'openai';

export interface ToolResultSeen {
  toolUseId: string;
  text: string;
  isError: boolean;
}

/** A thinking block coming back in history, with where it travelled and whether its signature checks out. */
export interface ThinkingSeen {
  messageIndex: number;
  text: string;
  signature: string | null;
  via: 'thinking-block' | 'reasoning_details' | 'reasoning-part' | 'thinking_blocks';
  valid: boolean;
}

export interface ToolSeen {
  name: string;
  /** `function` / `custom` for callable tools, else the server tool's versioned type. */
  type: string;
  schema?: Record<string, unknown>;
}

/** `tool_choice` in either wire form: `any` = Anthropic `any` / chat `required`. */
export type ToolChoiceSeen = { mode: 'auto' | 'any' | 'none' } | { mode: 'tool'; name: string };

export interface ConversationView {
  format: WireFormat;
  model: string;
  stream: boolean;
  thinkingRequested: boolean;
  systemText: string;
  /** Text of the user messages after the last assistant message, system reminders removed. */
  lastUserText: string;
  /** Tool results after the last assistant message. */
  toolResults: ToolResultSeen[];
  tools: ToolSeen[];
  toolChoice: ToolChoiceSeen;
  /** The JSON schema the answer must follow (Anthropic `output_config.format` / `output_format`, chat `response_format`). */
  outputSchema?: Record<string, unknown>;
  thinking: ThinkingSeen[];
  messageCount: number;
}

type Json = Record<string, unknown>;

const views = new WeakMap<ReceivedRequest, ConversationView>();

/** The view of a received request; `/messages`, Vertex's `:rawPredict` and Bedrock's `/invoke` paths are read as Anthropic, the rest as OpenAI chat. */
export function conversationOf(req: ReceivedRequest): ConversationView {
  let view = views.get(req);
  if (!view) {
    view = readConversation(req.json, /\/messages(\/count_tokens)?$|:(raw|streamRaw)Predict$|\/invoke(-with-response-stream)?$/.test(req.path) ? 'anthropic' : 'openai');
    // Bedrock's body may not carry `stream`: its path says it.
    if (req.path.endsWith('/invoke-with-response-stream')) view.stream = true;
    views.set(req, view);
  }
  return view;
}

export function readConversation(body: unknown, format: WireFormat): ConversationView {
  const request = isObject(body) ? body : {};
  const messages = Array.isArray(request.messages) ? request.messages.filter(isObject) : [];
  const lastAssistant = findLastIndex(messages, (message) => message.role === 'assistant');
  const latest = messages.slice(lastAssistant + 1);
  const read = format === 'anthropic' ? anthropicParts : openaiParts;
  const parts = read(request, messages, latest);
  return {
    format,
    model: typeof request.model === 'string' ? request.model : '',
    stream: request.stream === true,
    thinkingRequested: thinkingRequested(request),
    messageCount: messages.length,
    toolChoice: format === 'anthropic' ? anthropicToolChoice(request.tool_choice) : chatToolChoice(request.tool_choice),
    outputSchema: format === 'anthropic' ? anthropicOutputSchema(request) : chatOutputSchema(request.response_format),
    ...parts,
  };
}

type Parts = Pick<ConversationView, 'systemText' | 'lastUserText' | 'toolResults' | 'tools' | 'thinking'>;

function anthropicToolChoice(choice: unknown): ToolChoiceSeen {
  if (!isObject(choice)) return { mode: 'auto' };
  if (choice.type === 'tool' && typeof choice.name === 'string') return { mode: 'tool', name: choice.name };
  return choice.type === 'any' || choice.type === 'none' ? { mode: choice.type } : { mode: 'auto' };
}

function chatToolChoice(choice: unknown): ToolChoiceSeen {
  if (choice === 'required') return { mode: 'any' };
  if (choice === 'none') return { mode: 'none' };
  if (isObject(choice) && isObject(choice.function) && typeof choice.function.name === 'string') return { mode: 'tool', name: choice.function.name };
  return { mode: 'auto' };
}

function anthropicOutputSchema(request: Json): Json | undefined {
  const config = isObject(request.output_config) ? request.output_config : {};
  const format = isObject(config.format) ? config.format : isObject(request.output_format) ? request.output_format : undefined;
  return format?.type === 'json_schema' && isObject(format.schema) ? format.schema : undefined;
}

function chatOutputSchema(responseFormat: unknown): Json | undefined {
  if (!isObject(responseFormat)) return undefined;
  if (responseFormat.type === 'json_object') return { type: 'object' };
  const spec = isObject(responseFormat.json_schema) ? responseFormat.json_schema : undefined;
  return responseFormat.type === 'json_schema' && spec && isObject(spec.schema) ? spec.schema : undefined;
}

function anthropicParts(request: Json, messages: Json[], latest: Json[]): Parts {
  const system = request.system;
  const systemText = typeof system === 'string' ? system : Array.isArray(system) ? textOf(system) : '';
  const toolResults: ToolResultSeen[] = [];
  for (const message of latest) {
    if (!Array.isArray(message.content)) continue;
    for (const block of message.content.filter(isObject)) {
      if (block.type !== 'tool_result') continue;
      toolResults.push({ toolUseId: String(block.tool_use_id), text: toolResultText(block.content), isError: block.is_error === true });
    }
  }
  const thinking: ThinkingSeen[] = [];
  messages.forEach((message, messageIndex) => {
    if (message.role !== 'assistant' || !Array.isArray(message.content)) return;
    for (const block of message.content.filter(isObject)) {
      if (block.type !== 'thinking') continue;
      thinking.push(seen(messageIndex, String(block.thinking ?? ''), block.signature, 'thinking-block'));
    }
  });
  const tools = (Array.isArray(request.tools) ? request.tools.filter(isObject) : []).map((tool) => ({
    name: String(tool.name ?? ''),
    type: typeof tool.type === 'string' ? tool.type : 'custom',
    schema: isObject(tool.input_schema) ? tool.input_schema : undefined,
  }));
  return { systemText, lastUserText: userText(latest), toolResults, tools, thinking };
}

function openaiParts(request: Json, messages: Json[], latest: Json[]): Parts {
  const systemText = messages
    .filter((message) => message.role === 'system' || message.role === 'developer')
    .map((message) => contentText(message.content))
    .join('\n');
  const toolResults = latest
    .filter((message) => message.role === 'tool')
    .map((message) => ({ toolUseId: String(message.tool_call_id), text: contentText(message.content), isError: false }));
  const thinking: ThinkingSeen[] = [];
  messages.forEach((message, messageIndex) => {
    if (message.role !== 'assistant') return;
    if (Array.isArray(message.reasoning_details)) {
      thinking.push(...signedRuns(message.reasoning_details.filter(isObject).filter((detail) => detail.type === 'reasoning.text'), messageIndex, 'reasoning_details'));
    }
    if (Array.isArray(message.thinking_blocks)) {
      thinking.push(...signedRuns(message.thinking_blocks.filter(isObject).filter((block) => block.type === 'thinking'), messageIndex, 'thinking_blocks', 'thinking'));
    }
    if (Array.isArray(message.content)) {
      for (const part of message.content.filter(isObject)) {
        if (part.type === 'reasoning' && Array.isArray(part.summary)) {
          thinking.push(...signedRuns(part.summary.filter(isObject), messageIndex, 'reasoning-part'));
        }
      }
    }
  });
  const tools = (Array.isArray(request.tools) ? request.tools.filter(isObject) : []).map((tool) => {
    const fn = isObject(tool.function) ? tool.function : {};
    return {
      name: String(fn.name ?? tool.name ?? ''),
      type: typeof tool.type === 'string' ? tool.type : 'function',
      schema: isObject(fn.parameters) ? fn.parameters : undefined,
    };
  });
  return { systemText, lastUserText: userText(latest), toolResults, tools, thinking };
}

/** Reasoning may come back as one signed entry or as streamed pieces with the signature on the last. */
function signedRuns(entries: Json[], messageIndex: number, via: ThinkingSeen['via'], textField = 'text'): ThinkingSeen[] {
  const runs: ThinkingSeen[] = [];
  let text = '';
  for (const entry of entries) {
    const piece = entry[textField];
    text += typeof piece === 'string' ? piece : '';
    if (typeof entry.signature === 'string' && entry.signature) {
      runs.push(seen(messageIndex, text, entry.signature, via));
      text = '';
    }
  }
  if (text) runs.push(seen(messageIndex, text, null, via));
  return runs;
}

function seen(messageIndex: number, text: string, signature: unknown, via: ThinkingSeen['via']): ThinkingSeen {
  const sig = typeof signature === 'string' ? signature : null;
  return { messageIndex, text, signature: sig, via, valid: isValidThinkingSignature(text, sig) };
}

function userText(latest: Json[]): string {
  return latest
    .filter((message) => message.role === 'user')
    .map((message) => contentText(message.content))
    .filter((text) => text.length > 0)
    .join('\n')
    .replace(/<system-reminder>[\s\S]*?<\/system-reminder>/g, '')
    .trim();
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  return Array.isArray(content) ? textOf(content) : '';
}

function textOf(blocks: unknown[]): string {
  return blocks
    .filter(isObject)
    .filter((block) => block.type === 'text' && typeof block.text === 'string')
    .map((block) => block.text as string)
    .join('\n');
}

function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter(isObject)
    .map((block) => (block.type === 'text' ? String(block.text ?? '') : `[${String(block.type)}]`))
    .join('\n');
}

function thinkingRequested(request: Json): boolean {
  const thinking = request.thinking;
  if (isObject(thinking) && (thinking.type === 'enabled' || thinking.type === 'adaptive')) return true;
  const reasoning = request.reasoning;
  if (isObject(reasoning) && reasoning.enabled !== false && reasoning.effort !== 'none') return true;
  return typeof request.reasoning_effort === 'string' && request.reasoning_effort !== 'none';
}

function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i]!)) return i;
  return -1;
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
