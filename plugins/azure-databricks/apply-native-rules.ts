import type { Logger } from 'winston';
import type { MessageParam, MessagesRequest, Tool } from '../../core';

// Databricks' native Anthropic route takes the Anthropic body, with two of
// Databricks' own rules on top (reference C.18, C.20): no empty text blocks,
// and no server tools (Claude Code's WebSearch declares `web_search_20250305`,
// refused with "Input tag 'web_search_20250305' ... does not match").
// The client's body is shared with retries and fallbacks, so it is never
// changed in place; only what must change is copied.

type Block = { type: string; text?: unknown; content?: unknown };

const isBlankText = (block: Block) => block.type === 'text' && (typeof block.text !== 'string' || block.text.trim() === '');

const isServerTool = (tool: Tool) => tool.type !== undefined && tool.type !== 'custom';

/** The blocks without blank text (tool results' own content included), or the same array when nothing changed. */
function withoutBlankText<T extends Block>(blocks: T[]): T[] {
  let changed = false;
  const kept: T[] = [];
  for (const block of blocks) {
    if (isBlankText(block)) {
      changed = true;
      continue;
    }
    if (block.type === 'tool_result' && Array.isArray(block.content)) {
      const inner = withoutBlankText(block.content as Block[]);
      if (inner !== block.content) {
        changed = true;
        kept.push({ ...block, content: inner });
        continue;
      }
    }
    kept.push(block);
  }
  return changed ? kept : blocks;
}

function cleanMessages(messages: MessageParam[], logger: Logger): MessageParam[] {
  let changed = false;
  const kept: MessageParam[] = [];
  messages.forEach((message, index) => {
    if (!Array.isArray(message.content)) {
      kept.push(message);
      return;
    }
    const content = withoutBlankText(message.content as Block[]);
    if (content === message.content) {
      kept.push(message);
      return;
    }
    changed = true;
    logger.debug('Removed empty text blocks: Databricks rejects them', { index, removed: message.content.length - content.length });
    if (content.length > 0) kept.push({ ...message, content: content as MessageParam['content'] });
    else logger.info('Removed a message with only empty text: Databricks rejects empty text content', { index, role: message.role });
  });
  return changed ? kept : messages;
}

function cleanTools(body: MessagesRequest, out: MessagesRequest, logger: Logger): void {
  if (!Array.isArray(body.tools) || !body.tools.some(isServerTool)) return;
  const tools = body.tools.filter((tool) => {
    if (!isServerTool(tool)) return true;
    logger.info('Removed server tool Azure Databricks rejects', { tool: tool.name, type: tool.type });
    return false;
  });
  const choice = body.tool_choice;
  const choiceLost = choice?.type === 'tool' && !tools.some((tool) => tool.name === choice.name);
  if (tools.length > 0) out.tools = tools;
  else delete out.tools;
  if (choice && (tools.length === 0 || choiceLost)) delete out.tool_choice;
}

/** The body for `POST /serving-endpoints/anthropic/v1/messages`: the client's, aimed at `endpoint`, within Databricks' rules. */
export function prepareNativeBody(body: MessagesRequest, endpoint: string, logger: Logger): MessagesRequest {
  const out: MessagesRequest = { ...body, model: endpoint };
  cleanTools(body, out, logger);
  if (Array.isArray(body.system)) {
    const system = withoutBlankText(body.system);
    if (system.length > 0) out.system = system;
    else delete out.system;
  }
  if (Array.isArray(body.messages)) out.messages = cleanMessages(body.messages, logger);
  return out;
}
