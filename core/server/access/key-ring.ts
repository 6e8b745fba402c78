import { hash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../config/resolve-config';
import { MIN_MASKED_SECRET_LENGTH, registerSecrets } from '../../log/redact';

export interface ApiKeyEntry {
  name: string;
  /** sha256 of the key: all a lookup needs, and all a keys file may hold. */
  digest: Buffer;
}

export interface ApiKeySources {
  /** GATEWAY_API_KEYS: `name:key,name:key`. */
  apiKeys?: string;
  /** A file of `name:key` or `name:sha256:<64 hex>` lines. */
  apiKeysFile?: string;
}

// A name shows in logs and metrics: kept to characters that need no quoting there.
const NAME = /^[\w.@-]{1,64}$/;
const DIGEST = /^sha256:([0-9a-f]{64})$/i;
const WHITESPACE = /\s/;

// One-shot hash: half the cost of a createHash object, and it runs for every keyed request.
const sha256 = (text: string): Buffer => hash('sha256', text, 'buffer');

/**
 * The keys from both sources, checked. A bad entry is a ConfigError that says
 * where it is (the file and line, or the entry's position in GATEWAY_API_KEYS)
 * and never what the key is. Plain keys are registered for masking in logs.
 */
export function loadApiKeys(sources: ApiKeySources): ApiKeyEntry[] {
  const entries: ApiKeyEntry[] = [];
  const plain: string[] = [];
  const seen = new Map<string, string>();
  const add = (line: string, where: string) => {
    const entry = parseEntry(line, where, plain);
    const earlier = seen.get(entry.name);
    if (earlier) throw new ConfigError(`Invalid API key at ${where}: the name "${entry.name}" is already used at ${earlier}`);
    const same = entries.find((other) => timingSafeEqual(other.digest, entry.digest));
    if (same) throw new ConfigError(`Invalid API key at ${where}: the same key is already given to "${same.name}" (${seen.get(same.name)})`);
    seen.set(entry.name, where);
    entries.push(entry);
  };

  if (sources.apiKeys) {
    sources.apiKeys.split(',').forEach((item, index) => {
      if (item.trim()) add(item, `GATEWAY_API_KEYS entry ${index + 1}`);
    });
  }
  if (sources.apiKeysFile) {
    let text: string;
    try {
      text = readFileSync(sources.apiKeysFile, 'utf8');
    } catch (error) {
      throw new ConfigError(`Cannot read the API keys file ${sources.apiKeysFile} (GATEWAY_API_KEYS_FILE): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    text.split('\n').forEach((line, index) => {
      const trimmed = line.trim();
      if (trimmed && !trimmed.startsWith('#')) add(trimmed, `${sources.apiKeysFile} line ${index + 1}`);
    });
  }
  registerSecrets(plain);
  return entries;
}

function parseEntry(text: string, where: string, plain: string[]): ApiKeyEntry {
  const line = text.trim();
  const colon = line.indexOf(':');
  if (colon === -1) throw new ConfigError(`Invalid API key at ${where}: expected name:key or name:sha256:<64 hex digits>`);
  const name = line.slice(0, colon).trim();
  const key = line.slice(colon + 1).trim();
  if (!NAME.test(name)) {
    throw new ConfigError(`Invalid API key at ${where}: the name must be 1 to 64 letters, digits, '_', '.', '@' or '-'`);
  }
  if (key.startsWith('sha256:')) {
    const digest = DIGEST.exec(key);
    if (!digest) throw new ConfigError(`Invalid API key "${name}" at ${where}: sha256: must be followed by 64 hex digits`);
    return { name, digest: Buffer.from(digest[1]!, 'hex') };
  }
  if (key.length < MIN_MASKED_SECRET_LENGTH) {
    throw new ConfigError(`Invalid API key "${name}" at ${where}: keys must be at least ${MIN_MASKED_SECRET_LENGTH} characters`);
  }
  if (WHITESPACE.test(key)) throw new ConfigError(`Invalid API key "${name}" at ${where}: a key cannot contain whitespace`);
  plain.push(key);
  return { name, digest: sha256(key) };
}

/** Who a presented key belongs to. */
export class KeyRing {
  private entries: readonly ApiKeyEntry[];

  constructor(entries: readonly ApiKeyEntry[]) {
    this.entries = entries;
  }

  get size(): number {
    return this.entries.length;
  }

  get names(): string[] {
    return this.entries.map((entry) => entry.name);
  }

  replace(entries: readonly ApiKeyEntry[]): void {
    this.entries = entries;
  }

  /**
   * The caller's name, or undefined. Every entry is compared, in constant
   * time, whichever matches: how long this takes says nothing about the key.
   */
  identify(presented: string): string | undefined {
    const digest = sha256(presented);
    let found: string | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(digest, entry.digest) && found === undefined) found = entry.name;
    }
    return found;
  }
}
