import { EventEmitter } from 'node:events';
import { ApiError } from '../../core/protocol/anthropic/errors';
import {
  backoffDelay,
  isBackendFault,
  isRetryable,
  runWithRetries,
  UpstreamAbortError,
  type RetryInfo,
  type RetryOptions,
} from '../../core/upstream';

/** A fake clock and sleep: waits are recorded and advance the clock instantly. */
function fakeTime(start = 1_000_000) {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** An attempt that throws the given failures in order, then returns 'ok'. */
function scripted(...failures: unknown[]) {
  const calls: number[] = [];
  const attempt = async (n: number) => {
    calls.push(n);
    if (calls.length <= failures.length) throw failures[calls.length - 1];
    return 'ok';
  };
  return { attempt, calls };
}

function options(time: ReturnType<typeof fakeTime>, extra: Partial<RetryOptions> = {}): RetryOptions {
  return { maxRetries: 3, now: time.now, sleep: time.sleep, random: () => 0.5, ...extra };
}

const overloaded = () => new ApiError(529, 'Overloaded');
const rateLimited = (headers: Record<string, string> = {}) => new ApiError(429, 'slow down', { headers });

describe('runWithRetries', () => {
  it('retries connect errors and 429/500/502/503/529, then returns the success', async () => {
    const time = fakeTime();
    const failures = [502, 429, 500, 503, 529].map((status) => new ApiError(status, `failed ${status}`));
    const { attempt, calls } = scripted(...failures);
    const retries: RetryInfo[] = [];
    const run = runWithRetries(attempt, options(time, { maxRetries: 5, onRetry: (info) => retries.push(info) }));
    await expect(run).resolves.toBe('ok');
    expect(calls).toEqual([0, 1, 2, 3, 4, 5]);
    expect(retries.map((r) => [r.attempt, r.status, r.kind, r.reason])).toEqual([
      [1, 502, 'server', 'failed 502'],
      [2, 429, 'capacity', 'failed 429'],
      [3, 500, 'server', 'failed 500'],
      [4, 503, 'server', 'failed 503'],
      [5, 529, 'capacity', 'failed 529'],
    ]);
  });

  it('backs off exponentially with jitter, capped', async () => {
    const time = fakeTime();
    const { attempt } = scripted(overloaded(), overloaded(), overloaded(), overloaded(), overloaded());
    await runWithRetries(attempt, options(time, { maxRetries: 5, baseDelayMs: 500, maxDelayMs: 4000, random: () => 1 }));
    expect(time.sleeps).toEqual([500, 1000, 2000, 4000, 4000]);
    expect(backoffDelay(2, 500, 8000, () => 0)).toBe(1000);
    expect(backoffDelay(2, 500, 8000, () => 0.5)).toBe(1500);
  });

  it('gives up after maxRetries and rethrows the last failure', async () => {
    const time = fakeTime();
    const last = new ApiError(503, 'third');
    const { attempt, calls } = scripted(overloaded(), overloaded(), last, overloaded());
    await expect(runWithRetries(attempt, options(time, { maxRetries: 2 }))).rejects.toBe(last);
    expect(calls).toHaveLength(3);
  });

  it('does not retry client errors, timeouts or bugs', async () => {
    for (const failure of [new ApiError(400, 'bad'), new ApiError(401, 'key'), new ApiError(504, 'slow'), new TypeError('bug')]) {
      const time = fakeTime();
      const { attempt, calls } = scripted(failure);
      await expect(runWithRetries(attempt, options(time))).rejects.toBe(failure);
      expect(calls).toHaveLength(1);
    }
  });

  it('honours Retry-After in seconds, as an HTTP date, and retry-after-ms', async () => {
    const time = fakeTime(Date.parse('2026-01-01T00:00:00Z'));
    const { attempt } = scripted(
      rateLimited({ 'retry-after': '3' }),
      rateLimited({ 'retry-after': new Date(time.now() + 3000 + 5000).toUTCString() }),
      rateLimited({ 'retry-after-ms': '1250', 'retry-after': '9' }),
    );
    await runWithRetries(attempt, options(time));
    expect(time.sleeps).toEqual([3000, 5000, 1250]);
  });

  it('hands a Retry-After longer than maxRetryAfterMs back to the client instead of waiting', async () => {
    const time = fakeTime();
    const failure = rateLimited({ 'retry-after': '120' });
    const { attempt, calls } = scripted(failure);
    await expect(runWithRetries(attempt, options(time, { maxRetryAfterMs: 30_000 }))).rejects.toBe(failure);
    expect(calls).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it('stops when the next wait would pass the deadline', async () => {
    const time = fakeTime();
    const { attempt, calls } = scripted(overloaded(), overloaded(), overloaded());
    // waits are 375, 750, 1500 ms with random 0.5: the third would end past the deadline
    const deadline = time.now() + 375 + 750 + 1000;
    await expect(runWithRetries(attempt, options(time, { deadline }))).rejects.toBeInstanceOf(ApiError);
    expect(calls).toHaveLength(3);
    expect(time.sleeps).toEqual([375, 750]);
  });

  it('does not wait out a Retry-After that would end past the deadline', async () => {
    const time = fakeTime();
    const { attempt, calls } = scripted(rateLimited({ 'retry-after': '10' }));
    await expect(runWithRetries(attempt, options(time, { deadline: time.now() + 5000 }))).rejects.toBeInstanceOf(ApiError);
    expect(calls).toHaveLength(1);
  });

  it('never retries once the answer is committed to the client', async () => {
    const time = fakeTime();
    let committed = false;
    const { attempt, calls } = scripted(overloaded(), overloaded());
    const wrapped = async (n: number) => {
      if (n === 1) committed = true;
      return attempt(n);
    };
    await expect(runWithRetries(wrapped, options(time, { isCommitted: () => committed }))).rejects.toBeInstanceOf(ApiError);
    expect(calls).toEqual([0, 1]);
  });

  it('stops when x-should-retry is false, and retries a 4xx that says true', async () => {
    const time = fakeTime();
    const refused = new ApiError(503, 'nope', { headers: { 'x-should-retry': 'false' } });
    const first = scripted(refused);
    await expect(runWithRetries(first.attempt, options(time))).rejects.toBe(refused);
    expect(first.calls).toHaveLength(1);

    const second = scripted(new ApiError(409, 'conflict', { headers: { 'x-should-retry': 'true' } }));
    await expect(runWithRetries(second.attempt, options(time))).resolves.toBe('ok');
    expect(second.calls).toHaveLength(2);
  });

  it('does not retry after the signal fired, and a wait ends as soon as it fires', async () => {
    const controller = new AbortController();
    const { attempt, calls } = scripted(overloaded(), overloaded());
    const pending = runWithRetries(attempt, { maxRetries: 3, signal: controller.signal, baseDelayMs: 60_000, maxDelayMs: 60_000 });
    setTimeout(() => controller.abort('client gone'), 20);
    // The wait is a minute, far past the test's timeout: settling at all means the abort ended it.
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamAbortError);
    expect((error as UpstreamAbortError).reason).toBe('client gone');
    expect(calls).toHaveLength(1);

    const aborted = scripted(overloaded());
    await expect(runWithRetries(aborted.attempt, { maxRetries: 3, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(ApiError);
    expect(aborted.calls).toHaveLength(1);
  });

  it('takes an EventEmitter that emits abort (as the core passes for a client that left) like a signal', async () => {
    const clientGone = Object.assign(new EventEmitter(), { aborted: false, reason: undefined as unknown });
    const { attempt, calls } = scripted(overloaded(), overloaded());
    const pending = runWithRetries(attempt, { maxRetries: 3, signal: clientGone, baseDelayMs: 60_000, maxDelayMs: 60_000 });
    setTimeout(() => {
      Object.assign(clientGone, { aborted: true, reason: 'client gone' });
      clientGone.emit('abort');
    }, 20);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamAbortError);
    expect((error as UpstreamAbortError).reason).toBe('client gone');
    expect(calls).toHaveLength(1);
    expect(clientGone.listenerCount('abort')).toBe(0);
  });

  it('stops listening for an abort once a wait is over', async () => {
    const clientGone = Object.assign(new EventEmitter(), { aborted: false, reason: undefined });
    const { attempt, calls } = scripted(overloaded());
    await expect(runWithRetries(attempt, { maxRetries: 1, signal: clientGone, baseDelayMs: 1, maxDelayMs: 1 })).resolves.toBe('ok');
    expect(calls).toHaveLength(2);
    expect(clientGone.listenerCount('abort')).toBe(0);
  });
});

describe('failure classification', () => {
  it.each([
    [new ApiError(502, 'Upstream connection failed: ECONNREFUSED'), true, true],
    [new ApiError(429, 'rate'), true, false],
    [new ApiError(529, 'overloaded'), true, true],
    [new ApiError(500, 'api'), true, true],
    [new ApiError(503, 'unavailable'), true, true],
    [new ApiError(504, 'timeout'), false, true],
    [new ApiError(400, 'bad'), false, false],
    [new ApiError(402, 'credits'), false, false],
    [new UpstreamAbortError('gone'), false, false],
    [new Error('bug'), false, false],
  ])('%p: retryable %p, backend fault %p', (error, retryable, backendFault) => {
    expect(isRetryable(error)).toBe(retryable);
    expect(isBackendFault(error)).toBe(backendFault);
  });
});
