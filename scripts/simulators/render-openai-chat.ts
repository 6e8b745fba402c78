// Renders a scripted turn as an OpenAI chat completion, JSON or chunk stream, in
// the dialect of the upstream being faked:
// - openai: plain chat completions (LiteLLM's /chat/completions).
// - openrouter: `provider` and `native_finish_reason` on choices, reasoning as
//   `reasoning` + signed `reasoning_details`, `: OPENROUTER PROCESSING` keep-alives,
//   usage (with cached_tokens / cache_write_tokens) only in a trailing chunk.
// - databricks: thinking as `{"type":"reasoning","summary":[...]}` content parts, in
//   the message and in stream deltas.
// - litellm: LiteLLM's /chat/completions with Anthropic thinking: `reasoning_content`
//   plus signed `thinking_blocks` on the message; streamed as deltas carrying both,
//   each block's signature in a last delta with empty thinking.
// A turn's citations (a web search's pages) become `url_citation` annotations:
// on the message, or streamed in a delta of their own after the text.

import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatContentPart,
  ChatToolCall,
  ChatUrlCitation,
  ChatUsage,
  ChatThinkingBlock,
  ReasoningDetail,
} from '../../core/protocol/openai/types';
import { completeTurn, splitText, type CompleteTurn, type ScriptedTurn, type TurnStopReason } from './scripted-turn';
import { sseComment, sseData } from './sse-pieces';

export type ChatFlavor = 'openai' | 'openrouter' | 'databricks' | 'litellm';

/**
 * Where the usage goes in a stream:
 * - empty-delta: a trailing chunk whose one choice has an empty delta and no finish_reason (OpenRouter)
 * - no-choices: a trailing chunk with `choices: []` (OpenAI with stream_options.include_usage)
 * - with-finish: on the chunk that carries finish_reason
 * - none: nowhere
 */
export type UsagePlacement = 'empty-delta' | 'no-choices' | 'with-finish' | 'none';

export interface ChatRenderOptions {
  flavor?: ChatFlavor;
  /** Fixed so renders are deterministic. */
  created?: number;
  provider?: string;
  usagePlacement?: UsagePlacement;
  /** `: OPENROUTER PROCESSING` comments before the first chunk (openrouter default 1). */
  processingComments?: number;
  textChunkSize?: number;
  argsChunkSize?: number;
  /** Databricks: send text deltas as `[{type:"text",text}]` lists instead of strings. */
  textAsParts?: boolean;
  /** End the stream with `data: [DONE]` (default true). */
  done?: boolean;
  /**
   * Add Anthropic's `cache_read_input_tokens` / `cache_creation_input_tokens`
   * to the usage, as LiteLLM does for Anthropic models (its only report of cache writes).
   */
  anthropicCacheFields?: boolean;
}

const FINISH_REASON: Record<TurnStopReason, string> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

const REASONING_FORMAT = 'anthropic-claude-v1';

export function renderChatCompletion(scripted: ScriptedTurn, options: ChatRenderOptions = {}): ChatCompletion {
  const turn = completeTurn(scripted);
  const flavor = options.flavor ?? 'openai';
  const message: ChatCompletion['choices'][number]['message'] = {
    role: 'assistant',
    content: messageContent(turn, flavor),
  };
  if (turn.toolCalls.length > 0) message.tool_calls = turn.toolCalls.map(toolCall);
  if (turn.citations.length > 0) message.annotations = turn.citations.map(urlCitation);
  if (flavor === 'openrouter') {
    message.reasoning = turn.thinking?.text ?? null;
    if (turn.thinking) {
      message.reasoning_details = [
        { type: 'reasoning.text', text: turn.thinking.text, signature: turn.thinking.signature, format: REASONING_FORMAT, index: 0 },
      ];
    }
  } else if (flavor === 'litellm' && turn.thinking) {
    message.reasoning_content = turn.thinking.text;
    message.thinking_blocks = [thinkingBlock(turn.thinking.text, turn.thinking.signature)];
  }
  return {
    id: turn.id,
    object: 'chat.completion',
    created: options.created ?? 1_700_000_000,
    model: turn.model,
    ...(flavor === 'openrouter' ? { provider: options.provider ?? 'Anthropic' } : {}),
    choices: [
      {
        index: 0,
        finish_reason: FINISH_REASON[turn.stopReason],
        ...(flavor === 'openrouter' ? { native_finish_reason: turn.stopReason } : {}),
        message,
      },
    ],
    usage: chatUsage(turn, flavor, options),
  };
}

export function renderChatChunks(scripted: ScriptedTurn, options: ChatRenderOptions = {}): ChatCompletionChunk[] {
  const turn = completeTurn(scripted);
  const flavor = options.flavor ?? 'openai';
  const textSize = options.textChunkSize ?? 16;
  const argsSize = options.argsChunkSize ?? 10;
  const placement = options.usagePlacement ?? (flavor === 'openrouter' ? 'empty-delta' : flavor === 'databricks' ? 'with-finish' : 'no-choices');
  const base = {
    id: turn.id,
    object: 'chat.completion.chunk',
    created: options.created ?? 1_700_000_000,
    model: turn.model,
    ...(flavor === 'openrouter' ? { provider: options.provider ?? 'Anthropic' } : {}),
  };
  const native = (value: string | null) => (flavor === 'openrouter' ? { native_finish_reason: value } : {});
  const chunk = (delta: Delta, finish: string | null = null, extra: Partial<ChatCompletionChunk> = {}): ChatCompletionChunk => ({
    ...base,
    choices: [{ index: 0, delta, finish_reason: finish, ...native(finish === null ? null : turn.stopReason) }],
    ...extra,
  });

  const chunks: ChatCompletionChunk[] = [chunk({ role: 'assistant', content: '' })];
  if (turn.thinking) chunks.push(...reasoningChunks(turn.thinking, flavor, textSize).map((delta) => chunk(delta)));
  for (const piece of splitText(turn.text ?? '', textSize)) {
    chunks.push(chunk({ content: options.textAsParts ? [{ type: 'text', text: piece }] : piece }));
  }
  if (turn.citations.length > 0) chunks.push(chunk({ content: '', annotations: turn.citations.map(urlCitation) }));
  turn.toolCalls.forEach((call, index) => {
    chunks.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }));
    for (const piece of splitText(JSON.stringify(call.input), argsSize)) {
      chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  const usage = chatUsage(turn, flavor, options);
  const finishDelta: Delta = flavor === 'openrouter' ? { role: 'assistant', content: '' } : {};
  chunks.push(chunk(finishDelta, FINISH_REASON[turn.stopReason], placement === 'with-finish' ? { usage } : {}));
  if (placement === 'empty-delta') {
    chunks.push({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, ...native(null) }], usage });
  } else if (placement === 'no-choices') {
    chunks.push({ ...base, choices: [], usage });
  }
  return chunks;
}

/** The stream as raw SSE text: keep-alive comments, one chunk per piece, then [DONE]. */
export function renderChatSse(scripted: ScriptedTurn, options: ChatRenderOptions = {}): string[] {
  const comments = options.processingComments ?? (options.flavor === 'openrouter' ? 1 : 0);
  const pieces = Array.from({ length: comments }, () => sseComment('OPENROUTER PROCESSING'));
  pieces.push(...renderChatChunks(scripted, options).map((chunk) => sseData(chunk)));
  if (options.done ?? true) pieces.push(sseData('[DONE]'));
  return pieces;
}

/** Databricks' list-shaped message content; the plain string form when there is no thinking. */
function messageContent(turn: CompleteTurn, flavor: ChatFlavor): string | ChatContentPart[] | null {
  if (flavor === 'databricks' && turn.thinking) {
    const parts: ChatContentPart[] = [reasoningPart(turn.thinking.text, turn.thinking.signature)];
    if (turn.text) parts.push({ type: 'text', text: turn.text });
    return parts;
  }
  if (turn.text) return turn.text;
  return turn.toolCalls.length > 0 ? null : '';
}

type Delta = NonNullable<NonNullable<ChatCompletionChunk['choices']>[number]['delta']>;

function reasoningChunks(thinking: { text: string; signature: string }, flavor: ChatFlavor, size: number): Delta[] {
  const pieces = splitText(thinking.text, size);
  if (flavor === 'databricks') {
    return [...pieces.map((piece) => ({ content: [reasoningPart(piece)] })), { content: [reasoningPart('', thinking.signature)] }];
  }
  if (flavor === 'openrouter') {
    const detail = (fields: Partial<ReasoningDetail>): ReasoningDetail => ({ type: 'reasoning.text', ...fields, format: REASONING_FORMAT, index: 0 });
    return [
      ...pieces.map((piece) => ({ reasoning: piece, reasoning_details: [detail({ text: piece })] })),
      { reasoning_details: [detail({ text: '', signature: thinking.signature })] },
    ];
  }
  if (flavor === 'litellm') {
    return [
      ...pieces.map((piece) => ({ reasoning_content: piece, thinking_blocks: [thinkingBlock(piece, null)] })),
      { thinking_blocks: [thinkingBlock('', thinking.signature)] },
    ];
  }
  return [];
}

function thinkingBlock(thinking: string, signature: string | null): ChatThinkingBlock {
  return { type: 'thinking', thinking, signature };
}

function reasoningPart(text: string, signature?: string): ChatContentPart {
  return { type: 'reasoning', summary: [{ type: 'summary_text', text, ...(signature !== undefined ? { signature } : {}) }] };
}

function urlCitation(citation: CompleteTurn['citations'][number]): ChatUrlCitation {
  const fields: NonNullable<ChatUrlCitation['url_citation']> = { url: citation.url, title: citation.title };
  if (citation.content !== undefined) fields.content = citation.content;
  if (citation.start !== undefined && citation.end !== undefined) {
    fields.start_index = citation.start;
    fields.end_index = citation.end;
  }
  return { type: 'url_citation', url_citation: fields };
}

function toolCall(call: CompleteTurn['toolCalls'][number]): ChatToolCall {
  return { id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.input) } };
}

/** OpenAI counts cached tokens inside prompt_tokens; Anthropic's input_tokens excludes them. */
function chatUsage(turn: CompleteTurn, flavor: ChatFlavor, options: ChatRenderOptions): ChatUsage {
  const { inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens } = turn.usage;
  const prompt = inputTokens + cacheReadTokens + cacheWriteTokens;
  const usage: ChatUsage = { prompt_tokens: prompt, completion_tokens: outputTokens, total_tokens: prompt + outputTokens };
  if (flavor === 'openrouter') {
    usage.prompt_tokens_details = { cached_tokens: cacheReadTokens, cache_write_tokens: cacheWriteTokens };
    usage.completion_tokens_details = { reasoning_tokens: turn.thinking ? Math.ceil(turn.thinking.text.length / 4) : 0 };
  } else if (cacheReadTokens > 0) {
    usage.prompt_tokens_details = { cached_tokens: cacheReadTokens };
  }
  if (options.anthropicCacheFields) {
    usage.cache_read_input_tokens = cacheReadTokens;
    usage.cache_creation_input_tokens = cacheWriteTokens;
  }
  return usage;
}
