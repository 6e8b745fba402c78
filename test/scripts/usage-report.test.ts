import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { reportUsage } from '../../scripts/usage/report-usage';
import { parseSince, summarizeUsage } from '../../scripts/usage/summarize-usage';

const NOW = Date.parse('2026-12-05T12:00:00Z');
const completed = (minutesAgo: number, fields: Record<string, unknown>) =>
  JSON.stringify({ level: 'info', event: 'Request completed', time: new Date(NOW - minutesAgo * 60_000).toISOString(), ...fields });

const LOG = [
  'npm start banner, not JSON',
  JSON.stringify({ level: 'info', event: 'Processing message request', caller: 'alice' }),
  completed(5, { caller: 'alice', backend: 'OPENROUTER', model: 'claude-opus-5-5', upstream_model: 'anthropic/claude-opus-5.5', status: 200, duration_ms: 900, input_tokens: 1000, output_tokens: 200, cache_read_input_tokens: 800 }),
  completed(10, { caller: 'alice', backend: 'OPENROUTER', model: 'claude-haiku-5-5', upstream_model: 'anthropic/claude-haiku-5.5', status: 200, duration_ms: 100, input_tokens: 50, output_tokens: 5, cache_creation_input_tokens: 40 }),
  completed(20, { caller: 'bob', backend: 'OPENROUTER', model: 'claude-opus-5-5', upstream_model: 'anthropic/claude-opus-5.5', status: 429, duration_ms: 30 }),
  completed(180, { caller: 'bob', backend: 'OPENROUTER', model: 'claude-opus-5-5', upstream_model: 'anthropic/claude-opus-5.5', status: 200, duration_ms: 2000, input_tokens: 9000, output_tokens: 900, stream_error: 'gateway restarting' }),
  completed(1, { backend: 'OPENROUTER', status: 401, duration_ms: 1 }),
  '{"truncated": ',
];

describe('the usage report', () => {
  it('adds up requests, errors and every token kind per caller, largest first, with a total', () => {
    const rows = summarizeUsage(LOG, { by: 'caller' });
    expect(rows.map((row) => [row.key, row.requests, row.errors, row.inputTokens, row.outputTokens, row.cacheReadTokens, row.cacheWriteTokens])).toEqual([
      ['bob', 2, 2, 9000, 900, 0, 0],
      ['alice', 2, 0, 1050, 205, 800, 40],
      ['anonymous', 1, 1, 0, 0, 0, 0],
    ]);
  });

  it('counts only lines since a time, and groups by upstream model', () => {
    const rows = summarizeUsage(LOG, { by: 'model', since: parseSince('1h', NOW) });
    expect(rows.map((row) => [row.key, row.requests, row.inputTokens])).toEqual([
      ['anthropic/claude-opus-5.5', 2, 1000],
      ['anthropic/claude-haiku-5.5', 1, 50],
      ['(none)', 1, 0],
    ]);
  });

  it('reads durations and ISO times for --since, and refuses anything else', () => {
    expect(parseSince('30m', NOW)).toBe(NOW - 30 * 60_000);
    expect(parseSince('7d', NOW)).toBe(NOW - 7 * 86_400_000);
    expect(parseSince('2026-12-05T11:00:00Z', NOW)).toBe(NOW - 3_600_000);
    expect(() => parseSince('yesterday', NOW)).toThrow(/--since takes a duration/);
  });

  it('prints a table from a file or stdin, and exits 2 on a bad option', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usage-'));
    writeFileSync(join(dir, 'gateway.log'), LOG.join('\n'));
    const fromFile: string[] = [];
    expect(await reportUsage([join(dir, 'gateway.log'), '--by', 'backend'], (line) => fromFile.push(line))).toBe(0);
    const table = fromFile.join('\n').split('\n');
    expect(table[0]).toMatch(/^backend\s+requests\s+errors\s+input tokens\s+output tokens\s+cache read\s+cache write\s+p50 ms\s+p95 ms$/);
    expect(table[1]).toMatch(/^OPENROUTER\s+5\s+3\s+10,050\s+1,105\s+800\s+40\s+100\s+2,000$/);
    expect(table[2]).toMatch(/^total\s+5\s+3\s+10,050/);

    const fromStdin: string[] = [];
    expect(await reportUsage([], (line) => fromStdin.push(line), Readable.from([LOG.join('\n')]))).toBe(0);
    expect(fromStdin.join('\n')).toMatch(/^caller\s+requests/);

    const complaints: string[] = [];
    expect(await reportUsage(['--by', 'team'], (line) => complaints.push(line))).toBe(2);
    expect(complaints[0]).toBe('--by takes one of caller, model, backend; got "team"');
  });
});
