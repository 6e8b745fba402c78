import type { PluginSettings } from '../config/plugin-settings';
import type { PluginManifest } from './manifest-schema';

/** What a plugin's `probe` gets: the active backend's resolved settings. */
export interface ProbeContext<S extends PluginSettings = PluginSettings> {
  settings: S;
  /** The plugin's own section of gateway.config.ts (`plugins.<backend>`). */
  options: Readonly<Record<string, unknown>>;
  manifest: PluginManifest;
  /** The manifest's model map with gateway.config.ts overrides applied. */
  modelMap: Readonly<Record<string, string>>;
  /** Longest wait for the whole answer. */
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * `ok`: the upstream answered and took the credentials; `key_rejected`: it
 * answered 401 or 403; `unreachable`: no answer (connect error, timeout);
 * `failed`: any other answer.
 */
export type ProbeOutcome = 'ok' | 'key_rejected' | 'unreachable' | 'failed';

export interface ProbeResult {
  outcome: ProbeOutcome;
  /** What was called, e.g. `GET https://openrouter.ai/api/v1/key`: no credentials, no query string. */
  target: string;
  status?: number;
  /** One line for a person: what the answer means and, when it failed, which setting to look at. Never a secret. */
  detail: string;
}
