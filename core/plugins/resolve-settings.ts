import type { Env } from '../config/read-env-files';
import { parseBooleanWord } from '../config/resolve-config';
import type { EnvVarSpec, PluginManifest } from './manifest-schema';
import type { PluginSettings } from './plugin-contract';

export interface ResolvedSettings {
  settings: PluginSettings;
  /** Required variables with no value. */
  missing: string[];
  /** What is wrong with each variable whose value does not fit its declared type, naming it (see coerce). */
  invalid: string[];
  /** The names of those variables, for places that must not quote values (/health). */
  invalidNames: string[];
  configured: boolean;
}

const URL_EXAMPLE = 'expected e.g. https://host:port/path';

/** A URL quoted in a problem, without its userinfo. */
function withoutUserinfo(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1***@');
}

/**
 * "NAME is not <what was expected>: "<value>"". The value of a secret
 * setting is never quoted, whatever its type.
 */
function problem(spec: EnvVarSpec, expected: string, raw: string): string {
  return spec.secret ? `${spec.name} is not ${expected} (value not shown: secret)` : `${spec.name} is not ${expected}: "${raw}"`;
}

function coerce(spec: EnvVarSpec, raw: string): { value?: string | number | boolean; problem?: string } {
  switch (spec.type) {
    case 'number': {
      const value = Number(raw);
      return Number.isFinite(value) && raw.trim() !== '' ? { value } : { problem: problem(spec, 'a number', raw) };
    }
    case 'boolean': {
      const value = parseBooleanWord(raw);
      return value === undefined ? { problem: problem(spec, 'true or false', raw) } : { value };
    }
    case 'url': {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return { problem: `${problem(spec, 'a URL', withoutUserinfo(raw))}${spec.secret ? '' : ` (${URL_EXAMPLE})`}` };
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: problem(spec, 'an http(s) URL', withoutUserinfo(raw)) };
      return { value: raw };
    }
    default:
      if (spec.enum && !spec.enum.includes(raw)) return { problem: problem(spec, `one of ${spec.enum.join(', ')}`, raw) };
      return { value: raw };
  }
}

/** Reads a plugin's declared variables from the merged env, with the manifest's types and defaults. */
export function resolveSettings(manifest: PluginManifest, env: Env): ResolvedSettings {
  const settings: Record<string, string | number | boolean | undefined> = {};
  const missing: string[] = [];
  const invalid: string[] = [];
  const invalidNames: string[] = [];
  const read = (spec: EnvVarSpec, required: boolean) => {
    const raw = env[spec.name];
    if (raw === undefined || raw.trim() === '') {
      if (required) missing.push(spec.name);
      settings[spec.name] = spec.default;
      return;
    }
    const { value, problem } = coerce(spec, raw.trim());
    if (problem) {
      invalid.push(problem);
      invalidNames.push(spec.name);
    }
    settings[spec.name] = problem ? spec.default : value;
  };
  for (const spec of manifest.env.required) read(spec, true);
  for (const spec of manifest.env.optional ?? []) read(spec, false);
  return { settings: Object.freeze(settings), missing, invalid, invalidNames, configured: missing.length === 0 && invalid.length === 0 };
}

/** Names of the manifest's secret variables, for masking in the CLI and in /health. */
export function secretNames(manifest: PluginManifest): Set<string> {
  return new Set([...manifest.env.required, ...(manifest.env.optional ?? [])].filter((s) => s.secret).map((s) => s.name));
}
