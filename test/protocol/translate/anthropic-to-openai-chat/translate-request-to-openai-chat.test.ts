import { request, translate } from '../../support/request-builders';

describe('translateRequestToOpenAIChat (top-level fields)', () => {
  test('model, stream, stop_sequences, sampling and metadata.user_id', () => {
    const { result } = translate(
      request({ stop_sequences: ['###'], temperature: 0.2, top_p: 0.9, top_k: 40, metadata: { user_id: 'user_abc_session_1' }, stream: true }),
      { stream: true, supportsTopK: true },
    );
    expect(result).toMatchObject({
      model: 'anthropic/claude-sonnet-4',
      stream: true,
      stream_options: { include_usage: true },
      stop: ['###'],
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      user: 'user_abc_session_1',
      max_tokens: 1024,
    });
  });

  test('top_k only where accepted; stream usage can be turned off', () => {
    const { result, lines } = translate(request({ top_k: 5 }), { stream: true, includeStreamUsage: false });
    expect(result).not.toHaveProperty('top_k');
    expect(result).not.toHaveProperty('stream_options');
    expect(lines).toContainEqual({ level: 'debug', message: 'Dropped request field the upstream cannot take', meta: { field: 'top_k' } });
  });

  test('fields the upstream cannot take are dropped with one debug line each', () => {
    const { result, lines } = translate(
      request({ context_management: { edits: [] }, output_config: { effort: 'high' }, container: 'c', mcp_servers: [] }),
    );
    for (const field of ['context_management', 'output_config', 'container', 'mcp_servers']) {
      expect(result).not.toHaveProperty(field);
      expect(lines.filter((line) => line.meta?.field === field)).toHaveLength(1);
    }
  });

  test('the input body is not modified', () => {
    const body = request({ system: [{ type: 'text', text: 's', cache_control: { type: 'ephemeral', ttl: '1h' } }], stream: true });
    const before = JSON.stringify(body);
    translate(body, { cachePolicy: 'strip-ttl' });
    expect(JSON.stringify(body)).toBe(before);
  });
});
