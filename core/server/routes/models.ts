import type { Request, Response } from 'express';
import type { BackendRegistry } from '../../plugins/backend-registry';
import { sendJson } from '../serve-messages';

// Listed on GET /v1/models; Claude Code shows only ids that start with `claude`.
const CREATED_AT = '2025-01-01T00:00:00Z';

/**
 * One id per upstream model: of the ids that reach the same model
 * (`claude-3.7-sonnet`, `claude-3-7-sonnet`), Anthropic's dashed form, the shortest.
 */
export function listedModelIds(ids: readonly string[], upstreamOf: (id: string) => string): string[] {
  const chosen = new Map<string, string>();
  for (const id of ids) {
    const upstream = upstreamOf(id);
    const held = chosen.get(upstream);
    if (held === undefined || preferred(id, held)) chosen.set(upstream, id);
  }
  const kept = new Set(chosen.values());
  return ids.filter((id) => kept.has(id));
}

function preferred(id: string, over: string): boolean {
  const dotted = (s: string) => (s.includes('.') ? 1 : 0);
  return dotted(id) - dotted(over) < 0 || (dotted(id) === dotted(over) && id.length < over.length);
}

export function modelsRoute(registry: BackendRegistry) {
  return (_req: Request, res: Response) => {
    const { manifest } = registry.active.loaded;
    const offered = manifest.models.listed ?? Object.keys(registry.active.modelMap).filter((id) => id.startsWith('claude'));
    const ids = listedModelIds(offered, (id) => registry.active.resolveModel(id).upstreamModel);
    const data = ids.map((id) => ({ type: 'model', id, display_name: id, created_at: CREATED_AT }));
    sendJson(res, 200, { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
  };
}
