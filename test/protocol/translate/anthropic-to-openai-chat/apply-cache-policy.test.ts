import type { MessagesRequest } from '../../../../core/protocol/anthropic/types';
import { request, translate } from '../../support/request-builders';

const ttl = { type: 'ephemeral' as const, ttl: '1h' };
const schema = { type: 'object', properties: { cache_control: { type: 'string' } } };

function cachedConversation(): MessagesRequest {
  return request({
    tools: [{ name: 'Read', input_schema: schema, cache_control: ttl }],
    system: [{ type: 'text', text: 'S1', cache_control: ttl }, { type: 'text', text: 'S2', cache_control: ttl }],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'u1', cache_control: ttl }] },
      { role: 'assistant', content: [
        { type: 'thinking', thinking: 'hmm', signature: 'sig', cache_control: ttl } as never,
        { type: 'tool_use', id: 't1', name: 'Read', input: { cache_control: ttl }, cache_control: ttl },
      ] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'r', cache_control: ttl }] },
    ],
  });
}

const markers = (value: unknown): unknown[] => {
  const found: unknown[] = [];
  const walk = (node: unknown, key?: string) => {
    if (key === 'parameters' || key === 'arguments') return;
    if (Array.isArray(node)) node.forEach((item) => walk(item));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'cache_control') found.push(v);
        else walk(v, k);
      }
    }
  };
  walk(value);
  return found;
};

describe('cache_control policy (apply-cache-policy)', () => {
  test('keep: markers kept (ttl included), at most 4, the latest ones win', () => {
    const { result } = translate(cachedConversation(), { cachePolicy: 'keep' });
    expect(markers(result)).toEqual([ttl, ttl, ttl, ttl]);
    expect(result.tools![0]).not.toHaveProperty('cache_control');
    expect(result.messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 't1', content: [{ type: 'text', text: 'r', cache_control: ttl }] });
  });

  test('strip-ttl: markers reduced to {type}', () => {
    const { result } = translate(cachedConversation(), { cachePolicy: 'strip-ttl' });
    expect(markers(result)).toEqual([{ type: 'ephemeral' }, { type: 'ephemeral' }, { type: 'ephemeral' }, { type: 'ephemeral' }]);
  });

  test('strip: no markers anywhere; content collapses to strings', () => {
    const { result } = translate(cachedConversation(), { cachePolicy: 'strip' });
    expect(markers(result)).toEqual([]);
    expect(result.messages[0]).toEqual({ role: 'system', content: 'S1\n\nS2' });
  });

  test('never on thinking; tool inputs and schemas untouched', () => {
    const body = cachedConversation();
    const before = JSON.stringify(body);
    const { result } = translate(body, { cachePolicy: 'strip', reasoningChannel: 'reasoning_details' });
    expect(JSON.stringify(body)).toBe(before);
    expect(result.tools![0]!.function.parameters).toBe(schema);
    const assistant = result.messages.find((m) => m.role === 'assistant') as { reasoning_details: unknown[]; tool_calls: Array<{ function: { arguments: string } }> };
    expect(assistant.reasoning_details[0]).not.toHaveProperty('cache_control');
    expect(JSON.parse(assistant.tool_calls[0]!.function.arguments)).toEqual({ cache_control: ttl });
  });
});
