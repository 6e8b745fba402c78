import { ApiError } from '../../core/protocol/anthropic/errors';
import { failureClassOf, isBackendFault, isRetryable, mapTransportError, UpstreamAbortError } from '../../core/upstream';

const timeouts = { headersMs: 2000, idleMs: 3000 };
const transport = (code: string, phase: 'headers' | 'body' = 'headers') =>
  mapTransportError(Object.assign(new Error(`boom ${code}`), { code }), { timeouts, phase, url: 'http://127.0.0.1:9/v1' });

describe('failureClassOf', () => {
  it.each([
    [new ApiError(500, 'x'), 'http_500'],
    [new ApiError(502, 'x'), 'http_502'],
    [new ApiError(529, 'x'), 'http_529'],
    [new ApiError(429, 'x'), 'http_429'],
    [new ApiError(504, 'Upstream did not answer within 2 s'), 'timeout'],
    [transport('UND_ERR_HEADERS_TIMEOUT'), 'timeout'],
    [transport('UND_ERR_BODY_TIMEOUT', 'body'), 'timeout'],
    [transport('ECONNREFUSED'), 'connect_error'],
    [transport('ENOTFOUND'), 'connect_error'],
    [transport('ECONNRESET'), 'connect_error'],
    [transport('UND_ERR_SOCKET', 'body'), 'connection_dropped'],
    [new UpstreamAbortError('gone'), 'aborted'],
    [new TypeError('bug'), 'internal_error'],
  ])('%s is %s', (error, expected) => {
    expect(failureClassOf(error)).toBe(expected);
  });
});

describe('isBackendFault', () => {
  it('is true for 5xx, 529, connect errors and timeouts', () => {
    for (const error of [new ApiError(500, 'x'), new ApiError(502, 'x'), new ApiError(503, 'x'), new ApiError(529, 'x'), new ApiError(504, 'x'), transport('ECONNREFUSED'), transport('UND_ERR_SOCKET', 'body')]) {
      expect(isBackendFault(error)).toBe(true);
    }
  });

  it('is false for 429, every other 4xx, aborts and gateway bugs', () => {
    for (const status of [400, 401, 402, 403, 404, 408, 409, 413, 422, 429]) expect(isBackendFault(new ApiError(status, 'x'))).toBe(false);
    expect(isBackendFault(new UpstreamAbortError('gone'))).toBe(false);
    expect(isBackendFault(new Error('bug'))).toBe(false);
  });

  it('leaves connection errors retryable', () => {
    expect(isRetryable(transport('ECONNREFUSED'))).toBe(true);
    expect((transport('ECONNREFUSED') as ApiError).headers['x-should-retry']).toBeUndefined();
  });
});
