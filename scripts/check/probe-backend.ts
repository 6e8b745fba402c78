// `npm run gateway -- check --probe`: one call to the active backend's upstream,
// through the plugin's own `probe`, to learn what `check` alone cannot: whether
// the upstream answers, and whether it takes the configured credentials.
import { closeUpstreamAgent } from '../../core/upstream';
import type { Backend } from '../../core/plugins/backend-registry';
import { registerBackendSecrets } from '../../core/plugins/register-backend-secrets';
import type { ProbeOutcome, ProbeResult } from '../../core/plugins/probe-contract';

// Long enough for a TLS handshake far away; short enough that a dead host does not hang a shell.
export const PROBE_TIMEOUT_MS = 5_000;

/** Exit codes of `check --probe`; 2 (settings missing, no call made) is `check`'s own. */
export const PROBE_EXIT_CODES: Record<ProbeOutcome, number> = { ok: 0, key_rejected: 3, unreachable: 4, failed: 5 };

const LABELS: Record<ProbeOutcome, string> = { ok: 'ok', key_rejected: 'key rejected', unreachable: 'unreachable', failed: 'failed' };

export interface ProbeReport {
  lines: string[];
  /** Undefined when no call was made. */
  result?: ProbeResult;
}

export async function probeBackend(backend: Backend, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeReport> {
  if (!backend.configured) return { lines: ['Probe: skipped: the settings above are missing or invalid, so no call was made'] };
  const probe = backend.loaded.plugin.probe;
  if (!probe) return { lines: [`Probe: not available: the ${backend.id} plugin has no probe`] };
  // An upstream may quote the credentials it refused: the details pass through redaction.
  registerBackendSecrets([backend]);
  const signal = AbortSignal.timeout(timeoutMs);
  let result: ProbeResult;
  try {
    result = await probe({ settings: backend.settings, options: backend.options, manifest: backend.loaded.manifest, modelMap: backend.modelMap, timeoutMs, signal });
  } finally {
    // The pooled keep-alive sockets would hold the CLI open.
    await closeUpstreamAgent();
  }
  const status = result.status !== undefined && result.outcome !== 'ok' ? ` (HTTP ${result.status})` : '';
  return { lines: [`Probe: ${result.target}`, `Probe result: ${LABELS[result.outcome]}${status}: ${result.detail}`], result };
}
