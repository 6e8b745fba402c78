import type { RouteContext } from '../../core';

export type EndpointMap = Record<string, string[]>;

/** The request models (gateway.config.ts overrides included) that lead to each serving endpoint, the default too. */
export function endpointMap(ctx: RouteContext): EndpointMap {
  const map: EndpointMap = {};
  for (const [model, endpoint] of Object.entries(ctx.modelMap)) (map[endpoint] ??= []).push(model);
  (map[ctx.manifest.models.default] ??= []).push('(default)');
  return map;
}
