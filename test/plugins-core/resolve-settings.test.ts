import type { PluginManifest } from '../../core/plugins/manifest-schema';
import { resolveSettings } from '../../core/plugins/resolve-settings';

const manifest = {
  name: 'x',
  backend: 'X',
  entry: './handler',
  env: {
    required: [{ name: 'X_SECRET_PORT', type: 'number', secret: true }],
    optional: [
      { name: 'X_BASE', type: 'url' },
      { name: 'X_TIMEOUT', type: 'number' },
      { name: 'X_FLAG', type: 'boolean' },
      { name: 'X_MODE', enum: ['a', 'b'] },
      { name: 'X_SECRET_MODE', enum: ['a', 'b'], secret: true },
    ],
  },
  models: { map: {}, default: 'm' },
} as unknown as PluginManifest;

describe('resolveSettings problems', () => {
  it('name the setting and what is wrong, quoting only values that are not secret', () => {
    const { invalid, invalidNames, configured } = resolveSettings(manifest, {
      X_SECRET_PORT: 'hunter2-secret',
      X_BASE: 'example.com/v1',
      X_TIMEOUT: 'ten',
      X_FLAG: 'maybe',
      X_MODE: 'c',
      X_SECRET_MODE: 'topsecret-value',
    });
    expect(configured).toBe(false);
    expect(invalidNames).toEqual(['X_SECRET_PORT', 'X_BASE', 'X_TIMEOUT', 'X_FLAG', 'X_MODE', 'X_SECRET_MODE']);
    expect(invalid).toEqual([
      'X_SECRET_PORT is not a number (value not shown: secret)',
      'X_BASE is not a URL: "example.com/v1" (expected e.g. https://host:port/path)',
      'X_TIMEOUT is not a number: "ten"',
      'X_FLAG is not true or false: "maybe"',
      'X_MODE is not one of a, b: "c"',
      'X_SECRET_MODE is not one of a, b (value not shown: secret)',
    ]);
    expect(invalid.join(' ')).not.toMatch(/hunter2|topsecret/);
  });

  it('wants an http(s) URL, and never quotes the userinfo of one', () => {
    expect(resolveSettings(manifest, { X_SECRET_PORT: '1', X_BASE: 'ftp://user:pw@files.example/' }).invalid).toEqual([
      'X_BASE is not an http(s) URL: "ftp://***@files.example/"',
    ]);
    expect(resolveSettings(manifest, { X_SECRET_PORT: '1', X_BASE: 'https://user:pw@api.example/v1' }).configured).toBe(true);
  });
});
