import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPluginFolders, readManifest } from '../../core/plugins/load-plugins';
import { renderSettingsType, SETTINGS_TYPE_FILE } from './render-settings-type';

export interface SettingsTypeFile {
  file: string;
  /** False when the file already said what the manifest says. */
  written: boolean;
}

/** What the settings type file of the plugin in `pluginDir` should hold. */
export function expectedSettingsType(pluginDir: string): string {
  return renderSettingsType(readManifest(join(pluginDir, 'manifest.json')));
}

/** Writes `settings.generated.ts` beside each manifest under `dirs` (plugin folders, or folders of them) that it does not match. */
export function writeSettingsTypes(dirs: string[]): SettingsTypeFile[] {
  return dirs.flatMap(findPluginFolders).map((pluginDir) => {
    const file = join(pluginDir, SETTINGS_TYPE_FILE);
    const text = expectedSettingsType(pluginDir);
    if (existsSync(file) && readFileSync(file, 'utf8') === text) return { file, written: false };
    writeFileSync(file, text);
    return { file, written: true };
  });
}
