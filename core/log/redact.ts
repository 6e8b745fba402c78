// Secrets must never reach a log line: keys that name credentials are masked
// whatever their value, and credential-shaped strings are masked wherever they
// appear.

// `token` as a whole or trailing word (DATABRICKS_TOKEN, x-auth-token), not counts like output_tokens.
const SECRET_KEY = /authorization|api[-_]?key|(^|[-_])token$|secret|password|cookie/i;
const SECRET_VALUE = /\b(Bearer\s+)[^\s"',]+|\b(sk-[A-Za-z0-9_-]{8,}|dapi[a-f0-9]{16,}[A-Za-z0-9-]*)/g;

export function maskSecret(value: string | undefined): string {
  if (!value) return '';
  return value.length <= 8 ? '****' : `${value.slice(0, 4)}****`;
}

export function redactString(text: string): string {
  return text.replace(SECRET_VALUE, (_match, bearer: string | undefined) => (bearer ? `${bearer}****` : '****'));
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && item != null && item !== '' ? '****' : redact(item, depth + 1);
  }
  return out;
}
