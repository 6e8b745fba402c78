import type { PluginNames } from '../plugin-names';

/** What a template needs besides the names: where the files it imports sit, relative to the file it writes. */
export interface TemplateContext extends PluginNames {
  /** From the plugin folder to the repository's `core/`, e.g. `../../core`. */
  coreFromPlugin: string;
  /** From the test folder to the repository's `scripts/simulators`. */
  simulatorsFromTest: string;
  /** From the test folder to the repository's `test/helpers`. */
  helpersFromTest: string;
  /** From the test folder to the plugin folder. */
  pluginFromTest: string;
}

/** `AcmeClaude` from `acme-claude`: for the function names the templates write. */
export function pascalCase(name: string): string {
  return name
    .split('-')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}
