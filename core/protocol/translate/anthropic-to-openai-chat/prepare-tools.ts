import type { CustomTool, Tool, ToolChoice } from '../../anthropic/types';
import type { ChatCompletionRequest, ChatPlugin, ChatTool, ChatToolChoice } from '../../openai/types';
import type { ConversionContext } from './conversion-context';
import { isWebSearchTool, webPluginFor } from './map-web-search';

export type PreparedTools = Pick<ChatCompletionRequest, 'tools' | 'tool_choice' | 'parallel_tool_calls'> & {
  /** The web search plugin standing in for a `web_search_*` server tool. */
  webSearch?: ChatPlugin;
};

/**
 * Client tools become function tools with `parameters` = `input_schema` (the same
 * object, never altered). A `web_search_*` server tool becomes the upstream's web
 * search where the backend has one. Other tools without an input_schema (server
 * tools, Anthropic-defined ones such as `bash_20250124`) cannot be described to an
 * OpenAI upstream: they are removed, with one warning per request.
 */
export function prepareTools(tools: Tool[] | undefined, toolChoice: ToolChoice | undefined, ctx: ConversionContext): PreparedTools {
  if (!Array.isArray(tools) || tools.length === 0) {
    if (toolChoice) ctx.logger.debug('Dropped tool_choice: the request has no tools', { tool_choice: toolChoice.type });
    return {};
  }
  const chatTools: ChatTool[] = [];
  const names = new Set<string>();
  let webSearch: ChatPlugin | undefined;
  let removed: Tool[] | undefined;
  for (const tool of tools) {
    const schema = (tool as CustomTool).input_schema;
    if (!schema || typeof schema !== 'object') {
      if (ctx.webSearch === 'plugins_web' && isWebSearchTool(tool)) webSearch ??= webPluginFor(tool);
      else (removed ??= []).push(tool);
      continue;
    }
    const fn: ChatTool['function'] = { name: tool.name, parameters: schema };
    const description = (tool as CustomTool).description;
    if (typeof description === 'string' && description !== '') fn.description = description;
    chatTools.push(ctx.cache.mark<ChatTool>({ type: 'function', function: fn }, (tool as CustomTool).cache_control));
    names.add(tool.name);
  }
  if (removed) reportRemoved(removed, ctx);
  if (chatTools.length === 0) return webSearch ? { webSearch } : {};

  const prepared: PreparedTools = { tools: chatTools };
  if (webSearch) prepared.webSearch = webSearch;
  if (toolChoice) {
    const choice = mapToolChoice(toolChoice, names);
    if (choice) prepared.tool_choice = choice;
    else ctx.logger.debug('Dropped tool_choice naming a tool that was removed', { tool: (toolChoice as { name?: string }).name });
    if ('disable_parallel_tool_use' in toolChoice && toolChoice.disable_parallel_tool_use === true) prepared.parallel_tool_calls = false;
  }
  return prepared;
}

/** One line for all of a request's removed tools, saying when web search is among them. */
function reportRemoved(removed: Tool[], ctx: ConversionContext): void {
  const meta: Record<string, unknown> = {
    tool: removed.map((tool) => tool.name).join(', '),
    type: removed.map((tool) => tool.type).join(', '),
  };
  if (removed.some(isWebSearchTool)) meta.web_search = 'this backend has no web search; the model answers without searching';
  ctx.logger.warn('Removed server tool the upstream does not support', meta);
}

function mapToolChoice(choice: ToolChoice, names: ReadonlySet<string>): ChatToolChoice | undefined {
  switch (choice.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return names.has(choice.name) ? { type: 'function', function: { name: choice.name } } : undefined;
    default:
      return undefined;
  }
}
