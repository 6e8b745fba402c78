import { definePlugin, type MessagesContext } from '../../core';
import { readDatabricksSettings } from './databricks-settings';
import { healthBlock, databricksHealth } from './health';
import { databricksHealthDetailed } from './health-detailed';
import { serveInvocations } from './invocations';
import { serveNativeMessages } from './native-messages';
import { probeDatabricks } from './probe';
import type { Settings } from './settings.generated';
import { trackOutcome } from './upstream-outcomes';

function messages(ctx: MessagesContext<Settings>) {
  const dbx = readDatabricksSettings(ctx.settings);
  ctx.logger.info('Routing to Azure Databricks backend', { model: ctx.requestedModel, endpoint: ctx.upstreamModel, mode: dbx.api });
  return trackOutcome(dbx.baseUrl, () => (dbx.api === 'messages' ? serveNativeMessages(ctx, dbx) : serveInvocations(ctx, dbx)));
}

export default definePlugin<Settings>({
  messages,
  health: healthBlock,
  probe: probeDatabricks,
  routes: { health: databricksHealth, healthDetailed: databricksHealthDetailed },
  onActivate(settings, logger) {
    const dbx = readDatabricksSettings(settings);
    logger.info('Azure Databricks main routing active', { main_endpoint: '/v1/messages', workspace: dbx.workspace, mode: dbx.api });
  },
});
