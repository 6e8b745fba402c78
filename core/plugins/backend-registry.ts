import type { Logger } from 'winston';
import type { ResolvedConfig } from '../config/resolve-config';
import { checkFamilyRules } from '../models/check-family-rules';
import { memoizedResolver, type ModelResolution } from '../models/resolve-model';
import { ApiError } from '../protocol/anthropic/errors';
import { CircuitBreaker } from '../upstream';
import type { LoadedPlugin } from './load-plugins';
import type { UpstreamTimeouts } from './plugin-contract';
import { resolveSettings, type ResolvedSettings } from './resolve-settings';
import type { BackendSelection } from './select-backend';

const DEFAULT_TIMEOUT_SECONDS = 120;

/** One loaded plugin with everything resolved that a request needs from it. */
export interface Backend extends ResolvedSettings {
  id: string;
  loaded: LoadedPlugin;
  options: Readonly<Record<string, unknown>>;
  modelMap: Readonly<Record<string, string>>;
  timeouts: UpstreamTimeouts;
  maxRetries: number;
  breaker: CircuitBreaker;
  resolveModel(requested: string): ModelResolution;
  /** What is missing or wrong in the settings, naming each (values of secrets never quoted). */
  unconfiguredMessage(): string;
  /** The 503 for a request this backend cannot serve until its settings change: no retry can help, so it says so. */
  unconfiguredError(): ApiError;
}

export function createBackend(loaded: LoadedPlugin, config: ResolvedConfig): Backend {
  const { manifest, plugin } = loaded;
  const resolved = resolveSettings(manifest, config.env);
  const modelMap = { ...manifest.models.map, ...(config.modelOverrides[manifest.backend] ?? {}) };
  const timeoutSetting = manifest.resilience?.timeoutSetting;
  const timeoutSeconds = Number(timeoutSetting ? resolved.settings[timeoutSetting] : undefined) || DEFAULT_TIMEOUT_SECONDS;
  const retriesSetting = manifest.resilience?.maxRetriesSetting;
  const configuredRetries = retriesSetting ? Number(resolved.settings[retriesSetting]) : NaN;
  const maxRetries = Number.isFinite(configuredRetries) ? configuredRetries : (manifest.resilience?.defaultMaxRetries ?? 2);
  const table = {
    map: modelMap,
    families: config.families,
    modelFamilies: manifest.models.families,
    defaultModel: manifest.models.default,
    pluginResolve: plugin.resolveModel,
    upstreamApi: plugin.upstreamApi,
    settings: resolved.settings,
    backend: manifest.backend,
  };
  return {
    ...resolved,
    id: manifest.backend,
    loaded,
    options: config.pluginOptions[manifest.backend] ?? {},
    modelMap,
    timeouts: { headersMs: timeoutSeconds * 1000, idleMs: timeoutSeconds * 1000 },
    maxRetries,
    breaker: new CircuitBreaker(config.circuitBreaker),
    resolveModel: memoizedResolver(table),
    unconfiguredMessage() {
      const problems = [...resolved.missing.map((name) => `${name} is not set`), ...resolved.invalid].join('; ');
      // The manifest's wording ("... must be configured") speaks of missing settings.
      if (resolved.missing.length === 0) return `Backend ${manifest.backend} is misconfigured: ${problems}`;
      return `${manifest.unconfiguredMessage ?? `Backend ${manifest.backend} is not configured`} (${problems})`;
    },
    unconfiguredError() {
      return new ApiError(503, this.unconfiguredMessage(), { headers: { 'x-should-retry': 'false' } });
    },
  };
}

export class BackendRegistry {
  private readonly backends = new Map<string, Backend>();
  readonly active: Backend;

  constructor(
    plugins: LoadedPlugin[],
    readonly config: ResolvedConfig,
    readonly selection: BackendSelection,
  ) {
    for (const loaded of plugins) this.backends.set(loaded.manifest.backend, createBackend(loaded, config));
    this.active = this.backends.get(selection.id)!;
    const models = (backend: Backend) => ({ id: backend.id, map: backend.modelMap, modelFamilies: backend.loaded.manifest.models.families });
    checkFamilyRules(config.families, this.chain().map(models), this.all().map(models), config.configFile);
  }

  get(id: string): Backend | undefined {
    return this.backends.get(id);
  }

  all(): Backend[] {
    return [...this.backends.values()];
  }

  /** The active backend, then the configured fallbacks (each once, never the active one twice). */
  chain(): Backend[] {
    const ids = [this.active.id, ...this.config.fallback.filter((id) => id !== this.active.id)];
    return [...new Set(ids)].map((id) => this.backends.get(id)).filter((b): b is Backend => b !== undefined);
  }

  logActivation(logger: Logger): void {
    this.active.loaded.plugin.onActivate?.(this.active.settings, logger);
  }
}
