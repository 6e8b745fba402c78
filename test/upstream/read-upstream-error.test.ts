import { ApiError } from '../../core/protocol/anthropic/errors';
import { readUpstreamError } from '../../core/upstream';
import { DATABRICKS_ERROR_CODES } from '../../plugins/azure-databricks/databricks-error-codes';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const json = (value: unknown) => JSON.stringify(value);

interface Case {
  name: string;
  status: number;
  body: unknown;
  /** The plugin's table of its upstream's own error codes. */
  codes?: Readonly<Record<string, number>>;
  expected: { status: number; type: string; message: string | RegExp };
}

const cases: Case[] = [
  // Anthropic envelope: kept as it is
  {
    name: 'Anthropic overloaded',
    status: 529,
    body: json({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
    expected: { status: 529, type: 'overloaded_error', message: 'Overloaded' },
  },
  {
    name: 'Anthropic not found',
    status: 404,
    body: json({ type: 'error', error: { type: 'not_found_error', message: 'model: claude-x' }, request_id: 'req_1' }),
    expected: { status: 404, type: 'not_found_error', message: 'model: claude-x' },
  },
  {
    name: 'Anthropic context overflow keeps its own wording',
    status: 400,
    body: json({ type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' } }),
    expected: { status: 400, type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' },
  },
  {
    name: 'Anthropic max_tokens overflow keeps its own wording',
    status: 400,
    body: json({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'input length and `max_tokens` exceed context limit: 188059 + 20000 > 200000' },
    }),
    expected: { status: 400, type: 'invalid_request_error', message: 'input length and `max_tokens` exceed context limit: 188059 + 20000 > 200000' },
  },
  // OpenAI envelope (LiteLLM /chat/completions, and /v1/messages before its fix)
  {
    name: 'OpenAI context_length_exceeded',
    status: 400,
    body: json({
      error: {
        message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.",
        type: 'invalid_request_error',
        param: 'messages',
        code: 'context_length_exceeded',
      },
    }),
    expected: {
      status: 400,
      type: 'invalid_request_error',
      message: "prompt is too long: This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.",
    },
  },
  {
    name: 'OpenAI bad key, key masked',
    status: 401,
    body: json({ error: { message: 'Incorrect API key provided: sk-abcdefghijklmnop1234.', type: 'invalid_request_error', code: 'invalid_api_key' } }),
    expected: { status: 401, type: 'authentication_error', message: 'Incorrect API key provided: ****.' },
  },
  {
    name: 'LiteLLM type "None" bad request',
    status: 400,
    body: json({ error: { message: 'litellm.BadRequestError: tools.0: Input tag is invalid', type: 'None', param: 'None', code: '400' } }),
    expected: { status: 400, type: 'invalid_request_error', message: 'litellm.BadRequestError: tools.0: Input tag is invalid' },
  },
  {
    name: 'LiteLLM type "None" context window',
    status: 400,
    body: json({ error: { message: 'litellm.ContextWindowExceededError: prompt tokens exceed the context window', type: 'None', param: null, code: '400' } }),
    expected: { status: 400, type: 'invalid_request_error', message: /^prompt is too long: litellm\.ContextWindowExceededError/ },
  },
  {
    name: 'LiteLLM 503',
    status: 503,
    body: json({ error: { message: 'No deployments available for selected model', type: 'None', param: 'None', code: '503' } }),
    expected: { status: 529, type: 'overloaded_error', message: 'No deployments available for selected model' },
  },
  {
    name: 'vLLM maximum context length without a code',
    status: 400,
    body: json({ object: 'error', message: "This model's maximum context length is 32768 tokens.", type: 'BadRequestError', code: 400 }),
    expected: { status: 400, type: 'invalid_request_error', message: "prompt is too long: This model's maximum context length is 32768 tokens." },
  },
  // OpenRouter
  {
    name: 'OpenRouter 402 credits',
    status: 402,
    body: json({ error: { code: 402, message: 'Insufficient credits. Add more using https://openrouter.ai/settings/credits' } }),
    expected: { status: 402, type: 'billing_error', message: 'Insufficient credits. Add more using https://openrouter.ai/settings/credits' },
  },
  {
    name: 'OpenRouter 403 moderation with reasons',
    status: 403,
    body: json({
      error: {
        code: 403,
        message: 'Input was flagged by moderation',
        metadata: { reasons: ['violence', 'harassment'], flagged_input: 'some text', provider_name: 'OpenAI', model_slug: 'openai/gpt-4o' },
      },
    }),
    expected: { status: 403, type: 'permission_error', message: 'Input was flagged by moderation (reasons: violence, harassment)' },
  },
  {
    name: 'OpenRouter generic message with the provider raw error as JSON text',
    status: 400,
    body: json({
      error: {
        code: 400,
        message: 'Provider returned error',
        metadata: {
          raw: json({ type: 'error', error: { type: 'invalid_request_error', message: 'messages.1.content.0: unexpected tool_use_id' } }),
          provider_name: 'Anthropic',
        },
      },
    }),
    expected: {
      status: 400,
      type: 'invalid_request_error',
      message: 'Provider returned error (Anthropic): messages.1.content.0: unexpected tool_use_id',
    },
  },
  {
    name: 'OpenRouter context overflow inside raw',
    status: 400,
    body: json({
      error: {
        code: 400,
        message: 'Provider returned error',
        metadata: { raw: json({ error: { message: 'prompt is too long: 250000 tokens > 200000 maximum' } }), provider_name: 'Google' },
      },
    }),
    expected: {
      status: 400,
      type: 'invalid_request_error',
      message: 'prompt is too long: Provider returned error (Google): prompt is too long: 250000 tokens > 200000 maximum',
    },
  },
  {
    name: 'OpenRouter Gemini token count overflow',
    status: 400,
    body: json({
      error: {
        code: 400,
        message: 'Provider returned error',
        metadata: {
          raw: { error: { code: 400, message: 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).', status: 'INVALID_ARGUMENT' } },
          provider_name: 'Google AI Studio',
        },
      },
    }),
    expected: { status: 400, type: 'invalid_request_error', message: /^prompt is too long: Provider returned error \(Google AI Studio\): The input token count/ },
  },
  {
    name: 'OpenRouter 502 with a plain-text raw',
    status: 502,
    body: json({ error: { code: 502, message: 'Provider returned error', metadata: { raw: 'upstream connect error', provider_name: 'Fireworks' } } }),
    expected: { status: 502, type: 'api_error', message: 'Provider returned error (Fireworks): upstream connect error' },
  },
  {
    name: 'OpenRouter 408',
    status: 408,
    body: json({ error: { code: 408, message: 'Request timed out' } }),
    expected: { status: 504, type: 'api_error', message: 'Request timed out' },
  },
  {
    name: 'OpenRouter 503 no provider',
    status: 503,
    body: json({ error: { code: 503, message: 'No allowed providers are available for the selected model.' } }),
    expected: { status: 529, type: 'overloaded_error', message: 'No allowed providers are available for the selected model.' },
  },
  {
    name: 'OpenRouter 429 with raw object',
    status: 429,
    body: json({ error: { code: 429, message: 'Rate limit exceeded: too many tokens per minute', metadata: { raw: { message: 'slow down' } } } }),
    expected: { status: 429, type: 'rate_limit_error', message: 'Rate limit exceeded: too many tokens per minute: slow down' },
  },
  {
    name: 'LiteLLM ContextWindowExceededError without the words "context window"',
    status: 400,
    body: json({ error: { message: 'litellm.ContextWindowExceededError: prompt has 250000 tokens', type: 'None', code: '400' } }),
    expected: { status: 400, type: 'invalid_request_error', message: 'prompt is too long: litellm.ContextWindowExceededError: prompt has 250000 tokens' },
  },
  {
    name: 'LiteLLM 500 as raw text',
    status: 500,
    body: '{"error":{"message":"litellm.APIError: boom","type":"None","code":"500"}}',
    expected: { status: 500, type: 'api_error', message: 'litellm.APIError: boom' },
  },
  {
    name: 'OpenAI "reduce the length of the messages" without a code',
    status: 400,
    body: json({ error: { message: 'Please reduce the length of the messages or completion.', type: 'invalid_request_error' } }),
    expected: { status: 400, type: 'invalid_request_error', message: 'prompt is too long: Please reduce the length of the messages or completion.' },
  },
  {
    name: 'too many input tokens',
    status: 400,
    body: json({ error: { message: 'Request has too many input tokens for this model' } }),
    expected: { status: 400, type: 'invalid_request_error', message: 'prompt is too long: Request has too many input tokens for this model' },
  },
  {
    name: 'exceeds the maximum input length',
    status: 400,
    body: json({ error: { message: 'Your request exceeds the maximum input length of 200000 tokens' } }),
    expected: { status: 400, type: 'invalid_request_error', message: 'prompt is too long: Your request exceeds the maximum input length of 200000 tokens' },
  },
  {
    name: 'a capitalised "Prompt is too long" still gets the exact lower-case prefix',
    status: 413,
    body: json({ error: { code: 413, message: 'Prompt is too long: 210000 tokens > 200000 maximum' } }),
    expected: { status: 400, type: 'invalid_request_error', message: 'prompt is too long: Prompt is too long: 210000 tokens > 200000 maximum' },
  },
  // Databricks
  {
    name: 'Databricks input too long',
    status: 400,
    body: json({ error_code: 'BAD_REQUEST', message: 'Input is too long for requested model.' }),
    expected: { status: 400, type: 'invalid_request_error', message: 'prompt is too long: Input is too long for requested model.' },
  },
  {
    name: "Databricks exceeds the model's context",
    status: 400,
    body: json({ error_code: 'BAD_REQUEST', message: "The prompt exceeds the model's context limit of 200000 tokens." }),
    expected: { status: 400, type: 'invalid_request_error', message: "prompt is too long: The prompt exceeds the model's context limit of 200000 tokens." },
  },
  {
    name: 'Databricks extra inputs',
    status: 400,
    body: json({ error_code: 'BAD_REQUEST', message: 'Extra inputs are not permitted: thinking_blocks' }),
    expected: { status: 400, type: 'invalid_request_error', message: 'Extra inputs are not permitted: thinking_blocks' },
  },
  {
    name: 'Databricks rate limit',
    status: 429,
    body: json({ error_code: 'REQUEST_LIMIT_EXCEEDED', message: 'Exceeded workspace rate limit for too many tokens.' }),
    expected: { status: 429, type: 'rate_limit_error', message: 'Exceeded workspace rate limit for too many tokens.' },
  },
  {
    name: 'Databricks missing endpoint',
    status: 404,
    body: json({ error_code: 'ENDPOINT_NOT_FOUND', message: 'Invalid path' }),
    expected: { status: 404, type: 'not_found_error', message: 'Invalid path' },
  },
  // Other shapes
  {
    name: 'FastAPI validation detail',
    status: 422,
    body: json({ detail: [{ loc: ['body', 'model'], msg: 'field required' }] }),
    expected: { status: 400, type: 'invalid_request_error', message: '[{"loc":["body","model"],"msg":"field required"}]' },
  },
  {
    name: 'plain text 503',
    status: 503,
    body: 'upstream connect error',
    expected: { status: 529, type: 'overloaded_error', message: 'upstream connect error' },
  },
  {
    name: 'plain text 502',
    status: 502,
    body: 'upstream connect error or disconnect/reset before headers',
    expected: { status: 502, type: 'api_error', message: 'upstream connect error or disconnect/reset before headers' },
  },
  {
    name: 'HTML error page',
    status: 502,
    body: '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad</h1></body></html>',
    expected: { status: 502, type: 'api_error', message: 'HTML page: 502 Bad Gateway' },
  },
  {
    name: 'HTML page without a title',
    status: 500,
    body: '<html><body><script>x()</script><p>Internal   failure</p></body></html>',
    expected: { status: 500, type: 'api_error', message: 'HTML page: Internal failure' },
  },
  {
    name: 'empty body',
    status: 500,
    body: '',
    expected: { status: 500, type: 'api_error', message: 'Upstream answered HTTP 500 with an empty body' },
  },
  {
    name: 'JSON of no known shape',
    status: 500,
    body: json({ oops: true }),
    expected: { status: 500, type: 'api_error', message: '{"oops":true}' },
  },
  {
    name: 'request too large',
    status: 413,
    body: 'Request Entity Too Large',
    expected: { status: 413, type: 'request_too_large', message: 'Request Entity Too Large' },
  },
  {
    name: 'Cloudflare 524',
    status: 524,
    body: 'A timeout occurred',
    expected: { status: 504, type: 'api_error', message: 'A timeout occurred' },
  },
  {
    name: 'unknown 5xx',
    status: 520,
    body: 'Web server is returning an unknown error',
    expected: { status: 502, type: 'api_error', message: 'Web server is returning an unknown error' },
  },
  {
    name: 'other 4xx kept',
    status: 409,
    body: json({ error: { message: 'conflict' } }),
    expected: { status: 409, type: 'invalid_request_error', message: 'conflict' },
  },
  {
    name: 'bearer token in a message is masked',
    status: 401,
    body: json({ error: { message: 'Token Bearer dapiabcdef0123456789abcdef is not valid for this workspace' } }),
    expected: { status: 401, type: 'authentication_error', message: 'Token Bearer **** is not valid for this workspace' },
  },
  // Error objects found inside a 200 (stream chunks), passed already parsed
  {
    name: 'OpenRouter mid-stream provider failure is overloaded, as Anthropic reports it mid-stream',
    status: 200,
    body: { error: { code: 502, message: 'Provider disconnected' } },
    expected: { status: 529, type: 'overloaded_error', message: 'Provider disconnected' },
  },
  {
    name: 'mid-stream 503',
    status: 200,
    body: { error: { code: 503, message: 'No provider available' } },
    expected: { status: 529, type: 'overloaded_error', message: 'No provider available' },
  },
  {
    name: 'mid-stream numeric 4xx keeps its own type',
    status: 200,
    body: { error: { code: 429, message: 'Slow down' } },
    expected: { status: 429, type: 'rate_limit_error', message: 'Slow down' },
  },
  {
    name: 'mid-stream error without any status',
    status: 200,
    body: { error: { message: 'Something broke' } },
    expected: { status: 502, type: 'api_error', message: 'Something broke' },
  },
  {
    name: 'mid-stream error with a machine code only',
    status: 200,
    body: { error: { code: 'server_error' } },
    expected: { status: 502, type: 'api_error', message: 'Upstream error' },
  },
  {
    name: 'mid-stream Anthropic error type passed on without the envelope',
    status: 200,
    body: { error: { type: 'overloaded_error', message: 'Overloaded' } },
    expected: { status: 529, type: 'overloaded_error', message: 'Overloaded' },
  },
  {
    name: 'LiteLLM mid-stream error chunk',
    status: 200,
    body: { error: { message: 'litellm.InternalServerError: stream broke', type: 'None', param: null, code: '500' } },
    expected: { status: 500, type: 'api_error', message: 'litellm.InternalServerError: stream broke' },
  },
  {
    name: 'mid-stream context overflow without a status: the wording decides',
    status: 200,
    body: { error: { message: "This model's maximum context length is 200000 tokens." } },
    expected: { status: 400, type: 'invalid_request_error', message: "prompt is too long: This model's maximum context length is 200000 tokens." },
  },
  // Databricks ends a failing stream with a bare {error_code, message} chunk
  {
    name: 'Databricks mid-stream INTERNAL_ERROR',
    status: 200,
    codes: DATABRICKS_ERROR_CODES,
    body: { error_code: 'INTERNAL_ERROR', message: 'Model crashed mid-stream' },
    expected: { status: 500, type: 'api_error', message: 'Model crashed mid-stream' },
  },
  {
    name: 'Databricks mid-stream rate limit',
    status: 200,
    codes: DATABRICKS_ERROR_CODES,
    body: { error_code: 'REQUEST_LIMIT_EXCEEDED', message: 'Exceeded workspace output tokens per minute' },
    expected: { status: 429, type: 'rate_limit_error', message: 'Exceeded workspace output tokens per minute' },
  },
  {
    name: 'Databricks mid-stream capacity',
    status: 200,
    codes: DATABRICKS_ERROR_CODES,
    body: { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'The endpoint is temporarily unavailable' },
    expected: { status: 529, type: 'overloaded_error', message: 'The endpoint is temporarily unavailable' },
  },
  {
    name: 'Databricks mid-stream input too long',
    status: 200,
    codes: DATABRICKS_ERROR_CODES,
    body: { error_code: 'BAD_REQUEST', message: 'Input is too long for requested model.' },
    expected: { status: 400, type: 'invalid_request_error', message: 'prompt is too long: Input is too long for requested model.' },
  },
  {
    name: 'Databricks mid-stream unknown code',
    status: 200,
    codes: DATABRICKS_ERROR_CODES,
    body: { error_code: 'SOMETHING_NEW', message: 'Unexpected failure' },
    expected: { status: 502, type: 'api_error', message: 'Unexpected failure' },
  },
  {
    name: 'a bare error_code the plugin gave no table for: the core knows no upstream\'s codes',
    status: 200,
    body: { error_code: 'REQUEST_LIMIT_EXCEEDED', message: 'Exceeded workspace output tokens per minute' },
    expected: { status: 502, type: 'api_error', message: 'Exceeded workspace output tokens per minute' },
  },
  {
    name: 'Anthropic error event payload',
    status: 200,
    body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    expected: { status: 529, type: 'overloaded_error', message: 'Overloaded' },
  },
];

describe('readUpstreamError', () => {
  it.each(cases)('$name', ({ status, body, codes, expected }) => {
    const error = readUpstreamError(status, {}, body, NOW, codes);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(expected.status);
    expect(error.type).toBe(expected.type);
    if (typeof expected.message === 'string') expect(error.message).toBe(expected.message);
    else expect(error.message).toMatch(expected.message);
    expect(error.toBody()).toEqual({ type: 'error', error: { type: expected.type, message: error.message } });
  });

  it('does not read a rate limit about tokens per minute as a context overflow', () => {
    const error = readUpstreamError(429, {}, json({ error: { message: 'Too many tokens per minute' } }), NOW);
    expect(error.status).toBe(429);
    expect(error.message).toBe('Too many tokens per minute');
  });

  it('truncates long text bodies', () => {
    const error = readUpstreamError(502, {}, 'x'.repeat(10_000), NOW);
    expect(error.message).toBe(`${'x'.repeat(2000)}… (truncated)`);
  });

  it('forwards retry headers and rate-limit headers, nothing else', () => {
    const error = readUpstreamError(
      429,
      {
        'retry-after': '7',
        'retry-after-ms': '6500',
        'x-should-retry': 'true',
        'anthropic-ratelimit-unified-reset': '1767225600',
        'set-cookie': 'session=abc',
        authorization: 'Bearer sk-secretsecret',
      },
      json({ type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }),
      NOW,
    );
    expect(error.headers).toEqual({
      'retry-after': '7',
      'retry-after-ms': '6500',
      'x-should-retry': 'true',
      'anthropic-ratelimit-unified-reset': '1767225600',
    });
  });

  it('turns a Retry-After date into whole seconds, as Claude Code reads it', () => {
    const error = readUpstreamError(503, { 'Retry-After': new Date(NOW + 12_300).toUTCString() }, '', NOW);
    // HTTP dates carry whole seconds, so 12.3 s from now reads as 12 s.
    expect(error.headers['retry-after']).toBe('12');
    expect(readUpstreamError(429, { 'retry-after': '1.2' }, '', NOW).headers['retry-after']).toBe('2');
  });

  it('drops unparseable retry hints', () => {
    const error = readUpstreamError(429, { 'retry-after': 'soon', 'x-should-retry': 'maybe' }, '', NOW);
    expect(error.headers).toEqual({});
  });
});
