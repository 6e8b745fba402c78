import { ApiError } from '../../../../core/protocol/anthropic/errors';
import { describeStreamError, translateUpstreamError } from '../../../../core/protocol/translate/openai-chat-to-anthropic';

describe('translateUpstreamError', () => {
  test('context overflow -> 400 invalid_request_error starting with "prompt is too long", upstream words kept', () => {
    const error = translateUpstreamError(400, { error: { message: "This model's maximum context length is 200000 tokens.", type: 'invalid_request_error', code: 'context_length_exceeded' } });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.type).toBe('invalid_request_error');
    expect(error.message).toBe("prompt is too long: This model's maximum context length is 200000 tokens.");
  });

  test.each([
    [400, { error_code: 'BAD_REQUEST', message: 'Input is too long for requested model.' }],
    [400, { error: { message: 'litellm.ContextWindowExceededError: prompt has 250000 tokens', type: 'None', code: '400' } }],
    [413, { error: { code: 413, message: 'Prompt is too long: 210000 tokens > 200000 maximum' } }],
  ])('context overflow wordings of each backend (%i) -> "prompt is too long"', (status, body) => {
    const error = translateUpstreamError(status, body);
    expect([error.status, error.type]).toEqual([400, 'invalid_request_error']);
    expect(error.message.toLowerCase().startsWith('prompt is too long')).toBe(true);
  });

  test('a rate limit that mentions tokens stays a rate limit', () => {
    const error = translateUpstreamError(429, { error: { message: 'Too many tokens per minute; slow down' } });
    expect([error.status, error.type]).toEqual([429, 'rate_limit_error']);
  });

  test('OpenRouter 402 (credits) stays 402 billing_error with its message', () => {
    const error = translateUpstreamError(402, { error: { code: 402, message: 'Insufficient credits' } });
    expect([error.status, error.type, error.message]).toEqual([402, 'billing_error', 'Insufficient credits']);
  });

  test('OpenRouter 403 moderation -> permission_error naming the flagged reasons', () => {
    const error = translateUpstreamError(403, { error: { code: 403, message: 'Input was flagged', metadata: { reasons: ['violence'], flagged_input: '...' } } });
    expect([error.status, error.type, error.message]).toEqual([403, 'permission_error', 'Input was flagged: flagged for violence']);
  });

  test('OpenRouter provider errors carry the raw provider message', () => {
    const error = translateUpstreamError(502, { error: { code: 502, message: 'Provider returned error', metadata: { provider_name: 'Anthropic', raw: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' } } });
    expect(error.message).toBe('Provider returned error: Anthropic: Overloaded');
    expect(error.status).toBe(502);
  });

  test('429 keeps retry-after and x-should-retry', () => {
    const error = translateUpstreamError(429, { error: { message: 'Rate limited' } }, new Headers({ 'retry-after': '7', 'x-should-retry': 'true' }));
    expect([error.status, error.type]).toEqual([429, 'rate_limit_error']);
    expect(error.headers).toEqual({ 'retry-after': '7', 'x-should-retry': 'true' });
  });

  test('Databricks {error_code, message} and LiteLLM OpenAI-shaped bodies keep their message', () => {
    expect(translateUpstreamError(400, { error_code: 'BAD_REQUEST', message: 'Input tag does not match' }).message).toBe('Input tag does not match');
    expect(translateUpstreamError(500, '{"error":{"message":"litellm.APIError: boom","type":"None","code":"500"}}').message).toBe('litellm.APIError: boom');
    expect(translateUpstreamError(503, 'upstream connect error').message).toBe('upstream connect error');
    expect(translateUpstreamError(408, {}).status).toBe(504);
  });
});

describe('describeStreamError', () => {
  test('provider trouble mid-stream -> overloaded_error; other failures -> api_error', () => {
    expect(describeStreamError({ code: 502, message: 'Provider disconnected' })).toEqual({ type: 'overloaded_error', message: 'Provider disconnected' });
    expect(describeStreamError({ message: 'Something broke' })).toEqual({ type: 'api_error', message: 'Something broke' });
    expect(describeStreamError({ code: 'server_error' }).type).toBe('api_error');
    expect(describeStreamError({ code: 429, message: 'Slow down' })).toEqual({ type: 'rate_limit_error', message: 'Slow down' });
  });
});
