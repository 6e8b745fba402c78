import type { Request, Response } from 'express';
import type { BackendRegistry } from '../../plugins/backend-registry';
import { sendJson } from '../serve-messages';

// Listed on GET /v1/models; Claude Code shows only ids that start with `claude`.
const CREATED_AT = '2025-01-01T00:00:00Z';

export function modelsRoute(registry: BackendRegistry) {
  return (_req: Request, res: Response) => {
    const { manifest } = registry.active.loaded;
    const ids = manifest.models.listed ?? Object.keys(registry.active.modelMap).filter((id) => id.startsWith('claude'));
    const data = ids.map((id) => ({ type: 'model', id, display_name: id, created_at: CREATED_AT }));
    sendJson(res, 200, { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
  };
}
