// ANSI colours by level; the fields are dimmed so the event text stands out.
const LEVEL_COLOURS: Record<string, string> = { error: '\x1b[31m', warn: '\x1b[33m', info: '\x1b[32m', http: '\x1b[36m', verbose: '\x1b[36m', debug: '\x1b[34m', silly: '\x1b[35m' };
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/** A field's value as it reads best on one line: bare when it has no spaces or quotes, JSON otherwise. */
function showValue(value: unknown): string {
  if (typeof value === 'string') return value !== '' && !/[\s"=]/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * `12:00:01.234 INFO  Request completed status=200 model=...`: for a person at
 * a terminal. `fields` are the seed-shaped entry, already redacted.
 */
export function prettyLine(fields: Record<string, unknown>, colour: boolean): string {
  const { level, time, event, ...rest } = fields;
  const levelName = String(level);
  const clock = typeof time === 'string' ? time.slice(11, 23) : '';
  const label = levelName.toUpperCase().padEnd(5);
  const text = typeof event === 'string' ? event : showValue(event);
  const shown = Object.entries(rest)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${showValue(value)}`)
    .join(' ');
  if (!colour) return `${clock} ${label} ${text}${shown ? ` ${shown}` : ''}`;
  return `${DIM}${clock}${RESET} ${LEVEL_COLOURS[levelName] ?? ''}${label}${RESET} ${text}${shown ? ` ${DIM}${shown}${RESET}` : ''}`;
}
