import type { PluginKind } from '../new-plugin-args';
import type { TemplateContext } from './template-context';

// manifest.json's env, as a type (npm run plugin-types writes it again when the env changes).
const SETTINGS_IMPORT = "import type { Settings } from './settings.generated';";

function anthropicHandler(c: TemplateContext): string {
  return `import { definePlugin, rewriteModelField, serveViaAnthropicMessages } from '${c.coreFromPlugin}';
${SETTINGS_IMPORT}

/**
 * ${c.title} speaks Anthropic Messages: the client's request goes on with the
 * upstream model and the operator's key, and the answer (JSON or SSE) comes back
 * byte for byte. The kit retries, times out and maps errors; see the README's
 * "Adding a backend plugin".
 */
export default definePlugin<Settings>({
  messages(ctx) {
    const settings = ctx.settings;
    return serveViaAnthropicMessages(ctx, {
      url: \`\${settings.${c.envPrefix}API_BASE.replace(/\\/+$/, '')}/v1/messages\`,
      headers: { 'x-api-key': settings.${c.envPrefix}API_KEY },
      // Only \`model\` changes: the client's bytes go on without being decoded and encoded again.
      body: rewriteModelField(ctx.rawBody, ctx.requestedModel, ctx.upstreamModel) ?? JSON.stringify({ ...ctx.body, model: ctx.upstreamModel }),
      backendName: '${c.title}',
    });
  },

  health: (settings) => ({ api_base: settings.${c.envPrefix}API_BASE }),
});
`;
}

function chatHandler(c: TemplateContext): string {
  return `import { definePlugin, serveViaOpenAIChat } from '${c.coreFromPlugin}';
${SETTINGS_IMPORT}

/**
 * ${c.title} speaks OpenAI chat completions: the kit translates the Anthropic
 * request, calls the upstream, and translates the answer back (JSON, or SSE
 * event by event). Retries, timeouts and error mapping are the kit's; see the
 * README's "Adding a backend plugin".
 */
export default definePlugin<Settings>({
  messages(ctx) {
    const settings = ctx.settings;
    return serveViaOpenAIChat(ctx, {
      url: \`\${settings.${c.envPrefix}API_BASE.replace(/\\/+$/, '')}/chat/completions\`,
      headers: { authorization: \`Bearer \${settings.${c.envPrefix}API_KEY}\` },
      backendName: '${c.title}',
    });
  },

  health: (settings) => ({ api_base: settings.${c.envPrefix}API_BASE }),
});
`;
}

export function handlerTemplate(kind: PluginKind, c: TemplateContext): string {
  return kind === 'anthropic' ? anthropicHandler(c) : chatHandler(c);
}
