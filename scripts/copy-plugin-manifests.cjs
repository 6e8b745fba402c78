// tsc compiles the plugins' code into dist/plugins; their manifests must sit beside it.
const { cpSync, existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
for (const name of readdirSync(join(root, 'plugins'))) {
  const manifest = join(root, 'plugins', name, 'manifest.json');
  if (existsSync(manifest)) cpSync(manifest, join(root, 'dist', 'plugins', name, 'manifest.json'));
}
