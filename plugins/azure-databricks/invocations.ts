import { serveViaOpenAIChat } from '../../core';
import type { MessagesContext, MessagesResult } from '../../core';
import { applyDatabricksRules } from './apply-databricks-rules';
import { DATABRICKS_ERROR_CODES } from './databricks-error-codes';
import { checkPayloadSize, MAX_PAYLOAD_BYTES, withinDatabricksCeiling } from './databricks-limits';
import { databricksHeaders, type DatabricksSettings } from './databricks-settings';

// Translation re-escapes tool arguments (one JSON string inside another) and
// never does more than that, so a body grows at most about twofold: under a
// quarter of the limit it cannot reach it, and the extra serialisation is skipped.
const MEASURE_FROM_BYTES = MAX_PAYLOAD_BYTES / 4;

export function invocationsUrl(dbx: DatabricksSettings, endpoint: string): string {
  return `${dbx.baseUrl}/serving-endpoints/${encodeURIComponent(endpoint)}/invocations`;
}

/** `POST /serving-endpoints/{endpoint}/invocations`: OpenAI chat made by the translation kit, within Databricks' rules. */
export function serveInvocations(ctx: MessagesContext, dbx: DatabricksSettings): Promise<MessagesResult> {
  return serveViaOpenAIChat(withinDatabricksCeiling(ctx), {
    url: invocationsUrl(dbx, ctx.upstreamModel),
    headers: databricksHeaders(dbx),
    backendName: 'Azure Databricks',
    errorCodes: DATABRICKS_ERROR_CODES,
    adjustBody(body) {
      applyDatabricksRules(body, ctx.logger);
      if (ctx.rawBody.length >= MEASURE_FROM_BYTES) checkPayloadSize(Buffer.byteLength(JSON.stringify(body)));
    },
  });
}
