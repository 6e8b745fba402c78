// Secrets must never reach a log line or an error body: the configured secret
// values (plugin settings marked `secret`, gateway keys) are masked wherever
// they appear, keys that name credentials are masked whatever their value, and
// credential-shaped strings are masked as a second net.

// `token` as a whole or trailing word (DATABRICKS_TOKEN, x-auth-token), not counts like output_tokens.
const SECRET_KEY = /authorization|api[-_]?key|(^|[-_])token$|secret|password|cookie/i;
// Credential shapes, for text that carries a secret nobody configured here:
// `Bearer x` and `Basic <base64>` (the scheme kept), `sk-...` (OpenAI,
// OpenRouter's `sk-or-...`), Databricks `dapi` tokens (hex, or any token after
// `dapi-`), and JWTs (two base64url JSON parts, then the signature). One pass,
// each alternative opening on a literal, so a line without them costs little.
const SECRET_VALUE =
  /\b(?:([Bb]earer\s+|Basic\s+(?=[A-Za-z0-9+/]{8}))[^\s"',]+|sk-[A-Za-z0-9_-]{8,}|dapi(?:[a-f0-9]{16,}|-[A-Za-z0-9_-]{8,})[A-Za-z0-9_-]*|eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*)/g;

/** Shorter values are not masked by value: they would mask ordinary words. */
export const MIN_MASKED_SECRET_LENGTH = 8;

const knownSecrets = new Set<string>();
let knownSecretPattern: RegExp | undefined;

/**
 * Adds configured secret values to what every redaction masks, for the life
 * of the process (a value once configured stays masked after a reload drops it).
 */
export function registerSecrets(values: Iterable<string | undefined>): void {
  let added = false;
  for (const value of values) {
    if (typeof value !== 'string' || value.length < MIN_MASKED_SECRET_LENGTH || knownSecrets.has(value)) continue;
    knownSecrets.add(value);
    added = true;
  }
  if (!added) return;
  // Longest first, so a secret that contains another is masked whole.
  const alternatives = [...knownSecrets].sort((a, b) => b.length - a.length).map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  knownSecretPattern = new RegExp(alternatives.join('|'), 'g');
}

export function maskSecret(value: string | undefined): string {
  if (!value) return '';
  return value.length <= 8 ? '****' : `${value.slice(0, 4)}****`;
}

// Every credential shape above opens on one of these literals: a value with
// none of them (most log fields) skips the full pattern.
const SECRET_VALUE_OPENING = /[Bb]earer|Basic|sk-|dapi|eyJ/;

export function redactString(text: string): string {
  const masked = knownSecretPattern && text.length >= MIN_MASKED_SECRET_LENGTH ? text.replace(knownSecretPattern, '****') : text;
  if (!SECRET_VALUE_OPENING.test(masked)) return masked;
  return masked.replace(SECRET_VALUE, (_match, scheme: string | undefined) => (scheme ? `${scheme}****` : '****'));
}

// Log lines use a handful of field names over and over: each is tested once.
const SECRET_KEY_MEMO_LIMIT = 1024;
const secretKeyMemo = new Map<string, boolean>();

function namesASecret(key: string): boolean {
  let secret = secretKeyMemo.get(key);
  if (secret === undefined) {
    secret = SECRET_KEY.test(key);
    if (secretKeyMemo.size < SECRET_KEY_MEMO_LIMIT) secretKeyMemo.set(key, secret);
  }
  return secret;
}

const MAX_DEPTH = 6;

/** A field's value, masked whatever it holds when its key names a credential. */
export function redactField(key: string, value: unknown, depth = 0): unknown {
  return namesASecret(key) && value != null && value !== '' ? '****' : redact(value, depth);
}

/**
 * A copy of `value` that JSON can write, with secrets masked: objects keep
 * their keys in alphabetical order (the order log lines have always had),
 * errors keep their name and message, a bigint becomes its digits, and what
 * lies deeper than six levels is cut.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return '[cut: too deep]';
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return redact((value as { toJSON(): unknown }).toJSON(), depth);
  // An Error's name and message are not own enumerable properties: give them places among the rest.
  const fields: Record<string, unknown> = value instanceof Error ? { ...value, name: value.name, message: value.message } : (value as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(fields).sort()) out[key] = redactField(key, fields[key], depth + 1);
  return out;
}
