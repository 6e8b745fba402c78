import { renderChatChunks, renderChatCompletion, renderChatSse, type ChatFlavor } from '../../scripts/simulators/render-openai-chat';
import type { ScriptedTurn } from '../../scripts/simulators/scripted-turn';
import { isValidThinkingSignature } from '../../scripts/simulators/thinking-signature';
import { parseSse } from './sse-test-helpers';

const full: ScriptedTurn = {
  id: 'gen-1',
  model: 'anthropic/claude-sonnet-4',
  thinking: { text: 'The user wants the file; I should call Read with the path.' },
  text: 'Reading the file now.',
  toolCalls: [
    { id: 'toolu_1', name: 'Read', input: { file_path: '/tmp/a.txt' } },
    { id: 'toolu_2', name: 'Grep', input: { pattern: 'needle', path: '/tmp' } },
  ],
  usage: { inputTokens: 100, outputTokens: 30, cacheReadTokens: 50, cacheWriteTokens: 20 },
};

describe('renderChatCompletion', () => {
  it('renders OpenRouter reasoning with a signed reasoning_details entry, provider and native finish reason', () => {
    const completion = renderChatCompletion(full, { flavor: 'openrouter' });
    const choice = completion.choices[0]!;
    expect(completion.provider).toBe('Anthropic');
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.native_finish_reason).toBe('tool_use');
    expect(choice.message.content).toBe('Reading the file now.');
    expect(choice.message.reasoning).toBe(full.thinking!.text);
    const [detail] = choice.message.reasoning_details!;
    expect(detail).toMatchObject({ type: 'reasoning.text', text: full.thinking!.text, format: 'anthropic-claude-v1', index: 0 });
    expect(isValidThinkingSignature(detail!.text!, detail!.signature)).toBe(true);
    expect(choice.message.tool_calls).toEqual([
      { id: 'toolu_1', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/tmp/a.txt"}' } },
      { id: 'toolu_2', type: 'function', function: { name: 'Grep', arguments: '{"pattern":"needle","path":"/tmp"}' } },
    ]);
  });

  it('counts cached tokens inside prompt_tokens, with OpenRouter details', () => {
    expect(renderChatCompletion(full, { flavor: 'openrouter' }).usage).toMatchObject({
      prompt_tokens: 170,
      completion_tokens: 30,
      total_tokens: 200,
      prompt_tokens_details: { cached_tokens: 50, cache_write_tokens: 20 },
    });
  });

  it('renders Databricks thinking as a reasoning content part before the text', () => {
    const { message } = renderChatCompletion(full, { flavor: 'databricks' }).choices[0]!;
    expect(message.content).toEqual([
      { type: 'reasoning', summary: [{ type: 'summary_text', text: full.thinking!.text, signature: expect.any(String) }] },
      { type: 'text', text: 'Reading the file now.' },
    ]);
    expect(message.reasoning_details).toBeUndefined();
    expect(renderChatCompletion({ text: 'plain' }, { flavor: 'databricks' }).choices[0]!.message.content).toBe('plain');
  });

  it('renders LiteLLM thinking as reasoning_content plus one signed thinking block, beside text and tool calls', () => {
    const { message } = renderChatCompletion(full, { flavor: 'litellm' }).choices[0]!;
    expect(message.content).toBe('Reading the file now.');
    expect(message.reasoning_content).toBe(full.thinking!.text);
    expect(message.thinking_blocks).toEqual([{ type: 'thinking', thinking: full.thinking!.text, signature: expect.any(String) }]);
    const [block] = message.thinking_blocks!;
    expect(block!.type === 'thinking' && isValidThinkingSignature(full.thinking!.text, block!.signature)).toBe(true);
    expect(message.tool_calls).toHaveLength(2);
    expect(message.reasoning_details).toBeUndefined();
    const plain = renderChatCompletion({ text: 'no thinking' }, { flavor: 'litellm' }).choices[0]!.message;
    expect(plain).toEqual({ role: 'assistant', content: 'no thinking' });
  });

  it('maps stop reasons to finish reasons', () => {
    const finish = (turn: ScriptedTurn) => renderChatCompletion(turn).choices[0]!.finish_reason;
    expect(finish({ text: 'a' })).toBe('stop');
    expect(finish({ text: 'a', stopReason: 'max_tokens' })).toBe('length');
    expect(finish({ text: 'a', stopReason: 'refusal' })).toBe('content_filter');
    expect(finish({ toolCalls: [{ name: 'x', input: {} }] })).toBe('tool_calls');
    expect(renderChatCompletion({ toolCalls: [{ name: 'x', input: {} }] }).choices[0]!.message.content).toBeNull();
  });
});

describe('renderChatChunks / renderChatSse', () => {
  it.each<ChatFlavor>(['openai', 'openrouter', 'databricks', 'litellm'])('accumulates to the non-streamed completion (%s)', (flavor) => {
    const chunks = renderChatChunks(full, { flavor, textChunkSize: 5, argsChunkSize: 4 });
    expect(accumulate(chunks)).toEqual(expectedMessage(flavor));
  });

  it('splits tool-call arguments across chunks, id and name first', () => {
    const calls = renderChatChunks(full, { argsChunkSize: 4 }).flatMap((chunk) => chunk.choices?.[0]?.delta?.tool_calls ?? []);
    const first = calls.filter((call) => call.index === 0);
    expect(first[0]).toEqual({ index: 0, id: 'toolu_1', type: 'function', function: { name: 'Read', arguments: '' } });
    expect(first.length).toBeGreaterThan(3);
  });

  it('writes OpenRouter keep-alive comments first, usage in a trailing chunk, then [DONE]', () => {
    const pieces = renderChatSse(full, { flavor: 'openrouter', processingComments: 2 });
    expect(pieces.slice(0, 2)).toEqual([': OPENROUTER PROCESSING\n\n', ': OPENROUTER PROCESSING\n\n']);
    const { events, comments } = parseSse(pieces);
    expect(comments).toEqual(['OPENROUTER PROCESSING', 'OPENROUTER PROCESSING']);
    expect(events.at(-1)!.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data));
    expect(chunks.filter((chunk) => chunk.usage)).toHaveLength(1);
    const last = chunks.at(-1);
    expect(last.usage.prompt_tokens_details).toEqual({ cached_tokens: 50, cache_write_tokens: 20 });
    expect(last.choices[0].finish_reason).toBeNull();
    expect(chunks.at(-2).choices[0]).toMatchObject({ finish_reason: 'tool_calls', native_finish_reason: 'tool_use' });
  });

  it('places usage as asked', () => {
    const usageChunks = (placement: 'no-choices' | 'with-finish' | 'none') =>
      renderChatChunks({ text: 'x' }, { usagePlacement: placement }).filter((chunk) => chunk.usage);
    expect(usageChunks('no-choices')[0]!.choices).toEqual([]);
    expect(usageChunks('with-finish')[0]!.choices![0]!.finish_reason).toBe('stop');
    expect(usageChunks('none')).toHaveLength(0);
  });

  it('streams Databricks reasoning as list-shaped content deltas, signature last', () => {
    const deltas = renderChatChunks(full, { flavor: 'databricks' }).map((chunk) => chunk.choices?.[0]?.delta?.content);
    const reasoning = deltas.filter((content): content is any[] => Array.isArray(content));
    expect(reasoning.length).toBeGreaterThan(2);
    expect(reasoning.at(-1)![0].summary[0]).toEqual({ type: 'summary_text', text: '', signature: expect.any(String) });
    expect(renderChatChunks({ text: 'hi' }, { flavor: 'databricks', textAsParts: true })[1]!.choices![0]!.delta!.content).toEqual([{ type: 'text', text: 'hi' }]);
  });

  it('streams LiteLLM thinking the way LiteLLM relays Anthropic: text pieces in both fields, then the signature alone', () => {
    const deltas = renderChatChunks(full, { flavor: 'litellm', textChunkSize: 8 }).map((chunk) => chunk.choices?.[0]?.delta ?? {});
    const thinking = deltas.filter((delta) => delta.thinking_blocks);
    expect(thinking.length).toBeGreaterThan(3);
    const pieces = thinking.slice(0, -1);
    for (const delta of pieces) {
      expect(delta).toEqual({ reasoning_content: expect.any(String), thinking_blocks: [{ type: 'thinking', thinking: delta.reasoning_content, signature: null }] });
    }
    expect(pieces.map((delta) => delta.reasoning_content).join('')).toBe(full.thinking!.text);
    const last = thinking.at(-1)!;
    expect(last).toEqual({ thinking_blocks: [{ type: 'thinking', thinking: '', signature: expect.any(String) }] });
    const signature = (last.thinking_blocks![0] as { signature: string }).signature;
    expect(isValidThinkingSignature(full.thinking!.text, signature)).toBe(true);
    // Thinking comes before any text or tool call, as Anthropic streams it.
    const firstOther = deltas.findIndex((delta) => (typeof delta.content === 'string' && delta.content !== '') || delta.tool_calls);
    expect(deltas.indexOf(last)).toBeLessThan(firstOther);
    expect(renderChatChunks({ text: 'x' }, { flavor: 'litellm' }).some((chunk) => chunk.choices?.[0]?.delta?.thinking_blocks)).toBe(false);
  });

  it('can leave out [DONE]', () => {
    expect(renderChatSse({ text: 'x' }, { done: false }).some((piece) => piece.includes('[DONE]'))).toBe(false);
  });
});

function expectedMessage(flavor: ChatFlavor) {
  const { message } = renderChatCompletion(full, { flavor }).choices[0]!;
  return { ...message, role: 'assistant' };
}

/** A client-side accumulator in the spirit of the OpenAI SDKs, extended for OpenRouter, Databricks and LiteLLM reasoning. */
function accumulate(chunks: ReturnType<typeof renderChatChunks>) {
  const message: any = { role: 'assistant' };
  let text = '';
  let reasoningText = '';
  let signature: string | undefined;
  let sawParts = false;
  const calls: any[] = [];
  const details: any[] = [];
  const thinkingBlocks: any[] = [];
  for (const chunk of chunks) {
    const delta = chunk.choices?.[0]?.delta;
    if (!delta) continue;
    if (typeof delta.content === 'string') text += delta.content;
    if (Array.isArray(delta.content)) {
      for (const part of delta.content as any[]) {
        if (part.type === 'reasoning') {
          sawParts = true;
          for (const summary of part.summary) {
            reasoningText += summary.text;
            signature = summary.signature ?? signature;
          }
        }
        if (part.type === 'text') text += part.text;
      }
    }
    if (delta.reasoning) message.reasoning = (message.reasoning ?? '') + delta.reasoning;
    if (delta.reasoning_content) message.reasoning_content = (message.reasoning_content ?? '') + delta.reasoning_content;
    for (const block of delta.thinking_blocks ?? []) {
      if (block.type !== 'thinking') continue;
      let current = thinkingBlocks.at(-1);
      if (!current || current.signature) thinkingBlocks.push((current = { type: 'thinking', thinking: '', signature: null }));
      current.thinking += block.thinking ?? '';
      if (block.signature) current.signature = block.signature;
    }
    for (const detail of delta.reasoning_details ?? []) {
      const current = (details[detail.index ?? 0] ??= { ...detail, text: '' });
      current.text += detail.text ?? '';
      if (detail.signature) current.signature = detail.signature;
    }
    for (const call of delta.tool_calls ?? []) {
      const current = (calls[call.index!] ??= { id: call.id, type: 'function', function: { name: call.function?.name, arguments: '' } });
      current.function.arguments += call.function?.arguments ?? '';
    }
  }
  if (sawParts) message.content = [{ type: 'reasoning', summary: [{ type: 'summary_text', text: reasoningText, signature }] }, ...(text ? [{ type: 'text', text }] : [])];
  else message.content = text || (calls.length > 0 ? null : '');
  if (calls.length > 0) message.tool_calls = calls;
  if (details.length > 0) message.reasoning_details = details;
  if (thinkingBlocks.length > 0) message.thinking_blocks = thinkingBlocks;
  if (chunks[0]!.provider && message.reasoning === undefined) message.reasoning = null;
  return message;
}
