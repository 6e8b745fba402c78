import Anthropic from '@anthropic-ai/sdk';
import fc from 'fast-check';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eachEvent } from '../../../../core/protocol/anthropic/event-stream';
import type { Message } from '../../../../core/protocol/anthropic/types';
import type { ChatCompletion, ChatCompletionChunk, ChatContentPart, ReasoningDetail } from '../../../../core/protocol/openai/types';
import { formatSseEvent } from '../../../../core/protocol/sse/format-sse-event';
import { translateChatCompletion, translateChatStream } from '../../../../core/protocol/translate/openai-chat-to-anthropic';
import { assertAnthropicStreamGrammar } from '../../assert-anthropic-stream-grammar';
import { collect, iterate, mulberry32, splitRandomly } from '../../support/stream-fixtures';

/** One upstream answer, rendered both as a chat completion and as a chunked stream. */
interface Answer {
  style: 'openrouter' | 'databricks' | 'litellm' | 'plain';
  reasoning: Array<{ text: string; signature: string }>;
  text: string;
  tools: Array<{ id: string; name: string; args: Record<string, unknown> }>;
  finish: 'stop' | 'tool_calls' | 'length' | 'content_filter';
  usage: { prompt: number; completion: number; cached: number; write: number } | null;
  seed: number;
  interleave: boolean;
  comments: boolean;
}

const FORMAT = 'anthropic-claude-v1';
const text = (minLength = 0) => fc.string({ unit: 'grapheme', minLength, maxLength: 30 });
const answerArbitrary: fc.Arbitrary<Answer> = fc.record({
  style: fc.constantFrom('openrouter' as const, 'databricks' as const, 'litellm' as const, 'plain' as const),
  reasoning: fc.array(fc.record({ text: text(1), signature: fc.base64String({ minLength: 4, maxLength: 24 }) }), { maxLength: 2 }),
  text: text(),
  tools: fc.uniqueArray(
    fc.record({
      id: fc.stringMatching(/^toolu_[A-Za-z0-9]{4,10}$/),
      name: fc.constantFrom('Read', 'Bash', 'Grep', 'TodoWrite'),
      args: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
    }),
    { maxLength: 3, selector: (tool) => tool.id },
  ),
  finish: fc.constantFrom('stop' as const, 'tool_calls' as const, 'length' as const, 'content_filter' as const),
  usage: fc.option(fc.record({ prompt: fc.nat(5000), completion: fc.nat(2000), cached: fc.nat(1000), write: fc.nat(500) }), { nil: null }),
  seed: fc.integer(),
  interleave: fc.boolean(),
  comments: fc.boolean(),
});

const reasoningOf = (answer: Answer) => (answer.style === 'plain' ? answer.reasoning.slice(0, 1) : answer.reasoning);

function completionOf(answer: Answer): ChatCompletion {
  const message: ChatCompletion['choices'][number]['message'] = { role: 'assistant', content: answer.text === '' ? null : answer.text };
  const reasoning = reasoningOf(answer);
  if (answer.style === 'openrouter' && reasoning.length > 0) {
    message.reasoning = reasoning.map((block) => block.text).join('');
    message.reasoning_details = reasoning.map((block, index): ReasoningDetail => ({ type: 'reasoning.text', text: block.text, signature: block.signature, format: FORMAT, index }));
  } else if (answer.style === 'litellm' && reasoning.length > 0) {
    message.reasoning_content = reasoning.map((block) => block.text).join('');
    message.thinking_blocks = reasoning.map((block) => ({ type: 'thinking', thinking: block.text, signature: block.signature }));
  } else if (answer.style === 'databricks') {
    const parts: ChatContentPart[] = reasoning.map((block) => ({ type: 'reasoning', summary: [{ type: 'summary_text', text: block.text, signature: block.signature }] }));
    if (answer.text !== '') parts.push({ type: 'text', text: answer.text });
    message.content = parts.length > 0 ? parts : null;
  } else if (reasoning.length > 0) {
    message.reasoning = reasoning[0]!.text;
  }
  if (answer.tools.length > 0) {
    message.tool_calls = answer.tools.map((tool) => ({ id: tool.id, type: 'function', function: { name: tool.name, arguments: JSON.stringify(tool.args) } }));
  }
  const completion: ChatCompletion = { id: 'gen-1', choices: [{ index: 0, finish_reason: answer.finish, message }] };
  if (answer.usage) completion.usage = usageOf(answer.usage);
  return completion;
}

function usageOf(usage: NonNullable<Answer['usage']>): NonNullable<ChatCompletion['usage']> {
  return {
    prompt_tokens: usage.prompt + usage.cached + usage.write,
    completion_tokens: usage.completion,
    prompt_tokens_details: { cached_tokens: usage.cached, cache_write_tokens: usage.write },
  };
}

/** Cuts text at code-point boundaries, as an upstream's UTF-8 tokens would. */
function pieces(value: string, random: () => number): string[] {
  const points = Array.from(value);
  const out: string[] = [];
  for (let i = 0; i < points.length; ) {
    const size = 1 + Math.floor(random() * 6);
    out.push(points.slice(i, i + size).join(''));
    i += size;
  }
  return out;
}

function streamOf(answer: Answer): Buffer {
  const random = mulberry32(answer.seed);
  const chunks: ChatCompletionChunk[] = [{ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }];
  const delta = (d: NonNullable<NonNullable<ChatCompletionChunk['choices']>[number]['delta']>) => chunks.push({ choices: [{ index: 0, delta: d, finish_reason: null }] });

  reasoningOf(answer).forEach((block, index) => {
    for (const piece of pieces(block.text, random)) {
      if (answer.style === 'openrouter') delta({ reasoning: piece, reasoning_details: [{ type: 'reasoning.text', text: piece, format: FORMAT, index }] });
      else if (answer.style === 'databricks') delta({ content: [{ type: 'reasoning', summary: [{ type: 'summary_text', text: piece }] }] });
      else if (answer.style === 'litellm') delta({ reasoning_content: piece, thinking_blocks: [{ type: 'thinking', thinking: piece, signature: null }] });
      else delta({ reasoning: piece });
    }
    if (answer.style === 'openrouter') delta({ reasoning_details: [{ type: 'reasoning.text', text: '', signature: block.signature, format: FORMAT, index }] });
    if (answer.style === 'databricks') delta({ content: [{ type: 'reasoning', summary: [{ type: 'summary_text', text: '', signature: block.signature }] }] });
    if (answer.style === 'litellm') delta({ reasoning_content: '', thinking_blocks: [{ type: 'thinking', thinking: '', signature: block.signature }] });
  });
  for (const piece of pieces(answer.text, random)) delta(answer.style === 'databricks' ? { content: [{ type: 'text', text: piece }] } : { content: piece });

  // Each call: a header (id + name, empty arguments) then argument fragments; calls may interleave.
  const queues = answer.tools.map((tool, index) => [
    { index, id: tool.id, type: 'function' as const, function: { name: tool.name, arguments: '' } },
    ...pieces(JSON.stringify(tool.args), random).map((fragment) => ({ index, function: { arguments: fragment } })),
  ]);
  let headersSent = 0;
  while (queues.some((queue) => queue.length > 0)) {
    const ready = queues.map((queue, index) => (queue.length > 0 && (index < headersSent || index === headersSent) ? index : -1)).filter((index) => index >= 0);
    const pick = answer.interleave ? ready[Math.floor(random() * ready.length)]! : ready[0]!;
    if (pick === headersSent) headersSent++;
    delta({ tool_calls: [queues[pick]!.shift()!] });
  }
  chunks.push({ choices: [{ index: 0, delta: {}, finish_reason: answer.finish }] });
  if (answer.usage) chunks.push({ choices: [], usage: usageOf(answer.usage) });

  const comment = answer.comments ? ': OPENROUTER PROCESSING\n\n' : '';
  return Buffer.from(comment + chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n${random() < 0.2 ? comment : ''}`).join('') + 'data: [DONE]\n\n');
}

describe('streamed answer, accumulated by @anthropic-ai/sdk, equals the non-streamed translation', () => {
  let server: Server;
  let client: Anthropic;
  let nextBody = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'request-id': 'req_test' });
        res.end(nextBody);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new Anthropic({ apiKey: 'test-key', baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, maxRetries: 0 });
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('for random answers (text, reasoning, tool calls, interleaving, random byte boundaries)', async () => {
    await fc.assert(
      fc.asyncProperty(answerArbitrary, async (answer) => {
        const options = { requestedModel: 'claude-sonnet-4-5-20250929', inputTokenEstimate: 77 };
        const expected = translateChatCompletion(completionOf(answer), options);

        const bytes = streamOf(answer);
        const events = await collect(eachEvent(translateChatStream(iterate(splitRandomly(bytes, answer.seed, 64)), options)));
        assertAnthropicStreamGrammar(events);
        nextBody = events.map(formatSseEvent).join('');

        const final = await client.messages
          .stream({ model: 'claude-sonnet-4-5-20250929', max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }] })
          .finalMessage();
        // `parsed_output` is added by the SDK's structured-output helper, not sent on the wire.
        const { id: streamedId, parsed_output: _parsed, ...streamed } = final as unknown as Message & { parsed_output?: unknown };
        const { id: completedId, ...completed } = expected;
        expect(streamedId).toMatch(/^msg_/);
        expect(completedId).toMatch(/^msg_/);
        expect(streamed).toEqual(completed);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 80) },
    );
  });
});
