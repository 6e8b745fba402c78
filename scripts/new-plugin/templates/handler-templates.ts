import type { PluginKind } from '../new-plugin-args';
import { pascalCase, type TemplateContext } from './template-context';

function settingsType(c: TemplateContext): string {
  return `/** The settings manifest.json declares, as the core resolved them (types checked, defaults applied). */
interface ${pascalCase(c.name)}Settings {
  ${c.envPrefix}API_KEY: string;
  ${c.envPrefix}API_BASE: string;
}`;
}

function anthropicHandler(c: TemplateContext): string {
  return `import { serveViaAnthropicMessages } from '${c.coreFromPlugin}/kit/serve-via-anthropic-messages';
import { definePlugin } from '${c.coreFromPlugin}/plugins/plugin-contract';

${settingsType(c)}

/**
 * ${c.title} speaks Anthropic Messages: the client's request goes on with the
 * upstream model and the operator's key, and the answer (JSON or SSE) comes back
 * byte for byte. The kit retries, times out and maps errors; see the README's
 * "Adding a backend plugin".
 */
export default definePlugin({
  messages(ctx) {
    const settings = ctx.settings as unknown as ${pascalCase(c.name)}Settings;
    return serveViaAnthropicMessages(ctx, {
      url: \`\${settings.${c.envPrefix}API_BASE.replace(/\\/+$/, '')}/v1/messages\`,
      headers: { 'x-api-key': settings.${c.envPrefix}API_KEY },
      body: JSON.stringify({ ...ctx.body, model: ctx.upstreamModel }),
      backendName: '${c.title}',
    });
  },

  health: (settings) => ({ api_base: settings.${c.envPrefix}API_BASE }),
});
`;
}

function chatHandler(c: TemplateContext): string {
  return `import { serveViaOpenAIChat } from '${c.coreFromPlugin}/kit/serve-via-openai-chat';
import { definePlugin } from '${c.coreFromPlugin}/plugins/plugin-contract';

${settingsType(c)}

/**
 * ${c.title} speaks OpenAI chat completions: the kit translates the Anthropic
 * request, calls the upstream, and translates the answer back (JSON, or SSE
 * event by event). Retries, timeouts and error mapping are the kit's; see the
 * README's "Adding a backend plugin".
 */
export default definePlugin({
  messages(ctx) {
    const settings = ctx.settings as unknown as ${pascalCase(c.name)}Settings;
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
