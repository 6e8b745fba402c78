// An OpenAI chat request read back into the Anthropic request it was translated
// from, as far as the model's input goes (system, tools, tool_choice, messages
// with images, files, tool calls, tool results and thinking). Only what the
// input-token estimate reads is rebuilt: the simulated model counts a translated
// request as the gateway counted the original.

import type { MessagesRequest } from '../../core/protocol/anthropic/types';
import { isObject } from './read-conversation';

type Json = Record<string, unknown>;
type Block = Json;
type AnthropicMessage = { role: 'user' | 'assistant'; content: string | Block[] };

export function chatRequestAsAnthropic(body: unknown): MessagesRequest {
  const request = isObject(body) ? body : {};
  const chatMessages = Array.isArray(request.messages) ? request.messages.filter(isObject) : [];
  const system: string[] = [];
  const messages: AnthropicMessage[] = [];
  for (const message of chatMessages) {
    if (message.role === 'system' || message.role === 'developer') system.push(...textsOf(message.content));
    else if (message.role === 'assistant') messages.push({ role: 'assistant', content: assistantBlocks(message) });
    else if (message.role === 'tool') appendUser(messages, [toolResult(message)]);
    else if (message.role === 'user') appendUser(messages, userContent(message.content));
  }
  const tools = (Array.isArray(request.tools) ? request.tools.filter(isObject) : []).flatMap((tool) => {
    const fn = isObject(tool.function) ? tool.function : undefined;
    if (!fn) return [];
    return [{ name: String(fn.name ?? ''), ...(typeof fn.description === 'string' ? { description: fn.description } : {}), input_schema: (isObject(fn.parameters) ? fn.parameters : { type: 'object' }) as never }];
  });
  return {
    model: String(request.model ?? ''),
    max_tokens: 1,
    ...(system.length > 0 ? { system: system.join('\n\n') } : {}),
    ...(tools.length > 0 ? { tools, tool_choice: toolChoice(request.tool_choice) } : {}),
    messages: messages as MessagesRequest['messages'],
  };
}

/** Tool results and the user text after them were one Anthropic user message. */
function appendUser(messages: AnthropicMessage[], content: string | Block[]): void {
  const last = messages[messages.length - 1];
  const continues = last?.role === 'user' && Array.isArray(last.content) && last.content.some((block) => block.type === 'tool_result');
  if (!continues) {
    messages.push({ role: 'user', content });
    return;
  }
  (last.content as Block[]).push(...(typeof content === 'string' ? [{ type: 'text', text: content }] : content));
}

function toolChoice(choice: unknown): MessagesRequest['tool_choice'] {
  if (choice === 'required') return { type: 'any' };
  if (choice === 'none') return { type: 'none' };
  if (isObject(choice) && isObject(choice.function)) return { type: 'tool', name: String(choice.function.name ?? '') };
  return { type: 'auto' };
}

function userContent(content: unknown): string | Block[] {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.filter(isObject).flatMap((part): Block[] => {
    if (part.type === 'text') return [{ type: 'text', text: String(part.text ?? '') }];
    if (part.type === 'image_url' && isObject(part.image_url)) return [{ type: 'image', source: mediaSource(String(part.image_url.url ?? '')) }];
    if (part.type === 'file' && isObject(part.file)) return [{ type: 'document', source: mediaSource(String(part.file.file_data ?? '')) }];
    return [];
  });
}

function mediaSource(url: string): Json {
  const data = /^data:([^;,]+);base64,/.exec(url.slice(0, 200));
  return data ? { type: 'base64', media_type: data[1], data: url.slice(data[0].length) } : { type: 'url', url };
}

function toolResult(message: Json): Block {
  return { type: 'tool_result', tool_use_id: String(message.tool_call_id ?? ''), content: typeof message.content === 'string' ? message.content : textsOf(message.content).map((text) => ({ type: 'text', text })) };
}

function assistantBlocks(message: Json): string | Block[] {
  const blocks: Block[] = [...thinkingOf(message)];
  const content = message.content;
  if (Array.isArray(content)) {
    for (const part of content.filter(isObject)) {
      if (part.type === 'text') blocks.push({ type: 'text', text: String(part.text ?? '') });
      else if (part.type === 'reasoning' && Array.isArray(part.summary)) blocks.push(...part.summary.filter(isObject).map(reasoningBlock));
    }
  } else if (typeof content === 'string' && content !== '') {
    blocks.push({ type: 'text', text: content });
  }
  for (const call of Array.isArray(message.tool_calls) ? message.tool_calls.filter(isObject) : []) {
    const fn = isObject(call.function) ? call.function : {};
    blocks.push({ type: 'tool_use', id: String(call.id ?? ''), name: String(fn.name ?? ''), input: parseArguments(fn.arguments) });
  }
  return blocks.length === 1 && blocks[0]!.type === 'text' ? String(blocks[0]!.text) : blocks;
}

/** OpenRouter's `reasoning_details` and LiteLLM's `thinking_blocks` (Databricks sends reasoning parts in content). */
function thinkingOf(message: Json): Block[] {
  if (Array.isArray(message.reasoning_details)) {
    return message.reasoning_details.filter(isObject).map((detail) =>
      detail.type === 'reasoning.encrypted' ? { type: 'redacted_thinking', data: detail.data } : { type: 'thinking', thinking: String(detail.text ?? ''), signature: detail.signature },
    );
  }
  return Array.isArray(message.thinking_blocks) ? message.thinking_blocks.filter(isObject) : [];
}

function reasoningBlock(summary: Json): Block {
  return summary.type === 'summary_encrypted_text' ? { type: 'redacted_thinking', data: summary.data } : { type: 'thinking', thinking: String(summary.text ?? ''), signature: summary.signature };
}

function textsOf(content: unknown): string[] {
  if (typeof content === 'string') return content === '' ? [] : [content];
  return Array.isArray(content) ? content.filter(isObject).filter((part) => part.type === 'text').map((part) => String(part.text ?? '')) : [];
}

function parseArguments(text: unknown): unknown {
  if (typeof text !== 'string') return text ?? {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
