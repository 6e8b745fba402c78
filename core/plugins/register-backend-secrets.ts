import { registerSecrets } from '../log/redact';
import type { Backend } from './backend-registry';
import { secretNames } from './resolve-settings';

/**
 * Masks the values of the settings each plugin's manifest marks `secret`, in
 * everything the gateway writes (logs, error bodies, error events), whether or
 * not that backend is the active one: an upstream may echo any of them.
 */
export function registerBackendSecrets(backends: Iterable<Backend>): void {
  for (const backend of backends) {
    const values: string[] = [];
    for (const name of secretNames(backend.loaded.manifest)) {
      const value = backend.settings[name];
      if (typeof value === 'string') values.push(value);
    }
    registerSecrets(values);
  }
}
