import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';

const PLUGIN_DIRS = /pluginDirs\s*:\s*\[([^\]]*)\]/;

/**
 * Adds `pluginDir` to the `pluginDirs` array of a gateway.config.ts (a text
 * edit: the file is the operator's own code). Returns false when it was listed already.
 */
export function listPluginDir(configFile: string, pluginDir: string): boolean {
  const text = readFileSync(configFile, 'utf8');
  let entry = relative(dirname(configFile), pluginDir).split(sep).join('/');
  if (!entry.startsWith('.') && !entry.startsWith('/')) entry = `./${entry}`;
  const found = PLUGIN_DIRS.exec(text);
  if (!found) {
    throw new Error(`${configFile} has no \`pluginDirs: [...]\` to add ${entry} to: add \`pluginDirs: ['${entry}']\` to its config object`);
  }
  const listed = found[1]!.trim();
  if (listed.includes(`'${entry}'`) || listed.includes(`"${entry}"`)) return false;
  const items = listed.replace(/,\s*$/, '');
  const updated = `pluginDirs: [${items ? `${items}, ` : ''}'${entry}']`;
  writeFileSync(configFile, text.slice(0, found.index) + updated + text.slice(found.index + found[0].length));
  return true;
}
