import { serveViaAnthropicMessages } from '../../core';
import type { MessagesContext, MessagesResult } from '../../core';
import { stringifyJsonToBuffer } from '../../core';
import { prepareNativeBody } from './apply-native-rules';
import { checkPayloadSize, withinDatabricksCeiling } from './databricks-limits';
import { databricksHeaders, type DatabricksSettings } from './databricks-settings';

export function nativeMessagesUrl(dbx: DatabricksSettings): string {
  return `${dbx.baseUrl}/serving-endpoints/anthropic/v1/messages`;
}

/**
 * Databricks' native Anthropic route: the client's body with `model` set to the
 * endpoint, and the answer streamed back byte for byte (thinking signatures and
 * prompt caching intact).
 */
export async function serveNativeMessages(ctx: MessagesContext, dbx: DatabricksSettings): Promise<MessagesResult> {
  const body = stringifyJsonToBuffer(prepareNativeBody(ctx.body, ctx.upstreamModel, ctx.logger));
  checkPayloadSize(body.length);
  return serveViaAnthropicMessages(withinDatabricksCeiling(ctx), {
    url: nativeMessagesUrl(dbx),
    headers: databricksHeaders(dbx),
    body,
    backendName: 'Azure Databricks',
    requestIdHeader: 'x-request-id',
  });
}
