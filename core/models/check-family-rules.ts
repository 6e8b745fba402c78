import type { FamilyRule } from '../config/config-schema';
import { ConfigError } from '../config/resolve-config';

export interface BackendModels {
  id: string;
  map: Readonly<Record<string, string>>;
  modelFamilies?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Every family rule's alias must name something of each backend that can
 * serve: a family (declared by any loaded backend, so one without that family
 * answers with its default and says why), a key of its map, or a model its map
 * reaches. Anything else is a typo that would silently send requests to the
 * default, so the boot stops.
 */
export function checkFamilyRules(
  rules: readonly FamilyRule[],
  serving: readonly BackendModels[],
  all: readonly BackendModels[],
  configFile?: string,
): void {
  const knownFamilies = new Set(all.flatMap((backend) => Object.keys(backend.modelFamilies ?? {})));
  rules.forEach((rule, index) => {
    for (const backend of serving) {
      if (knownFamilies.has(rule.alias) || Object.hasOwn(backend.map, rule.alias) || Object.values(backend.map).includes(rule.alias)) continue;
      const names = [...knownFamilies, ...Object.keys(backend.map).filter((key) => !key.includes('-') && !key.includes('/'))];
      throw new ConfigError(
        `Invalid models.families[${index}].alias "${rule.alias}"${configFile ? ` in ${configFile}` : ''} names no model of ${backend.id}: ` +
          `use a family (${[...new Set(names)].join(', ')}), a key of its model map, or an upstream model it maps to`,
      );
    }
  });
}
