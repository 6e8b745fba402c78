import { request, translate } from '../../support/request-builders';

describe('thinking and max_tokens (map-thinking)', () => {
  test('max_tokens is clamped to the model ceiling; the budget stays below it', () => {
    const body = request({ max_tokens: 64000, thinking: { type: 'enabled', budget_tokens: 63999 } });
    const { result } = translate(body, { maxOutputTokens: 16384, reasoningChannel: 'reasoning_details' });
    expect(result.max_tokens).toBe(16384);
    expect(result.reasoning).toEqual({ max_tokens: 16383 });
  });

  test('max_tokens below the ceiling is sent as asked', () => {
    expect(translate(request({ max_tokens: 4096 }), { maxOutputTokens: 16384 }).result.max_tokens).toBe(4096);
    expect(translate(request({ max_tokens: 4096 })).result.max_tokens).toBe(4096);
  });

  test('databricks: thinking {type: enabled, budget_tokens >= 1024}', () => {
    const { result } = translate(request({ max_tokens: 8000, thinking: { type: 'enabled', budget_tokens: 500 } }), { reasoningChannel: 'reasoning_parts' });
    expect(result.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(result).not.toHaveProperty('reasoning');
  });

  test('no room for the minimum budget -> thinking not requested, with a warning', () => {
    const { result, lines } = translate(request({ max_tokens: 1000, thinking: { type: 'enabled', budget_tokens: 2000 } }), { reasoningChannel: 'reasoning_parts' });
    expect(result).not.toHaveProperty('thinking');
    expect(lines.some((line) => line.level === 'warn')).toBe(true);
  });

  test('adaptive thinking: OpenRouter effort from output_config, Databricks an enabled budget for the effort', () => {
    const body = request({ max_tokens: 32000, thinking: { type: 'adaptive' }, output_config: { effort: 'max' } });
    expect(translate(body, { reasoningChannel: 'reasoning_details' }).result.reasoning).toEqual({ effort: 'xhigh' });
    const databricks = translate(body, { reasoningChannel: 'reasoning_parts' });
    expect(databricks.result.thinking).toEqual({ type: 'enabled', budget_tokens: 31999 });
    expect(databricks.result).not.toHaveProperty('output_config');
    expect(databricks.lines.some((line) => line.meta?.field === 'output_config')).toBe(false);
    const medium = translate(request({ max_tokens: 32000, thinking: { type: 'adaptive' }, output_config: { effort: 'medium' } }), { reasoningChannel: 'reasoning_parts' });
    expect(medium.result.thinking).toEqual({ type: 'enabled', budget_tokens: 8192 });
    const unspecified = translate(request({ max_tokens: 4000, thinking: { type: 'adaptive' } }), { reasoningChannel: 'reasoning_parts' });
    expect(unspecified.result.thinking).toEqual({ type: 'enabled', budget_tokens: 3999 });
    expect(translate(request({ thinking: { type: 'adaptive' } }), { reasoningChannel: 'reasoning_details' }).result.reasoning).toEqual({ enabled: true });
  });

  test('litellm: thinking {type: enabled, budget_tokens} passed as is, with the same budget clamping', () => {
    const asked = translate(request({ max_tokens: 8000, thinking: { type: 'enabled', budget_tokens: 4000 } }), { reasoningChannel: 'thinking_blocks' }).result;
    expect(asked.thinking).toEqual({ type: 'enabled', budget_tokens: 4000 });
    expect(asked).not.toHaveProperty('reasoning');
    expect(asked).not.toHaveProperty('reasoning_effort');
    const low = translate(request({ max_tokens: 8000, thinking: { type: 'enabled', budget_tokens: 500 } }), { reasoningChannel: 'thinking_blocks' }).result;
    expect(low.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    const high = translate(request({ max_tokens: 64000, thinking: { type: 'enabled', budget_tokens: 63999 } }), { reasoningChannel: 'thinking_blocks', maxOutputTokens: 16384 }).result;
    expect(high.thinking).toEqual({ type: 'enabled', budget_tokens: 16383 });
    const none = translate(request({ max_tokens: 1000, thinking: { type: 'enabled', budget_tokens: 2000 } }), { reasoningChannel: 'thinking_blocks' }).result;
    expect(none).not.toHaveProperty('thinking');
  });

  test.each([
    [undefined, 'medium', true],
    [{ effort: 'low' }, 'low', false],
    [{ effort: 'high' }, 'high', false],
    [{ effort: 'max' }, 'high', false],
    [{ effort: 'bogus' }, 'medium', true],
  ])('litellm: adaptive thinking with output_config %j -> reasoning_effort %s', (outputConfig, effort, outputConfigDropped) => {
    const body = request({ thinking: { type: 'adaptive' }, ...(outputConfig ? { output_config: outputConfig } : {}) });
    const { result, lines } = translate(body, { reasoningChannel: 'thinking_blocks' });
    expect(result.reasoning_effort).toBe(effort);
    expect(result).not.toHaveProperty('thinking');
    expect(result).not.toHaveProperty('output_config');
    const reportedDropped = lines.some((line) => line.meta?.field === 'output_config');
    expect(reportedDropped).toBe(outputConfig !== undefined && outputConfigDropped);
  });

  test('channel none or thinking disabled -> no reasoning parameter at all', () => {
    for (const body of [request({ thinking: { type: 'enabled', budget_tokens: 2048 }, max_tokens: 4096 })]) {
      const { result } = translate(body, { reasoningChannel: 'none' });
      expect(result).not.toHaveProperty('reasoning');
      expect(result).not.toHaveProperty('thinking');
    }
    const disabled = translate(request({ thinking: { type: 'disabled' } }), { reasoningChannel: 'reasoning_details' }).result;
    expect(disabled).not.toHaveProperty('reasoning');
  });
});
