import { ApiError } from '../../anthropic/errors';
import type { ErrorBody, Message, StreamEvent } from '../../anthropic/types';
import type { ChatCompletionChunk, ChatUsage } from '../../openai/types';
import { tokensForChars } from '../../estimate-input-tokens';
import { parseSseStream, type SseItem } from '../../sse/parse-sse-stream';
import { readUpstreamError, type ErrorCodeStatuses } from '../../upstream-errors/read-upstream-error';
import { generateAnthropicId } from '../generate-anthropic-id';
import { sanitizeToolCallId } from '../sanitize-tool-call-id';
import { silentLogger, type TranslationLogger } from '../translation-logger';
import type { ChatResponseOptions } from './chat-response-options';
import { convertUsage } from './convert-usage';
import { findMatchedStop, mapFinishReason } from './map-finish-reason';
import { errorBodyOf, readErrorInAnswer } from './read-error-in-answer';
import { continuesThinking, readChatContent, type ContentPiece } from './read-chat-content';
import { JsonCompletionTracker } from './track-json-completion';
import { citationOf, FoundPages, searchBlocks, webSearchRequests, type CitedSpan, type FoundPage } from './web-search-blocks';

type ChunkToolCall = NonNullable<NonNullable<NonNullable<ChatCompletionChunk['choices']>[number]['delta']>['tool_calls']>[number];

interface ToolCallState {
  id?: string;
  name?: string;
  /** Arguments received before the call's block could open. */
  pending: string;
  blockIndex: number;
  queued: boolean;
  closed: boolean;
  /** A lone `{}` first fragment, held back: Databricks sends it before the real arguments. */
  heldEmptyObject: boolean;
  json: JsonCompletionTracker;
}

type OpenBlock =
  | { kind: 'thinking'; index: number; signature: string; group: number | string | undefined }
  | { kind: 'text'; index: number }
  | { kind: 'tool'; index: number; call: ToolCallState };

type Pending = ContentPiece | { kind: 'tool'; call: ToolCallState } | { kind: 'search'; spans: CitedSpan[]; pages: FoundPage[] };

/**
 * One request's OpenAI chat stream -> Anthropic stream events, chunk by chunk.
 * Blocks get increasing indices and are opened, fed deltas of their own type and
 * closed before the next opens. Tool calls are tracked per OpenAI `index`; when
 * calls interleave, a later call (and any content after it) waits only until the
 * open call's arguments form a complete JSON value, then is released.
 * Usage: start(), push(chunk) per chunk, keepAlive() per SSE comment, finish() at
 * `[DONE]` or the end of the body, fail(error) when the upstream breaks.
 */
export class ChatStreamTranslator {
  private readonly logger: TranslationLogger;
  private readonly messageId: string;
  private events: StreamEvent[] = [];
  private phase: 'new' | 'streaming' | 'done' = 'new';
  private nextIndex = 0;
  private open: OpenBlock | null = null;
  private readonly tools = new Map<number | string, ToolCallState>();
  private lastToolKey: number | string | undefined;
  private readonly waiting: Pending[] = [];
  private forcing = false;
  private toolUses = 0;
  private outputChars = 0;
  private finishReason: string | undefined;
  private nativeFinishReason: string | null | undefined;
  private matchedStop: string | null = null;
  private usage: ChatUsage | undefined;
  /** Pages cited so far, when the request asked for a web search; `searchShown` once its blocks went out. */
  private readonly found: FoundPages | undefined;
  private searchShown = false;
  /** The answer's text so far, kept only for a web search: citations quote the span they cite. */
  private answerText = '';

  constructor(private readonly options: ChatResponseOptions) {
    this.logger = options.logger ?? silentLogger;
    this.messageId = options.messageId ?? generateAnthropicId('msg');
    this.found = options.webSearch ? new FoundPages() : undefined;
  }

  get done(): boolean {
    return this.phase === 'done';
  }

  start(): StreamEvent[] {
    if (this.phase === 'new') this.emitStart();
    return this.take();
  }

  push(chunk: ChatCompletionChunk): StreamEvent[] {
    if (this.phase === 'done') return [];
    if (this.phase === 'new') this.emitStart();
    const error = readErrorInAnswer(chunk, this.options.errorCodes);
    if (error) return this.fail(errorBodyOf(error));
    if (chunk.usage) this.usage = chunk.usage;

    const choice = chunk.choices?.[0];
    if (!choice || this.finishReason !== undefined) {
      if (choice && this.found) this.acceptCitations(choice);
      return this.take();
    }

    const delta = choice.delta;
    if (delta) {
      const pieces = readChatContent(delta);
      for (let i = 0; i < pieces.length; i++) this.accept(pieces[i]!);
      const calls = delta.tool_calls;
      if (Array.isArray(calls)) for (let i = 0; i < calls.length; i++) this.acceptToolCall(calls[i]!, i);
    }
    if (this.found) this.acceptCitations(choice);
    if (choice.finish_reason) {
      this.finishReason = choice.finish_reason;
      this.nativeFinishReason = choice.native_finish_reason;
      this.matchedStop = findMatchedStop(choice as unknown as Record<string, unknown>);
      this.closeEverything();
    }
    return this.take();
  }

  /** An SSE comment from the upstream (`: OPENROUTER PROCESSING`) keeps the client's connection warm too. */
  keepAlive(): StreamEvent[] {
    return this.phase === 'streaming' ? [{ type: 'ping' }] : [];
  }

  /** End of the upstream stream: the closing events, or an error if the answer never finished. */
  finish(): StreamEvent[] {
    if (this.phase === 'done') return [];
    if (this.phase === 'new') this.emitStart();
    if (this.finishReason === undefined) {
      return this.fail({ type: 'api_error', message: 'The upstream closed the stream before the answer was complete' });
    }
    // A search that cited nothing is still shown, with no results.
    if (this.found && !this.searchShown) this.runSearch({ kind: 'search', spans: [], pages: [] });
    const { stop_reason, stop_sequence } = mapFinishReason({
      finishReason: this.finishReason,
      nativeFinishReason: this.nativeFinishReason,
      matchedStop: this.matchedStop,
      hasToolUse: this.toolUses > 0,
      stopSequences: this.options.stopSequences,
    });
    const usage: Extract<StreamEvent, { type: 'message_delta' }>['usage'] = this.usage ? convertUsage(this.usage) : this.estimatedUsage();
    if (this.found) usage.server_tool_use = { web_search_requests: webSearchRequests(this.usage) };
    this.events.push({ type: 'message_delta', delta: { stop_reason, stop_sequence }, usage });
    this.events.push({ type: 'message_stop' });
    this.phase = 'done';
    return this.take();
  }

  /** An `error` event, after which the stream ends; never a made-up end_turn. */
  fail(error: ErrorBody): StreamEvent[] {
    if (this.phase === 'done') return [];
    if (this.phase === 'new') this.emitStart();
    this.events.push({ type: 'error', error });
    this.phase = 'done';
    return this.take();
  }

  /** The upstream body broke: an error, unless the answer had already finished. */
  interrupted(error: ErrorBody): StreamEvent[] {
    return this.finishReason !== undefined ? this.finish() : this.fail(error);
  }

  /** Final counts when the upstream reported none: the estimate message_start carried, and the output measured. */
  private estimatedUsage(): { input_tokens?: number; output_tokens: number } {
    const output_tokens = tokensForChars(this.outputChars);
    const input = this.options.inputTokenEstimate;
    return input === undefined ? { output_tokens } : { input_tokens: input, output_tokens };
  }

  private emitStart(): void {
    const message: Message = {
      id: this.messageId,
      type: 'message',
      role: 'assistant',
      model: this.options.requestedModel,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: this.options.inputTokenEstimate ?? 0, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    };
    this.events.push({ type: 'message_start', message });
    this.phase = 'streaming';
  }

  private take(): StreamEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  private blocked(): boolean {
    return !this.forcing && this.open?.kind === 'tool' && !this.open.call.json.complete;
  }

  private accept(item: Pending): void {
    if (this.waiting.length > 0 || this.blocked()) this.waiting.push(item);
    else this.run(item);
  }

  private release(): void {
    while (this.waiting.length > 0 && !this.blocked()) this.run(this.waiting.shift()!);
  }

  private run(item: Pending): void {
    switch (item.kind) {
      case 'thinking':
        return this.runThinking(item);
      case 'redacted': {
        this.closeOpen();
        const index = this.nextIndex++;
        this.events.push({ type: 'content_block_start', index, content_block: { type: 'redacted_thinking', data: item.data } });
        this.events.push({ type: 'content_block_stop', index });
        return;
      }
      case 'text': {
        if (this.open?.kind !== 'text') {
          this.closeOpen();
          this.open = { kind: 'text', index: this.nextIndex++ };
          this.events.push({ type: 'content_block_start', index: this.open.index, content_block: { type: 'text', text: '' } });
        }
        this.events.push({ type: 'content_block_delta', index: this.open.index, delta: { type: 'text_delta', text: item.text } });
        this.outputChars += item.text.length;
        if (this.found) this.answerText += item.text;
        return;
      }
      case 'tool':
        return this.openTool(item.call);
      case 'search':
        return this.runSearch(item);
    }
  }

  /** `url_citation` annotations in the delta or beside it; pages not seen before are shown as a search. */
  private acceptCitations(choice: NonNullable<ChatCompletionChunk['choices']>[number]): void {
    const annotations = choice.delta?.annotations ?? choice.annotations;
    if (!annotations) return;
    const { spans, added } = this.found!.read(annotations);
    if (added.length > 0) this.accept({ kind: 'search', spans, pages: added });
  }

  /**
   * The text already sent cannot move behind the search, so the open text block
   * takes the citations (citations_delta) and the search blocks follow it.
   */
  private runSearch(item: Extract<Pending, { kind: 'search' }>): void {
    const open = this.open;
    if (open?.kind === 'text') {
      const cited = new Set<string>();
      for (const span of item.spans) {
        if (cited.has(span.page.url)) continue;
        cited.add(span.page.url);
        const quoted = span.start !== undefined && span.end! <= this.answerText.length ? this.answerText.slice(span.start, span.end) : '';
        this.events.push({ type: 'content_block_delta', index: open.index, delta: { type: 'citations_delta', citation: citationOf(span.page, quoted) } });
      }
    }
    this.closeOpen();
    const [use, result] = searchBlocks(this.options.webSearch!, item.pages);
    const useIndex = this.nextIndex++;
    this.events.push({ type: 'content_block_start', index: useIndex, content_block: { ...use, input: {} } });
    this.events.push({ type: 'content_block_delta', index: useIndex, delta: { type: 'input_json_delta', partial_json: JSON.stringify(use.input) } });
    this.events.push({ type: 'content_block_stop', index: useIndex });
    const resultIndex = this.nextIndex++;
    this.events.push({ type: 'content_block_start', index: resultIndex, content_block: result });
    this.events.push({ type: 'content_block_stop', index: resultIndex });
    this.searchShown = true;
  }

  private runThinking(piece: Extract<ContentPiece, { kind: 'thinking' }>): void {
    if (piece.text === '' && !piece.signature) return;
    let open = this.open;
    if (open?.kind !== 'thinking' || !continuesThinking(open, piece)) {
      this.closeOpen();
      open = this.open = { kind: 'thinking', index: this.nextIndex++, signature: '', group: piece.group };
      this.events.push({ type: 'content_block_start', index: open.index, content_block: { type: 'thinking', thinking: '', signature: '' } });
    }
    if (piece.text !== '') {
      this.events.push({ type: 'content_block_delta', index: open.index, delta: { type: 'thinking_delta', thinking: piece.text } });
      this.outputChars += piece.text.length;
    }
    if (piece.signature) open.signature = piece.signature;
    if (open.group === undefined) open.group = piece.group;
  }

  private acceptToolCall(delta: ChunkToolCall, position: number): void {
    const key = this.toolKey(delta, position);
    let call = this.tools.get(key);
    if (!call) {
      call = { pending: '', blockIndex: -1, queued: false, closed: false, heldEmptyObject: false, json: new JsonCompletionTracker() };
      this.tools.set(key, call);
    }
    this.lastToolKey = key;
    if (typeof delta.id === 'string' && delta.id !== '' && call.id === undefined) call.id = delta.id;
    const name = delta.function?.name;
    if (typeof name === 'string' && name !== '' && call.name === undefined) call.name = name;
    const rawArgs: unknown = delta.function?.arguments;
    const args = typeof rawArgs === 'string' ? rawArgs : rawArgs != null ? JSON.stringify(rawArgs) : '';

    if (call.closed) {
      if (args.trim() !== '') this.logger.warn('Dropped tool-call arguments that arrived after the call was closed', { tool: call.name });
      return;
    }
    if (call.blockIndex >= 0) {
      this.sendArguments(call, args);
      if (call.json.complete) this.release();
      return;
    }
    call.pending += args;
    if (!call.queued && call.name !== undefined) {
      call.queued = true;
      this.accept({ kind: 'tool', call });
    }
  }

  /** OpenAI numbers tool calls with `index`; some upstreams omit it and rely on ids or order. */
  private toolKey(delta: ChunkToolCall, position: number): number | string {
    if (typeof delta.index === 'number') return delta.index;
    if (typeof delta.id === 'string' && delta.id !== '') {
      for (const [key, call] of this.tools) if (call.id === delta.id) return key;
      return `id:${delta.id}`;
    }
    return this.lastToolKey ?? position;
  }

  private openTool(call: ToolCallState): void {
    this.closeOpen();
    call.blockIndex = this.nextIndex++;
    this.toolUses++;
    this.open = { kind: 'tool', index: call.blockIndex, call };
    const id = call.id !== undefined ? sanitizeToolCallId(call.id) : generateAnthropicId('toolu');
    this.events.push({
      type: 'content_block_start',
      index: call.blockIndex,
      content_block: { type: 'tool_use', id, name: call.name!, input: {} },
    });
    const pending = call.pending;
    call.pending = '';
    this.sendArguments(call, pending);
  }

  private sendArguments(call: ToolCallState, args: string): void {
    if (args === '') return;
    if (!call.json.started) {
      if (args.trim() === '') return;
      if (args.trim() === '{}' && !call.heldEmptyObject) {
        call.heldEmptyObject = true;
        this.outputChars += args.length;
        return;
      }
    }
    call.json.feed(args);
    this.outputChars += args.length;
    this.events.push({ type: 'content_block_delta', index: call.blockIndex, delta: { type: 'input_json_delta', partial_json: args } });
  }

  private closeOpen(): void {
    const open = this.open;
    if (!open) return;
    if (open.kind === 'thinking' && open.signature !== '') {
      this.events.push({ type: 'content_block_delta', index: open.index, delta: { type: 'signature_delta', signature: open.signature } });
    } else if (open.kind === 'tool') {
      if (!open.call.json.started) {
        this.events.push({ type: 'content_block_delta', index: open.index, delta: { type: 'input_json_delta', partial_json: '{}' } });
      }
      open.call.closed = true;
    }
    this.events.push({ type: 'content_block_stop', index: open.index });
    this.open = null;
  }

  private closeEverything(): void {
    this.forcing = true;
    this.release();
    this.closeOpen();
    for (const call of this.tools.values()) {
      if (call.blockIndex < 0) this.logger.warn('Dropped a tool call without a name from the upstream stream', { id: call.id });
    }
  }
}

/**
 * An upstream chat-completions SSE body -> Anthropic stream events, yielded as
 * each upstream chunk arrives: one batch per chunk, holding what that chunk's
 * SSE events translate to. `message_start` comes first, before any upstream
 * byte. Whatever goes wrong after that (an error object in the stream, a body
 * that ends without a finish reason, a read that throws: idle timeout, reset)
 * ends the stream with an `error` event. Stopping the iteration stops reading
 * the upstream body.
 */
export async function* translateChatStream(
  upstreamBody: AsyncIterable<Uint8Array | string>,
  options: ChatResponseOptions,
): AsyncGenerator<StreamEvent[]> {
  const translator = new ChatStreamTranslator(options);
  const logger = options.logger ?? silentLogger;
  yield translator.start();
  try {
    for await (const items of parseSseStream(upstreamBody)) {
      const batch: StreamEvent[] = [];
      for (let i = 0; i < items.length && !translator.done; i++) {
        const events = translateItem(translator, items[i]!, logger, options.errorCodes);
        for (let j = 0; j < events.length; j++) batch.push(events[j]!);
      }
      if (batch.length > 0) yield batch;
      if (translator.done) return;
    }
    yield translator.finish();
  } catch (error) {
    logger.warn('The upstream stream broke', { error: error instanceof Error ? error.message : String(error) });
    yield translator.interrupted(errorOfException(error));
  }
}

function translateItem(translator: ChatStreamTranslator, item: SseItem, logger: TranslationLogger, codes: ErrorCodeStatuses | undefined): StreamEvent[] {
  if (item.kind === 'comment') return translator.keepAlive();
  if (item.data === '[DONE]') return translator.finish();
  const chunk = parseChunk(item.data);
  if (chunk === undefined) {
    logger.warn('The upstream sent a stream chunk that is not JSON', { data: item.data.slice(0, 200) });
    return translator.fail({ type: 'api_error', message: 'The upstream sent a malformed stream chunk' });
  }
  if (item.event === 'error') return translator.fail(errorBodyOf(readUpstreamError(200, {}, chunk, undefined, codes)));
  if (chunk === null || typeof chunk !== 'object') return [];
  return translator.push(chunk as ChatCompletionChunk);
}

function parseChunk(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

function errorOfException(error: unknown): ErrorBody {
  if (error instanceof ApiError) return errorBodyOf(error);
  return { type: 'api_error', message: 'The connection to the upstream was interrupted' };
}
