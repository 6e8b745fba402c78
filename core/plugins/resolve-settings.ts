import type { Env } from '../config/read-env-files';
import { parseBooleanWord } from '../config/resolve-config';
import type { EnvVarSpec, PluginManifest } from './manifest-schema';
import type { PluginSettings } from './plugin-contract';

export interface ResolvedSettings {
  settings: PluginSettings;
  /** Required variables with no value. */
  missing: string[];
  /** Variables whose value does not fit the declared type. */
  invalid: string[];
  configured: boolean;
}

function coerce(spec: EnvVarSpec, raw: string): { value?: string | number | boolean; problem?: string } {
  switch (spec.type) {
    case 'number': {
      const value = Number(raw);
      return Number.isFinite(value) && raw.trim() !== '' ? { value } : { problem: `${spec.name}: expected a number, got "${raw}"` };
    }
    case 'boolean': {
      const value = parseBooleanWord(raw);
      return value === undefined ? { problem: `${spec.name}: expected true or false, got "${raw}"` } : { value };
    }
    case 'url':
      try {
        new URL(raw);
        return { value: raw };
      } catch {
        return { problem: `${spec.name}: expected a URL such as http://host:port, got "${raw}"` };
      }
    default:
      if (spec.enum && !spec.enum.includes(raw)) return { problem: `${spec.name}: expected one of ${spec.enum.join(', ')}, got "${raw}"` };
      return { value: raw };
  }
}

/** Reads a plugin's declared variables from the merged env, with the manifest's types and defaults. */
export function resolveSettings(manifest: PluginManifest, env: Env): ResolvedSettings {
  const settings: Record<string, string | number | boolean | undefined> = {};
  const missing: string[] = [];
  const invalid: string[] = [];
  const read = (spec: EnvVarSpec, required: boolean) => {
    const raw = env[spec.name];
    if (raw === undefined || raw.trim() === '') {
      if (required) missing.push(spec.name);
      settings[spec.name] = spec.default;
      return;
    }
    const { value, problem } = coerce(spec, raw.trim());
    if (problem) invalid.push(problem);
    settings[spec.name] = problem ? spec.default : value;
  };
  for (const spec of manifest.env.required) read(spec, true);
  for (const spec of manifest.env.optional ?? []) read(spec, false);
  return { settings: Object.freeze(settings), missing, invalid, configured: missing.length === 0 && invalid.length === 0 };
}

/** Names of the manifest's secret variables, for masking in the CLI and in /health. */
export function secretNames(manifest: PluginManifest): Set<string> {
  return new Set([...manifest.env.required, ...(manifest.env.optional ?? [])].filter((s) => s.secret).map((s) => s.name));
}
