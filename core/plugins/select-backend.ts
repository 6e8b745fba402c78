import type { ResolvedConfig } from '../config/resolve-config';
import type { LoadedPlugin } from './load-plugins';

export interface BackendSelection {
  id: string;
  source: 'PROXY_BACKEND' | 'config' | 'legacy' | 'default';
  /** Set when a deprecated flag chose the backend: says what to set instead. */
  deprecation?: string;
}

export class BackendSelectionError extends Error {
  override name = 'BackendSelectionError';
}

export function backendIds(plugins: LoadedPlugin[]): string[] {
  return plugins.map((p) => p.manifest.backend);
}

/** The seed's message, listing every loaded plugin so a new plugin extends it by itself. */
export function invalidBackendMessage(value: string, plugins: LoadedPlugin[]): string {
  return `Invalid PROXY_BACKEND value: ${value}. Must be one of: [${backendIds(plugins).map((id) => `'${id}'`).join(', ')}]`;
}

export function selectBackend(plugins: LoadedPlugin[], config: ResolvedConfig): BackendSelection {
  const requested = config.requestedBackend;
  if (requested) {
    const id = requested.id.toUpperCase();
    if (!plugins.some((p) => p.manifest.backend === id)) throw new BackendSelectionError(invalidBackendMessage(requested.id, plugins));
    return { id, source: requested.source };
  }
  const legacy = plugins
    .flatMap((p) => (p.manifest.legacyFlags ?? []).map((flag) => ({ flag, id: p.manifest.backend })))
    .filter(({ flag }) => config.env[flag.env]?.trim().toLowerCase() === flag.value.toLowerCase())
    .sort((a, b) => a.flag.priority - b.flag.priority)[0];
  if (legacy) {
    const { env, value } = legacy.flag;
    return {
      id: legacy.id,
      source: 'legacy',
      deprecation: `${env}=${value} is deprecated: set PROXY_BACKEND=${legacy.id} instead`,
    };
  }
  const fallbackDefault = plugins.find((p) => p.manifest.isDefault) ?? plugins[0];
  if (!fallbackDefault) throw new BackendSelectionError('No backend plugins were found');
  return { id: fallbackDefault.manifest.backend, source: 'default' };
}
