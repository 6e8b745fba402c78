import { redactString } from '../log/redact';
import type { ProbeContext, ProbeResult } from '../plugins/probe-contract';
import { describeErrorBody, displayUrl, requestUpstream } from '../upstream';

export interface UpstreamProbe {
  /** A cheap GET that needs the credentials, e.g. a models list or the key's own record. */
  url: string;
  headers: Record<string, string>;
  /** The upstream's name in messages, e.g. "OpenRouter". */
  backend: string;
  /** The setting that holds the credentials, named when they are refused. */
  keySetting: string;
  /** The setting that holds the URL, named when nothing answers there. */
  urlSetting: string;
  /** What a 2xx answer says, from its body (JSON when it parses). */
  describeOk?(body: unknown): string;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * One authenticated GET, read as: answered and accepted, credentials refused
 * (401/403), nothing answered, or some other answer. The target and every
 * message name the URL without userinfo or query, and pass through redaction.
 */
export async function probeUpstream(ctx: ProbeContext, probe: UpstreamProbe): Promise<ProbeResult> {
  const url = displayUrl(probe.url) ?? probe.backend;
  const target = `GET ${url}`;
  try {
    const response = await requestUpstream({
      url: probe.url,
      method: 'GET',
      headers: { accept: 'application/json', ...probe.headers },
      signal: ctx.signal,
      timeouts: { headersMs: ctx.timeoutMs, idleMs: ctx.timeoutMs },
      backend: probe.backend,
    });
    const status = response.status;
    const body = parsed(await response.text());
    if (status >= 200 && status < 300) {
      return { outcome: 'ok', target, status, detail: redactString(probe.describeOk?.(body) ?? `${probe.backend} answered and accepted the credentials`) };
    }
    const said = describeErrorBody(body)?.message;
    const quoted = said ? `: "${redactString(said)}"` : '';
    if (status === 401 || status === 403) {
      return { outcome: 'key_rejected', target, status, detail: `${probe.backend} refused the credentials${quoted}. Check ${probe.keySetting}.` };
    }
    const hint = status === 404 ? ` Check ${probe.urlSetting}: the path is not there.` : '';
    return { outcome: 'failed', target, status, detail: `${probe.backend} answered HTTP ${status}${quoted}.${hint}` };
  } catch (error) {
    const reason = redactString((error as Error).message);
    return { outcome: 'unreachable', target, detail: `no answer from ${url} (${reason}). Check ${probe.urlSetting}, and that the service runs.` };
  }
}
