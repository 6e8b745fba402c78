import type { MessageParam, ServerTool, Tool } from '../../anthropic/types';
import type { ChatCompletionRequest, ChatPlugin } from '../../openai/types';

/**
 * How a chat upstream runs a web search, from the plugin's manifest:
 * - `plugins_web`: a request plugin `{id: "web"}` (OpenRouter); the answer's
 *   sources come back as `url_citation` annotations.
 * - `none`: the upstream cannot search; the tool is removed with a warning.
 */
export type WebSearchChannel = 'plugins_web' | 'none';

/** Anthropic's web search server tool, in any version (`web_search_20250305`, ...). */
export function isWebSearchTool(tool: Tool): tool is ServerTool {
  return typeof tool.type === 'string' && tool.type.startsWith('web_search_');
}

/**
 * The web plugin for a `web_search_*` tool: `allowed_domains` / `blocked_domains`
 * become `include_domains` / `exclude_domains`; `max_uses` and `user_location`
 * keep their names (OpenRouter passes them to providers with native search).
 */
export function webPluginFor(tool: ServerTool): ChatPlugin {
  const plugin: ChatPlugin = { id: 'web' };
  if (typeof tool.max_uses === 'number' && tool.max_uses > 0) plugin.max_uses = tool.max_uses;
  const include = domains(tool.allowed_domains);
  if (include) plugin.include_domains = include;
  const exclude = domains(tool.blocked_domains);
  if (exclude) plugin.exclude_domains = exclude;
  if (tool.user_location && typeof tool.user_location === 'object') plugin.user_location = tool.user_location;
  return plugin;
}

function domains(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const list = value.filter((entry): entry is string => typeof entry === 'string' && entry !== '');
  return list.length > 0 ? list : undefined;
}

/** What the web plugin searches for: the text of the last user message that has some. */
export function webSearchQuery(messages: readonly MessageParam[] | undefined): string {
  if (!Array.isArray(messages)) return '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role !== 'user') continue;
    const content = message.content;
    if (typeof content === 'string') {
      if (content !== '') return content;
      continue;
    }
    if (!Array.isArray(content)) continue;
    let text = '';
    for (const block of content) {
      if (block.type === 'text' && typeof (block as { text?: unknown }).text === 'string') text += (text ? '\n' : '') + (block as { text: string }).text;
    }
    if (text !== '') return text;
  }
  return '';
}

/** Whether a translated request asks the upstream to search the web (its `web` plugin). */
export function searchesTheWeb(request: ChatCompletionRequest): boolean {
  return Array.isArray(request.plugins) && request.plugins.some((plugin) => plugin?.id === 'web');
}
