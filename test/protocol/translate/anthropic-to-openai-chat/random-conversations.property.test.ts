import fc from 'fast-check';
import type { ContentBlock, MessageParam, MessagesRequest, UnknownBlock } from '../../../../core/protocol/anthropic/types';
import type { ChatMessage } from '../../../../core/protocol/openai/types';
import { translateRequestToOpenAIChat, type ChatTranslationOptions } from '../../../../core/protocol/translate/anthropic-to-openai-chat';
import { PNG_1x1 } from '../../support/request-builders';

type Block = ContentBlock | UnknownBlock;

const text = fc.string({ unit: 'grapheme', maxLength: 24 });
const cacheControl = fc.option(fc.constantFrom({ type: 'ephemeral' as const }, { type: 'ephemeral' as const, ttl: '1h' }), { nil: undefined });
const textBlock: fc.Arbitrary<Block> = fc.record({ t: text, cc: cacheControl }).map(({ t, cc }) => (cc ? { type: 'text', text: t, cache_control: cc } : { type: 'text', text: t }));
const imageBlock: fc.Arbitrary<Block> = fc.constantFrom<Block>(
  { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1x1 } },
  { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
);
const thinkingBlock: fc.Arbitrary<Block> = fc.oneof(
  fc.record({ thinking: text, signature: fc.option(fc.base64String({ minLength: 4, maxLength: 16 }), { nil: undefined }) }).map((b) => ({ type: 'thinking' as const, ...b })),
  fc.base64String({ minLength: 4, maxLength: 16 }).map((data) => ({ type: 'redacted_thinking' as const, data })),
);
const toolId = fc.oneof(fc.stringMatching(/^toolu_[A-Za-z0-9]{6}$/), fc.stringMatching(/^call[.:][a-z0-9]{1,4}:[0-9]$/));
const toolInput = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
const toolResultContent = fc.oneof(
  text,
  fc.constant(null),
  fc.array(fc.oneof(textBlock, imageBlock), { maxLength: 3 }),
);

/** One exchange: an assistant turn (thinking, text, tool uses) and the user turn answering it. */
const exchange = fc.record({
  thinking: fc.array(thinkingBlock, { maxLength: 2 }),
  assistantText: fc.array(textBlock, { maxLength: 2 }),
  tools: fc.uniqueArray(fc.record({ id: toolId, name: fc.constantFrom('Read', 'Bash'), input: toolInput }), { maxLength: 3, selector: (tool) => tool.id }),
  results: fc.array(fc.record({ content: toolResultContent, isError: fc.boolean(), cc: cacheControl }), { minLength: 3, maxLength: 3 }),
  userExtra: fc.array(fc.oneof(textBlock, imageBlock), { maxLength: 2 }),
  systemAfter: fc.option(fc.oneof(text, fc.array(textBlock, { maxLength: 2 })), { nil: undefined }),
  stringUser: fc.option(text, { nil: undefined }),
});

const conversation = fc.record({
  system: fc.option(fc.oneof(text, fc.array(textBlock, { maxLength: 3 })), { nil: undefined }),
  first: fc.array(fc.oneof(textBlock, imageBlock), { minLength: 1, maxLength: 3 }),
  exchanges: fc.array(exchange, { maxLength: 5 }),
  options: fc.record({
    cachePolicy: fc.constantFrom('keep' as const, 'strip-ttl' as const, 'strip' as const),
    reasoningChannel: fc.constantFrom('reasoning_details' as const, 'reasoning_parts' as const, 'none' as const),
    stream: fc.boolean(),
  }),
});

type Generated = typeof conversation extends fc.Arbitrary<infer T> ? T : never;

function build(generated: Generated): { body: MessagesRequest; toolResults: number } {
  const messages: MessageParam[] = [{ role: 'user', content: generated.first }];
  let toolResults = 0;
  generated.exchanges.forEach((ex, turn) => {
    // Ids are made unique per turn, as Anthropic requires.
    const tools = ex.tools.map((tool, j) => ({ type: 'tool_use' as const, id: `${tool.id}${turn}${j}`, name: tool.name, input: tool.input }));
    messages.push({ role: 'assistant', content: [...ex.thinking, ...ex.assistantText, ...tools] });
    if (ex.systemAfter !== undefined) messages.push({ role: 'system', content: ex.systemAfter as MessageParam['content'] });
    const results: Block[] = tools.map((tool, j) => {
      const result = ex.results[j]!;
      toolResults++;
      return { type: 'tool_result', tool_use_id: tool.id, content: result.content as never, is_error: result.isError, ...(result.cc ? { cache_control: result.cc } : {}) };
    });
    messages.push({ role: 'user', content: tools.length === 0 && ex.stringUser !== undefined ? ex.stringUser : [...results, ...ex.userExtra] });
  });
  return { body: { model: 'claude-sonnet-4-5', max_tokens: 32000, system: generated.system as MessagesRequest['system'], messages }, toolResults };
}

function assertTranslation(messages: ChatMessage[], toolResults: number): void {
  const systems = messages.filter((message) => message.role === 'system');
  expect(systems.length).toBeLessThanOrEqual(1);
  if (systems.length === 1) expect(messages[0]!.role).toBe('system');

  // Every tool call is answered by a tool message, right after its assistant message and in order.
  let toolMessages = 0;
  messages.forEach((message, i) => {
    if (message.role === 'tool') toolMessages++;
    if (message.role !== 'assistant' || !message.tool_calls) return;
    const answers = messages.slice(i + 1, i + 1 + message.tool_calls.length);
    expect(answers.map((answer) => answer.role === 'tool' && answer.tool_call_id)).toEqual(message.tool_calls.map((call) => call.id));
    for (const call of message.tool_calls) {
      expect(call.id).toMatch(/^[a-zA-Z0-9_-]+$/);
      expect(typeof JSON.parse(call.function.arguments)).toBe('object');
    }
  });
  expect(toolMessages).toBe(toolResults);

  // Nothing empty goes upstream, and at most 4 cache breakpoints.
  let breakpoints = 0;
  for (const message of messages) {
    if (typeof message.content === 'string') expect(message.content).not.toBe('');
    if (Array.isArray(message.content)) {
      expect(message.content.length).toBeGreaterThan(0);
      for (const part of message.content) {
        if (part.type === 'text') expect(part.text).not.toBe('');
        if ('cache_control' in part && part.cache_control) breakpoints++;
      }
    }
    if (message.role === 'assistant') expect(message.content !== null || message.tool_calls || message.reasoning_details).toBeTruthy();
  }
  expect(breakpoints).toBeLessThanOrEqual(4);
}

describe('random valid Anthropic conversations', () => {
  test('translate without throwing, every tool call answered in order, nothing empty, ≤4 breakpoints', () => {
    fc.assert(
      fc.property(conversation, (generated) => {
        const { body, toolResults } = build(generated);
        const options: ChatTranslationOptions = { upstreamModel: 'up', maxOutputTokens: 16384, supportsDocuments: true, ...generated.options };
        const before = JSON.stringify(body);
        const result = translateRequestToOpenAIChat(body, options);
        assertTranslation(result.messages, toolResults);
        expect(JSON.stringify(body)).toBe(before);
        expect(result.max_tokens).toBe(16384);
        if (options.cachePolicy === 'strip') expect(JSON.stringify(result)).not.toContain('cache_control');
        if (options.reasoningChannel === 'none') expect(JSON.stringify(result.messages)).not.toMatch(/reasoning/);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 100) },
    );
  });
});
