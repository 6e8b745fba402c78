// `npm run gateway -- usage`: a table of requests and tokens per caller (or
// model, or backend) from the gateway's JSON log, read from its `Request
// completed` lines, so an operator gets usage without a log stack.

export type UsageGrouping = 'caller' | 'model' | 'backend';

export interface UsageOptions {
  by: UsageGrouping;
  /** Only lines at or after this time (ms since the epoch). */
  since?: number;
}

interface UsageRow {
  key: string;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  durations: number[];
}

const UNITS_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `30m`, `1h`, `7d`, or an ISO time, as the earliest time to count from. */
export function parseSince(value: string, now = Date.now()): number {
  const relative = /^(\d+(?:\.\d+)?)([smhd])$/.exec(value.trim());
  if (relative) return now - Number(relative[1]) * UNITS_MS[relative[2]!]!;
  const absolute = Date.parse(value);
  if (Number.isNaN(absolute)) throw new Error(`--since takes a duration such as 30m, 1h or 7d, or an ISO time; got "${value}"`);
  return absolute;
}

function groupKey(line: Record<string, unknown>, by: UsageGrouping): string {
  const value = by === 'caller' ? line.caller : by === 'backend' ? line.backend : (line.upstream_model ?? line.model);
  return typeof value === 'string' && value ? value : by === 'caller' ? 'anonymous' : '(none)';
}

const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/** Adds up the `Request completed` lines among `lines` (other lines and non-JSON text are skipped). */
export function summarizeUsage(lines: Iterable<string>, options: UsageOptions): UsageRow[] {
  const rows = new Map<string, UsageRow>();
  for (const text of lines) {
    if (!text.startsWith('{')) continue;
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text);
    } catch {
      continue;
    }
    if (line.event !== 'Request completed') continue;
    if (options.since !== undefined && !(Date.parse(String(line.time)) >= options.since)) continue;
    const key = groupKey(line, options.by);
    const row = rows.get(key) ?? { key, requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, durations: [] };
    row.requests += 1;
    if (count(line.status) >= 400 || line.stream_error) row.errors += 1;
    row.inputTokens += count(line.input_tokens);
    row.outputTokens += count(line.output_tokens);
    row.cacheReadTokens += count(line.cache_read_input_tokens);
    row.cacheWriteTokens += count(line.cache_creation_input_tokens);
    if (typeof line.duration_ms === 'number') row.durations.push(line.duration_ms);
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens) || a.key.localeCompare(b.key));
}

/** The rows as an aligned text table, with a total line. */
export function renderUsageTable(rows: UsageRow[], by: UsageGrouping): string {
  if (rows.length === 0) return 'No `Request completed` lines in that range.';
  const total = rows.reduce(
    (sum, row) => ({
      ...sum,
      requests: sum.requests + row.requests,
      errors: sum.errors + row.errors,
      inputTokens: sum.inputTokens + row.inputTokens,
      outputTokens: sum.outputTokens + row.outputTokens,
      cacheReadTokens: sum.cacheReadTokens + row.cacheReadTokens,
      cacheWriteTokens: sum.cacheWriteTokens + row.cacheWriteTokens,
      durations: sum.durations.concat(row.durations),
    }),
    { key: 'total', requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, durations: [] as number[] },
  );
  const header = [by, 'requests', 'errors', 'input tokens', 'output tokens', 'cache read', 'cache write', 'p50 ms', 'p95 ms'];
  const body = [...rows, total].map((row) => {
    const sorted = [...row.durations].sort((a, b) => a - b);
    return [row.key, row.requests, row.errors, row.inputTokens, row.outputTokens, row.cacheReadTokens, row.cacheWriteTokens, percentile(sorted, 0.5), percentile(sorted, 0.95)].map((cell) =>
      typeof cell === 'number' ? cell.toLocaleString('en-US') : cell,
    );
  });
  const table = [header, ...body];
  const widths = header.map((_, column) => Math.max(...table.map((cells) => String(cells[column]).length)));
  return table
    .map((cells) => cells.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[column]!) : String(cell).padStart(widths[column]!))).join('  '))
    .join('\n');
}
