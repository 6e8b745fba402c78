import type { EnvVarSpec, PluginManifest } from '../../core/plugins/manifest-schema';

/** The file beside a plugin's manifest.json that holds its settings type. */
export const SETTINGS_TYPE_FILE = 'settings.generated.ts';

/** A setting as written in manifest.json, before the schema fills in `type` and `secret`. */
type WrittenEnvVar = Pick<EnvVarSpec, 'name'> & Partial<EnvVarSpec>;

/** A manifest as written (the scaffold's) or as loaded. */
export type ManifestSettingsSource = Pick<PluginManifest, 'name'> & {
  env: { required: readonly WrittenEnvVar[]; optional?: readonly WrittenEnvVar[] };
};

const quoted = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The TypeScript type of a setting's value, as resolveSettings coerces it. */
function valueType(spec: WrittenEnvVar): string {
  switch (spec.type) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'url':
      return 'string';
    default:
      // Only a string setting is held to its enum (see resolveSettings).
      return spec.enum ? spec.enum.map(quoted).join(' | ') : 'string';
  }
}

function member(spec: WrittenEnvVar, alwaysSet: boolean): string[] {
  const doc = spec.description ? [`  /** ${spec.description.replace(/\*\//g, '*\\/')} */`] : [];
  return [...doc, `  ${spec.name}${alwaysSet ? '' : '?'}: ${valueType(spec)};`];
}

/**
 * The `Settings` type of a plugin, from its manifest's `env`: a required
 * setting or one with a default is always set when `messages()` runs (an
 * invalid value falls back to the default, and the backend is not configured
 * while a required one is missing); an optional one without a default may be
 * absent. No import, so the file works in any plugin folder or package.
 */
export function renderSettingsType(manifest: ManifestSettingsSource): string {
  const members = [
    ...manifest.env.required.flatMap((spec) => member(spec, true)),
    ...(manifest.env.optional ?? []).flatMap((spec) => member(spec, spec.default !== undefined)),
  ];
  return [
    `// Generated from manifest.json by \`npm run plugin-types\`: edit the manifest, then run that again.`,
    '',
    `/** The ${manifest.name} plugin's settings: \`definePlugin<Settings>\` types \`ctx.settings\` with them. */`,
    members.length === 0 ? 'export type Settings = Readonly<{}>;' : `export type Settings = Readonly<{\n${members.join('\n')}\n}>;`,
    '',
  ].join('\n');
}
