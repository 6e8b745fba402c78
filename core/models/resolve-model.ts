import type { FamilyRule } from '../config/config-schema';
import type { PluginSettings } from '../config/plugin-settings';
import { bareModelId } from './bare-model-id';

export interface ModelResolution {
  upstreamModel: string;
  /** Which rule applied, for the request log line. */
  rule: 'exact' | 'alias' | 'plugin' | 'family' | 'default';
  detail?: string;
  /** Which of the upstream's APIs serves the model, when the backend has more than one (see GatewayPlugin.upstreamApi). */
  api?: string;
}

export interface ModelTable {
  /** Manifest map with gateway.config.ts overrides applied on top. */
  map: Readonly<Record<string, string>>;
  /** The config's rules: a requested id containing `match` goes to `alias`. */
  families: readonly FamilyRule[];
  /** The backend's upstream models per family, newest first (the manifest's `models.families`). */
  modelFamilies?: Readonly<Record<string, readonly string[]>>;
  defaultModel: string;
  pluginResolve?: (requested: string, settings: PluginSettings) => string | undefined;
  /** The plugin's word on which API serves an upstream model. */
  upstreamApi?: (upstreamModel: string, settings: PluginSettings) => string | undefined;
  settings: PluginSettings;
  /** Names the backend in the reason a family falls back to the default. */
  backend?: string;
}

// Model ids have a dash or a slash; a one-word key of the map (`big`, `small`) is an alias.
const ALIAS = /^[a-z]+$/i;

/**
 * exact name (also with a date, `-latest` or `[1m]` suffix dropped) -> alias
 * (`big`, `small`) -> plugin's own rule -> family rule -> plugin default.
 */
export function resolveModel(requested: string, table: ModelTable): ModelResolution {
  const exact = mapped(table.map, requested);
  if (exact) return { upstreamModel: exact, rule: ALIAS.test(requested) ? 'alias' : 'exact' };
  const bare = bareModelId(requested);
  const undated = bare === requested ? undefined : mapped(table.map, bare);
  if (undated) return { upstreamModel: undated, rule: 'exact', detail: `read as ${bare}` };
  const fromPlugin = table.pluginResolve?.(requested, table.settings);
  if (fromPlugin) return { upstreamModel: fromPlugin, rule: 'plugin' };
  const lower = requested.toLowerCase();
  for (const family of table.families) {
    if (!lower.includes(family.match.toLowerCase())) continue;
    const target = familyTarget(family.alias, table);
    if (target) return { upstreamModel: target.model, rule: 'family', detail: `${family.match} -> ${target.via}` };
    const why = `no ${family.alias} model on ${table.backend ?? 'this backend'}`;
    return { upstreamModel: table.defaultModel, rule: 'default', detail: why };
  }
  return { upstreamModel: table.defaultModel, rule: 'default' };
}

/** The map's own entry: a client's `constructor` or `__proto__` is no model. */
function mapped(map: Readonly<Record<string, string>>, id: string): string | undefined {
  return Object.hasOwn(map, id) ? map[id] : undefined;
}

/** What a family rule's alias names on this backend: a family's newest model, a map key, or an upstream model. */
function familyTarget(alias: string, table: ModelTable): { model: string; via: string } | undefined {
  const members = table.modelFamilies?.[alias];
  if (members) return members.length > 0 ? { model: members[0], via: `newest ${alias}` } : undefined;
  const key = mapped(table.map, alias);
  if (key) return { model: key, via: alias };
  return Object.values(table.map).includes(alias) ? { model: alias, via: alias } : undefined;
}

/** Resolutions are pure per table: repeated ids (most of them) are looked up once. */
export function memoizedResolver(table: ModelTable, limit = 512): (requested: string) => ModelResolution {
  const seen = new Map<string, ModelResolution>();
  return (requested) => {
    const known = seen.get(requested);
    if (known) return known;
    const resolution = resolveModel(requested, table);
    const api = table.upstreamApi?.(resolution.upstreamModel, table.settings);
    if (api !== undefined) resolution.api = api;
    Object.freeze(resolution);
    // Ids come from clients: past the limit the cache starts over rather than grow.
    if (seen.size >= limit) seen.clear();
    seen.set(requested, resolution);
    return resolution;
  };
}
