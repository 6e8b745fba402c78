import type { FamilyRule } from '../config/config-schema';
import type { PluginSettings } from '../plugins/plugin-contract';

export interface ModelResolution {
  upstreamModel: string;
  /** Which rule applied, for the request log line. */
  rule: 'exact' | 'alias' | 'plugin' | 'family' | 'default';
  detail?: string;
}

export interface ModelTable {
  /** Manifest map with gateway.config.ts overrides applied on top. */
  map: Readonly<Record<string, string>>;
  families: readonly FamilyRule[];
  defaultModel: string;
  pluginResolve?: (requested: string, settings: PluginSettings) => string | undefined;
  settings: PluginSettings;
}

/** exact name -> alias (`big`, `small`) -> plugin's own rule -> family rule -> plugin default. */
export function resolveModel(requested: string, table: ModelTable): ModelResolution {
  const exact = table.map[requested];
  if (exact) return { upstreamModel: exact, rule: table.families.some((f) => f.alias === requested) ? 'alias' : 'exact' };
  const fromPlugin = table.pluginResolve?.(requested, table.settings);
  if (fromPlugin) return { upstreamModel: fromPlugin, rule: 'plugin' };
  const lower = requested.toLowerCase();
  for (const family of table.families) {
    const target = table.map[family.alias];
    if (target && lower.includes(family.match.toLowerCase())) {
      return { upstreamModel: target, rule: 'family', detail: `${family.match} -> ${family.alias}` };
    }
  }
  return { upstreamModel: table.defaultModel, rule: 'default' };
}
