import { createMemoryLogger } from '../../core/log/logger';
import { registerSecrets } from '../../core/log/redact';

describe('child loggers', () => {
  it("carry their fields on every entry, under the entry's own", () => {
    const { logger, lines } = createMemoryLogger('info');
    const child = logger.child({ correlation_id: 'req_1', backend: 'OPENROUTER' });
    child.info('Model resolved', { backend: 'LITELLM_MESSAGES', rule: 'alias' });
    expect(lines).toEqual([expect.objectContaining({ event: 'Model resolved', level: 'info', correlation_id: 'req_1', backend: 'LITELLM_MESSAGES', rule: 'alias' })]);
  });

  it("a child's child carries both sets of fields, and leaves its parent's entries alone", () => {
    const { logger, lines } = createMemoryLogger('info');
    const request = logger.child({ correlation_id: 'req_2' });
    request.child({ backend: 'OPENROUTER' }).warn('Retrying upstream request');
    request.info('Request completed');
    expect(lines[0]).toMatchObject({ event: 'Retrying upstream request', correlation_id: 'req_2', backend: 'OPENROUTER' });
    expect(lines[1]).toMatchObject({ event: 'Request completed', correlation_id: 'req_2' });
    expect(lines[1]).not.toHaveProperty('backend');
  });

  it('an Error logged as the entry keeps its message and stack', () => {
    const { logger, lines } = createMemoryLogger('info');
    const error = new Error('upstream went away');
    logger.child({ correlation_id: 'req_3' }).error(error);
    expect(lines[0]).toMatchObject({ level: 'error', event: 'upstream went away', correlation_id: 'req_3' });
    expect(String(lines[0]!.stack)).toContain('upstream went away');
  });

  it('write nothing below the level, children included', () => {
    const { logger, lines } = createMemoryLogger('warn');
    const child = logger.child({ correlation_id: 'req_4' });
    child.info('Processing message request');
    child.debug('dropped field');
    child.warn('Skipping unconfigured backend');
    expect(lines.map((line) => line.event)).toEqual(['Skipping unconfigured backend']);
  });
});

describe('configured secrets', () => {
  it('are masked by value wherever they appear, in messages and fields, longest first', () => {
    registerSecrets(['configured-secret-value', 'configured-secret-value-longer', 'short']);
    const { logger, lines } = createMemoryLogger('info');
    logger.info('upstream said: bad key configured-secret-value-longer', { detail: 'token=configured-secret-value;', note: 'short stays' });
    const line = JSON.stringify(lines[0]);
    expect(line).not.toContain('configured-secret');
    expect(lines[0]).toMatchObject({ event: 'upstream said: bad key ****', detail: 'token=****;', note: 'short stays' });
  });
});

describe('JSON lines', () => {
  it('keep their keys in alphabetical order, nested ones too, and drop undefined fields', () => {
    const { logger, lines } = createMemoryLogger('info');
    logger.info('Request completed', { status: 200, backend: 'OPENROUTER', skipped: undefined, detail: { z: 1, a: 2 } });
    expect(Object.keys(lines[0]!)).toEqual(['backend', 'detail', 'event', 'level', 'status', 'time']);
    expect(Object.keys(lines[0]!.detail as object)).toEqual(['a', 'z']);
  });

  it('write a Date as its ISO text, a bigint as its digits, and an Error field by its name and message', () => {
    const { logger, lines } = createMemoryLogger('info');
    logger.warn('Upstream failed', { at: new Date(0), bytes: 12n, cause: new TypeError('fetch failed with Bearer abc123456') });
    expect(lines[0]).toMatchObject({
      at: '1970-01-01T00:00:00.000Z',
      bytes: '12',
      cause: { name: 'TypeError', message: 'fetch failed with Bearer ****' },
    });
    expect(Object.keys(lines[0]!.cause as object)).toEqual(['message', 'name']);
  });

  it('cut what lies too deep instead of failing on it, even a cycle', () => {
    const { logger, lines } = createMemoryLogger('info');
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    logger.info('Odd entry', { loop });
    expect(JSON.stringify(lines[0])).toContain('[cut: too deep]');
  });
});
