import type { MessagesRequest, Tool, ToolChoice } from './anthropic/types';

// A local input-token estimate, used to seed message_start (Claude Code's context
// display breaks on 0) and to answer count_tokens where the backend cannot.
// No tokenizer: one walk over the body, counting characters.
//
// Ratio: Anthropic's own rule of thumb is "a token is about 3.5 English characters".
// Code and JSON tokenize denser than prose but carry punctuation we do not count
// (JSON values are measured without quotes, colons and commas), which brings them
// back near the same ratio; erring high rather than low is deliberate, since an
// understated count keeps Claude Code from compacting in time. Fixed costs come from
// Anthropic's documentation: the tool-use system prompt (346 tokens for tool_choice
// auto/none, 313 for any/tool on Claude 4 models) and images at width*height/750,
// at most ~1,600 tokens after resizing to a 1568 px long edge.

export const CHARS_PER_TOKEN = 3.5;

const REQUEST_OVERHEAD_TOKENS = 3;
const MESSAGE_OVERHEAD_TOKENS = 3;
const BLOCK_OVERHEAD_TOKENS = 3;
const TOOL_OVERHEAD_TOKENS = 4;
const TOOL_PROMPT_TOKENS_AUTO = 346;
const TOOL_PROMPT_TOKENS_FORCED = 313;
const MAX_IMAGE_TOKENS = 1600;
const MAX_IMAGE_EDGE = 1568;
const PDF_PAGE_TOKENS = 3000;
/** Bytes of a JPEG scanned for its size marker (EXIF blocks can push it back). */
const JPEG_SCAN_BYTES = 64 * 1024;

export function tokensForChars(chars: number): number {
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

export function estimateInputTokens(body: MessagesRequest): number {
  const counter = { chars: 0, tokens: REQUEST_OVERHEAD_TOKENS };
  countContent(body.system, counter);
  countTools(body.tools, body.tool_choice, counter);
  if (Array.isArray(body.messages)) {
    for (const message of body.messages) {
      counter.tokens += MESSAGE_OVERHEAD_TOKENS;
      countContent(message?.content, counter);
    }
  }
  return counter.tokens + tokensForChars(counter.chars);
}

interface Counter {
  chars: number;
  tokens: number;
}

function countTools(tools: Tool[] | undefined, choice: ToolChoice | undefined, counter: Counter): void {
  if (!Array.isArray(tools) || tools.length === 0) return;
  counter.tokens += choice?.type === 'any' || choice?.type === 'tool' ? TOOL_PROMPT_TOKENS_FORCED : TOOL_PROMPT_TOKENS_AUTO;
  for (const tool of tools) {
    counter.tokens += TOOL_OVERHEAD_TOKENS;
    counter.chars += toolChars(tool);
  }
}

/**
 * What the model reads of a client tool is its name, description and schema;
 * `cache_control`, `strict` and the like are not input. Server tools carry no
 * schema and are measured whole.
 */
function toolChars(tool: Tool): number {
  const { name, description, input_schema: schema } = tool as { name?: unknown; description?: unknown; input_schema?: unknown };
  if (!schema || typeof schema !== 'object') return jsonChars(tool);
  return String(name ?? '').length + (typeof description === 'string' ? description.length : 0) + jsonChars(schema);
}

function countContent(content: unknown, counter: Counter): void {
  if (typeof content === 'string') {
    counter.chars += content.length;
    return;
  }
  if (!Array.isArray(content)) return;
  for (const block of content as Array<Record<string, unknown>>) {
    if (!block || typeof block !== 'object') continue;
    // A text block costs what the same string would: translations turn one into
    // the other, and the count must not change with the form.
    if (block.type === 'text') {
      counter.chars += typeof block.text === 'string' ? block.text.length : 0;
      continue;
    }
    counter.tokens += BLOCK_OVERHEAD_TOKENS;
    switch (block.type) {
      case 'thinking':
        counter.chars += typeof block.thinking === 'string' ? block.thinking.length : 0;
        break;
      case 'redacted_thinking':
        break;
      case 'tool_use':
        counter.chars += String(block.name ?? '').length + jsonChars(block.input);
        break;
      case 'tool_result':
        countContent(block.content, counter);
        break;
      case 'image':
        counter.tokens += imageTokens(block.source);
        break;
      case 'document':
        countDocument(block.source, counter);
        break;
      default:
        counter.chars += jsonChars(block);
    }
  }
}

function countDocument(source: unknown, counter: Counter): void {
  const src = source as { type?: string; data?: unknown; content?: unknown } | undefined;
  if (src?.type === 'text' && typeof src.data === 'string') counter.chars += src.data.length;
  else if (src?.type === 'content') countContent(src.content, counter);
  else if (src?.type === 'base64' && typeof src.data === 'string') counter.tokens += pdfPages(src.data) * PDF_PAGE_TOKENS;
  else counter.tokens += PDF_PAGE_TOKENS;
}

const PAGE_TYPE = Buffer.from('/Type');
const PAGE_NAME = Buffer.from('/Page');

/** Page objects (`/Type /Page`, not `/Pages`) in an uncompressed PDF; at least one. */
function pdfPages(base64: string): number {
  const bytes = Buffer.from(base64, 'base64');
  let pages = 0;
  for (let at = bytes.indexOf(PAGE_TYPE); at !== -1; at = bytes.indexOf(PAGE_TYPE, at + PAGE_TYPE.length)) {
    let name = at + PAGE_TYPE.length;
    while (name < bytes.length && isPdfSpace(bytes[name]!)) name++;
    if (bytes.compare(PAGE_NAME, 0, PAGE_NAME.length, name, name + PAGE_NAME.length) !== 0) continue;
    const next = bytes[name + PAGE_NAME.length];
    if (next === undefined || !isLetter(next)) pages++;
  }
  return Math.max(1, pages);
}

function isPdfSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c || byte === 0x00;
}

function isLetter(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

/**
 * Characters of a JSON value as a model reads it: keys, strings and numbers count,
 * quotes and separators do not. Iterative, so no nesting can overflow the stack
 * (the request door refuses deep bodies; this is the second net).
 */
function jsonChars(root: unknown): number {
  let chars = 0;
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') chars += value.length;
    else if (typeof value === 'number' || typeof value === 'boolean') chars += String(value).length;
    else if (Array.isArray(value)) {
      chars += value.length;
      for (const item of value) pending.push(item);
    } else if (value !== null && typeof value === 'object') {
      for (const key in value as Record<string, unknown>) {
        chars += key.length + 1;
        pending.push((value as Record<string, unknown>)[key]);
      }
    }
  }
  return chars;
}

function imageTokens(source: unknown): number {
  const src = source as { type?: string; data?: unknown } | undefined;
  const size = src?.type === 'base64' && typeof src.data === 'string' ? readImageSize(src.data) : undefined;
  if (!size) return MAX_IMAGE_TOKENS;
  let { width, height } = size;
  const longEdge = Math.max(width, height);
  if (longEdge > MAX_IMAGE_EDGE) {
    width = (width * MAX_IMAGE_EDGE) / longEdge;
    height = (height * MAX_IMAGE_EDGE) / longEdge;
  }
  return Math.min(MAX_IMAGE_TOKENS, Math.max(1, Math.ceil((width * height) / 750)));
}

/** Width and height from the first bytes of a PNG, GIF, WebP or JPEG, without decoding the rest. */
export function readImageSize(base64: string): { width: number; height: number } | undefined {
  const head = Buffer.from(base64.slice(0, 64), 'base64');
  if (head.length >= 24 && head.readUInt32BE(0) === 0x89504e47) {
    return positive(head.readUInt32BE(16), head.readUInt32BE(20));
  }
  if (head.length >= 10 && head.toString('latin1', 0, 4) === 'GIF8') {
    return positive(head.readUInt16LE(6), head.readUInt16LE(8));
  }
  if (head.length >= 30 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') {
    return webpSize(head);
  }
  if (head.length >= 4 && head[0] === 0xff && head[1] === 0xd8) {
    return jpegSize(Buffer.from(base64.slice(0, Math.ceil((JPEG_SCAN_BYTES * 4) / 3 / 4) * 4), 'base64'));
  }
  return undefined;
}

function webpSize(head: Buffer): { width: number; height: number } | undefined {
  const chunk = head.toString('latin1', 12, 16);
  if (chunk === 'VP8 ') return positive(head.readUInt16LE(26) & 0x3fff, head.readUInt16LE(28) & 0x3fff);
  if (chunk === 'VP8L') {
    const b0 = head[21]!, b1 = head[22]!, b2 = head[23]!, b3 = head[24]!;
    return positive(1 + (((b1 & 0x3f) << 8) | b0), 1 + (((b3 & 0x0f) << 10) | (b2 << 2) | ((b1 & 0xc0) >> 6)));
  }
  if (chunk === 'VP8X') return positive(1 + head.readUIntLE(24, 3), 1 + head.readUIntLE(27, 3));
  return undefined;
}

function jpegSize(bytes: Buffer): { width: number; height: number } | undefined {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset++;
      continue;
    }
    const isFrameHeader = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrameHeader) return positive(bytes.readUInt16BE(offset + 7), bytes.readUInt16BE(offset + 5));
    offset += 2 + bytes.readUInt16BE(offset + 2);
  }
  return undefined;
}

function positive(width: number, height: number): { width: number; height: number } | undefined {
  return width > 0 && height > 0 ? { width, height } : undefined;
}
