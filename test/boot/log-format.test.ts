import { Writable } from 'node:stream';
import { createLogger } from '../../core/log/logger';
import { registerSecrets } from '../../core/log/redact';
import { runGatewayProcess } from '../helpers/run-gateway-process';

function capture(): { stream: Writable; text(): string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

describe('LOG_FORMAT', () => {
  it('pretty: one readable line per entry with time, level, event and fields, secrets masked', () => {
    registerSecrets(['pretty-format-secret-value']);
    const out = capture();
    const logger = createLogger({ format: 'pretty', stream: out.stream });
    logger.info('Request completed', { status: 200, model: 'claude-sonnet-4', note: 'has pretty-format-secret-value inside', nested: { a: 1 } });
    logger.warn('Something odd');
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(() => JSON.parse(lines[0]!)).toThrow();
    expect(lines[0]).toMatch(/^\d{2}:\d{2}:\d{2}\.\d{3} INFO\s+Request completed\b/);
    expect(lines[0]).toContain('status=200');
    expect(lines[0]).toContain('model=claude-sonnet-4');
    expect(lines[0]).toContain('nested={"a":1}');
    expect(lines[0]).not.toContain('pretty-format-secret-value');
    expect(lines[0]).toContain('****');
    expect(lines[1]).toMatch(/ WARN\s+Something odd$/);
  });

  it('json stays the default', () => {
    const out = capture();
    createLogger({ stream: out.stream }).info('Hello', { a: 1 });
    expect(JSON.parse(out.text())).toMatchObject({ level: 'info', event: 'Hello', a: 1 });
  });

  it('LOG_FORMAT=pretty on the built gateway writes readable lines to stdout', async () => {
    const gateway = runGatewayProcess({ OPENROUTER_API_KEY: 'sk-or-log-format-secret', LOG_FORMAT: 'pretty' });
    await new Promise<void>((resolve, reject) => {
      gateway.child.stdout!.on('data', () => gateway.stdout().includes('Gateway listening') && resolve());
      void gateway.exited.then(() => reject(new Error(gateway.stderr())));
    });
    await gateway.stop();
    const lines = gateway.stdout().split('\n').filter(Boolean);
    expect(lines.some((line) => /INFO\s+Active proxy backend configured\b.*backend=OPENROUTER/.test(line))).toBe(true);
    expect(lines.every((line) => !line.startsWith('{'))).toBe(true);
    expect(gateway.stdout()).not.toContain('sk-or-log-format-secret');
  });

  it('an unknown LOG_FORMAT stops the boot, naming the allowed values', async () => {
    const gateway = runGatewayProcess({ OPENROUTER_API_KEY: 'sk-or-log-format-secret', LOG_FORMAT: 'fancy' });
    expect(await gateway.exited).toBe(1);
    expect(gateway.stderr()).toMatch(/logFormat.*json, pretty/);
  });
});
