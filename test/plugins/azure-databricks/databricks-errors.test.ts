import { readUpstreamError } from '../../../core/upstream';

// Databricks model serving answers errors as {"error_code","message"}; the
// gateway must keep the message (Claude Code's recovery reads it) in Anthropic's envelope.
describe('readUpstreamError on Databricks error bodies', () => {
  it.each([
    [400, 'BAD_REQUEST', "messages.1.name: 'name' is only supported on user messages", 400, 'invalid_request_error'],
    [401, 'UNAUTHENTICATED', 'Credential was not sent or was of an unsupported type for this API.', 401, 'authentication_error'],
    [403, 'PERMISSION_DENIED', 'Invalid access token.', 403, 'permission_error'],
    [404, 'RESOURCE_DOES_NOT_EXIST', "Endpoint with name 'databricks-claude-opus-9' does not exist.", 404, 'not_found_error'],
    [429, 'REQUEST_LIMIT_EXCEEDED', 'Exceeded workspace output tokens per minute rate limit.', 429, 'rate_limit_error'],
    [500, 'INTERNAL_ERROR', 'Model serving failed.', 500, 'api_error'],
    [503, 'TEMPORARILY_UNAVAILABLE', 'The endpoint is scaling up.', 529, 'overloaded_error'],
  ])('%d %s keeps the message', (status, errorCode, message, gatewayStatus, type) => {
    const error = readUpstreamError(status, {}, JSON.stringify({ error_code: errorCode, message }));
    expect(error.status).toBe(gatewayStatus);
    expect(error.toBody()).toEqual({ type: 'error', error: { type, message } });
  });

  it('keeps Retry-After on a rate limit', () => {
    const error = readUpstreamError(429, { 'retry-after': '7' }, '{"error_code":"REQUEST_LIMIT_EXCEEDED","message":"slow down"}');
    expect(error.headers['retry-after']).toBe('7');
  });

  it("turns Databricks' context overflow into Anthropic's wording so Claude Code compacts", () => {
    const error = readUpstreamError(400, {}, '{"error_code":"BAD_REQUEST","message":"Input is too long for requested model."}');
    expect(error.toBody().error).toEqual({ type: 'invalid_request_error', message: 'prompt is too long: Input is too long for requested model.' });
  });
});
