/** The names one plugin goes by, all derived from its folder name. */
export interface PluginNames {
  /** Folder and manifest `name`: `acme-claude`. */
  name: string;
  /** `PROXY_BACKEND` id: `ACME_CLAUDE`. */
  backend: string;
  /** Human name for logs and error messages: `Acme Claude`. */
  title: string;
  /** Prefix of its settings: `ACME_CLAUDE_`. */
  envPrefix: string;
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function pluginNames(name: string): PluginNames {
  if (!NAME.test(name)) {
    throw new Error(`Plugin name "${name}" must be lower-case words joined by dashes, starting with a letter (e.g. acme-claude)`);
  }
  const backend = name.toUpperCase().replace(/-/g, '_');
  const title = name
    .split('-')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
  return { name, backend, title, envPrefix: `${backend}_` };
}
