import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../core/config/resolve-config';
import { redactString } from '../../../core/log/redact';
import { KeyRing, loadApiKeys } from '../../../core/server/access/key-ring';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function keysFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'gateway-keyring-')), 'keys');
  writeFileSync(file, text);
  return file;
}

function failure(load: () => unknown): Error {
  try {
    load();
  } catch (error) {
    return error as Error;
  }
  throw new Error('did not throw');
}

describe('loadApiKeys', () => {
  it('reads GATEWAY_API_KEYS and a keys file together', () => {
    const file = keysFile(`# comment\n\r\n  bob:bob-secret-key-1  \r\ncarol:sha256:${sha256('carol-secret-key')}\n`);
    const ring = new KeyRing(loadApiKeys({ apiKeys: 'alice:alice-secret-key, dave:dave:with:colons', apiKeysFile: file }));
    expect(ring.names).toEqual(['alice', 'dave', 'bob', 'carol']);
    expect(ring.identify('alice-secret-key')).toBe('alice');
    expect(ring.identify('dave:with:colons')).toBe('dave');
    expect(ring.identify('bob-secret-key-1')).toBe('bob');
    expect(ring.identify('carol-secret-key')).toBe('carol');
    expect(ring.identify(`sha256:${sha256('carol-secret-key')}`)).toBeUndefined();
    expect(ring.identify('alice-secret-ke')).toBeUndefined();
    expect(ring.identify('')).toBeUndefined();
  });

  it('masks every plain key in log text', () => {
    loadApiKeys({ apiKeys: 'erin:erin-secret-key-xyz' });
    expect(redactString('saw erin-secret-key-xyz here')).toBe('saw **** here');
  });

  it.each([
    ['a line without a name', 'bob:bob-secret-key-1\njust-a-key-no-colon\n', 'line 2'],
    ['an empty name', ':some-secret-key\n', 'line 1'],
    ['a name with spaces', 'bob smith:some-secret-key\n', 'line 1'],
    ['a short key', 'bob:short\n', 'line 1'],
    ['a key with a space', 'bob:some secret key\n', 'line 1'],
    ['a bad digest', 'bob:sha256:abc123\n', 'line 1'],
    ['a duplicate name', 'bob:some-secret-key\n\nbob:other-secret-key\n', 'line 3'],
    ['the same key under two names', 'bob:some-secret-key\nbobby:some-secret-key\n', 'line 2'],
  ])('refuses %s, naming the file and line but not the key', (_what, text, line) => {
    const file = keysFile(text);
    const error = failure(() => loadApiKeys({ apiKeysFile: file }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(`${file} ${line}`);
    for (const secret of ['some-secret-key', 'other-secret-key', 'short', 'some secret key', 'just-a-key-no-colon', 'abc123']) {
      expect(error.message).not.toContain(secret);
    }
  });

  it('refuses a bad GATEWAY_API_KEYS entry by position', () => {
    const error = failure(() => loadApiKeys({ apiKeys: 'alice:alice-secret-key,bob-secret-key-no-name' }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('GATEWAY_API_KEYS entry 2');
    expect(error.message).not.toContain('bob-secret-key-no-name');
  });

  it('refuses a name used in GATEWAY_API_KEYS and in the file', () => {
    const file = keysFile('alice:another-secret-key\n');
    const error = failure(() => loadApiKeys({ apiKeys: 'alice:alice-secret-key', apiKeysFile: file }));
    expect(error.message).toContain(`${file} line 1`);
    expect(error.message).toContain('alice');
  });

  it('says when the keys file cannot be read', () => {
    const error = failure(() => loadApiKeys({ apiKeysFile: '/nonexistent/keys' }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('/nonexistent/keys');
  });

  it('has no keys when neither is set', () => {
    expect(new KeyRing(loadApiKeys({})).size).toBe(0);
  });
});
