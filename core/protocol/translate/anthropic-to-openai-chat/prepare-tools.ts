import type { CustomTool, Tool, ToolChoice } from '../../anthropic/types';
import type { ChatCompletionRequest, ChatTool, ChatToolChoice } from '../../openai/types';
import type { ConversionContext } from './conversion-context';

export type PreparedTools = Pick<ChatCompletionRequest, 'tools' | 'tool_choice' | 'parallel_tool_calls'>;

/**
 * Client tools become function tools with `parameters` = `input_schema` (the same
 * object, never altered). Tools without an input_schema (server tools such as
 * `web_search_20250305`, Anthropic-defined ones such as `bash_20250124`) cannot be
 * described to an OpenAI upstream and are removed with a log line.
 */
export function prepareTools(tools: Tool[] | undefined, toolChoice: ToolChoice | undefined, ctx: ConversionContext): PreparedTools {
  if (!Array.isArray(tools) || tools.length === 0) {
    if (toolChoice) ctx.logger.debug('Dropped tool_choice: the request has no tools', { tool_choice: toolChoice.type });
    return {};
  }
  const chatTools: ChatTool[] = [];
  const names = new Set<string>();
  for (const tool of tools) {
    const schema = (tool as CustomTool).input_schema;
    if (!schema || typeof schema !== 'object') {
      ctx.logger.info('Removed server tool the upstream does not support', { tool: tool.name, type: tool.type });
      continue;
    }
    const fn: ChatTool['function'] = { name: tool.name, parameters: schema };
    const description = (tool as CustomTool).description;
    if (typeof description === 'string' && description !== '') fn.description = description;
    chatTools.push(ctx.cache.mark<ChatTool>({ type: 'function', function: fn }, (tool as CustomTool).cache_control));
    names.add(tool.name);
  }
  if (chatTools.length === 0) return {};

  const prepared: PreparedTools = { tools: chatTools };
  if (toolChoice) {
    const choice = mapToolChoice(toolChoice, names);
    if (choice) prepared.tool_choice = choice;
    else ctx.logger.debug('Dropped tool_choice naming a tool that was removed', { tool: (toolChoice as { name?: string }).name });
    if ('disable_parallel_tool_use' in toolChoice && toolChoice.disable_parallel_tool_use === true) prepared.parallel_tool_calls = false;
  }
  return prepared;
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
