import { ApiError } from '../../core/protocol/anthropic/errors';
import { CircuitBreaker, mapTransportError, UpstreamAbortError } from '../../core/upstream';

function clock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const http = (status: number, message = `upstream said ${status}`) => new ApiError(status, message);
const refused = () =>
  mapTransportError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), {
    timeouts: { headersMs: 1000, idleMs: 1000 },
    phase: 'headers',
    url: 'http://127.0.0.1:9',
  });

describe('CircuitBreaker', () => {
  it('stays closed below the threshold, and a success resets the count', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 1000, now: time.now });
    breaker.recordFailure(http(500));
    breaker.recordFailure(http(502));
    breaker.recordSuccess();
    breaker.recordFailure(http(500));
    breaker.recordFailure(http(529));
    expect(breaker.allowRequest()).toBe(true);
    expect(breaker.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 2, lastError: 'http_529' });
  });

  it('opens after N consecutive backend faults, for the cool-down', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 1000, now: time.now });
    breaker.recordFailure(http(500));
    breaker.recordFailure(refused());
    breaker.recordFailure(http(504));
    expect(breaker.allowRequest()).toBe(false);
    expect(breaker.snapshot()).toEqual({
      state: 'open',
      consecutiveFailures: 3,
      openUntil: '2026-01-01T00:00:01.000Z',
      lastError: 'timeout',
      lastOutcomeAt: '2026-01-01T00:00:00.000Z',
    });
    time.advance(999);
    expect(breaker.allowRequest()).toBe(false);
  });

  it('counts 5xx, 529, connect errors and timeouts; never 429, any other 4xx, aborts or gateway bugs', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1000 });
    for (const status of [400, 401, 402, 403, 404, 408, 409, 413, 422, 429]) breaker.recordFailure(http(status));
    breaker.recordFailure(new UpstreamAbortError('client gone'));
    breaker.recordFailure(new TypeError('a bug'));
    expect(breaker.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0, lastError: null, lastOutcomeAt: null });

    breaker.recordFailure(http(500));
    breaker.recordFailure(http(503));
    breaker.recordFailure(http(529));
    breaker.recordFailure(refused());
    breaker.recordFailure(http(504));
    expect(breaker.snapshot().consecutiveFailures).toBe(5);
  });

  it('keeps 429s from opening it, however many', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 2 });
    for (let i = 0; i < 50; i++) breaker.recordFailure(http(429, 'Rate limit exceeded'));
    expect(breaker.allowRequest()).toBe(true);
    expect(breaker.snapshot().state).toBe('closed');
  });

  it('records the failure as a class, never the upstream text', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1 });
    breaker.recordFailure(http(500, 'SECRETTEXT eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'));
    expect(breaker.snapshot().lastError).toBe('http_500');
    expect(JSON.stringify(breaker.snapshot())).not.toMatch(/SECRETTEXT|eyJ/);
    breaker.recordFailure(refused());
    expect(breaker.snapshot().lastError).toBe('connect_error');
  });

  it('lets exactly one trial through when half-open, and closes on its success', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 2, coolDownMs: 1000, now: time.now });
    breaker.recordFailure(http(500));
    breaker.recordFailure(http(500));
    time.advance(1000);
    expect(breaker.snapshot().state).toBe('half-open');
    expect(breaker.accepting()).toBe(true);
    expect(breaker.allowRequest()).toBe(true);
    expect(breaker.accepting()).toBe(false);
    expect(breaker.allowRequest()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0, openUntil: null });
    expect(breaker.allowRequest()).toBe(true);
    expect(breaker.allowRequest()).toBe(true);
  });

  it('says whether it would let a request through without taking the half-open trial', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 1, coolDownMs: 1000, now: time.now });
    expect(breaker.accepting()).toBe(true);
    breaker.recordFailure(http(500));
    expect(breaker.accepting()).toBe(false);
    time.advance(1000);
    expect(breaker.accepting()).toBe(true);
    expect(breaker.accepting()).toBe(true);
    expect(breaker.allowRequest()).toBe(true);
  });

  it('opens again for a full cool-down when the trial fails', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 2, coolDownMs: 1000, now: time.now });
    breaker.recordFailure(http(500));
    breaker.recordFailure(http(500));
    time.advance(1500);
    expect(breaker.allowRequest()).toBe(true);
    breaker.recordFailure(http(502));
    expect(breaker.allowRequest()).toBe(false);
    expect(breaker.snapshot()).toMatchObject({ state: 'open', lastError: 'http_502', consecutiveFailures: 3 });
    time.advance(1000);
    expect(breaker.allowRequest()).toBe(true);
  });

  it('does not stay stuck half-open when a trial never reports back', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 1, coolDownMs: 1000, now: time.now });
    breaker.recordFailure(http(500));
    time.advance(1000);
    expect(breaker.allowRequest()).toBe(true);
    time.advance(500);
    expect(breaker.allowRequest()).toBe(false);
    time.advance(500);
    expect(breaker.allowRequest()).toBe(true);
  });

  it('defaults to 5 failures and 30 s', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ now: time.now });
    for (let i = 0; i < 4; i++) breaker.recordFailure(http(500));
    expect(breaker.allowRequest()).toBe(true);
    breaker.recordFailure(http(500));
    expect(breaker.allowRequest()).toBe(false);
    time.advance(29_999);
    expect(breaker.allowRequest()).toBe(false);
    time.advance(1);
    expect(breaker.allowRequest()).toBe(true);
  });
});
