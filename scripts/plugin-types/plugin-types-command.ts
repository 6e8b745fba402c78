import { join, relative } from 'node:path';
import { resolveConfig } from '../../core/config/resolve-config';
import { repositoryRoot } from '../repository-root';
import { writeSettingsTypes } from './write-settings-types';

/**
 * The source tree's plugins (not dist/'s copies) and the folders
 * gateway.config.ts lists in `pluginDirs`. `builtinDir` is for tests.
 */
export async function pluginTypes(argv: string[], out: (line: string) => void, builtinDir = join(repositoryRoot(), 'plugins')): Promise<number> {
  const at = argv.indexOf('--config');
  const config = await resolveConfig({ configPath: at === -1 ? undefined : argv[at + 1] });
  for (const { file, written } of writeSettingsTypes([builtinDir, ...config.pluginDirs])) {
    out(`${written ? 'Wrote' : 'Up to date'} ${relative(process.cwd(), file) || file}`);
  }
  return 0;
}
