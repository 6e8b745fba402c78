// A server-side web search as Anthropic answers it: a `server_tool_use` block
// (the query), a `web_search_tool_result` block (the pages found), text whose
// second block cites a page (`citations`, streamed as `citations_delta`), and
// `usage.server_tool_use.web_search_requests`. Results are made up from the
// query, so every run gives the same answer.

import { splitText } from './scripted-turn';
import { signThinking } from './thinking-signature';
import { sseEvent } from './sse-pieces';

export interface WebSearchTurn {
  id: string;
  model: string;
  query: string;
  /** The server tool's name as the request declared it (Claude Code: `web_search`). */
  toolName: string;
  toolUseId: string;
  inputTokens: number;
  thinking?: boolean;
}

type Json = Record<string, unknown>;

const SEARCH_PREFIX = /^\s*perform a web search for the query:\s*/i;

/** The query a search request asks for: Claude Code's WebSearch tool phrases it as "Perform a web search for the query: ...". */
export function webSearchQuery(lastUserText: string): string {
  const query = lastUserText.replace(SEARCH_PREFIX, '').trim();
  return query.slice(0, 200) || 'latest news';
}

function slug(query: string): string {
  return query.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'query';
}

/** The pages the fake "finds" for a query: two, with stable urls and titles. */
export function webSearchResults(query: string): Array<{ url: string; title: string }> {
  const path = slug(query);
  return [
    { url: `https://example.com/search/${path}`, title: `About ${query}` },
    { url: `https://docs.example.org/${path}`, title: `${query}: the reference` },
  ];
}

function blocks(turn: WebSearchTurn): Json[] {
  const results = webSearchResults(turn.query);
  const cited = `${turn.query} is described in detail at ${results[0]!.title}.`;
  const out: Json[] = [];
  if (turn.thinking) {
    const text = `Searching the web for ${turn.query}.`;
    out.push({ type: 'thinking', thinking: text, signature: signThinking(text) });
  }
  out.push({ type: 'server_tool_use', id: turn.toolUseId, name: turn.toolName, input: { query: turn.query } });
  out.push({
    type: 'web_search_tool_result',
    tool_use_id: turn.toolUseId,
    content: results.map((result, i) => ({
      type: 'web_search_result',
      url: result.url,
      title: result.title,
      encrypted_content: Buffer.from(`page ${i + 1} of ${turn.query}`).toString('base64'),
      page_age: 'April 1, 2026',
    })),
  });
  out.push({ type: 'text', text: 'Here is what I found. ', citations: null });
  out.push({
    type: 'text',
    text: cited,
    citations: [
      {
        type: 'web_search_result_location',
        url: results[0]!.url,
        title: results[0]!.title,
        encrypted_index: Buffer.from(`index 0 of ${turn.query}`).toString('base64'),
        cited_text: cited,
      },
    ],
  });
  return out;
}

function usage(turn: WebSearchTurn, outputTokens: number): Json {
  return {
    input_tokens: turn.inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: outputTokens,
    server_tool_use: { web_search_requests: 1 },
  };
}

const OUTPUT_TOKENS = 40;

export function renderWebSearchMessage(turn: WebSearchTurn): Json {
  return {
    id: turn.id,
    type: 'message',
    role: 'assistant',
    model: turn.model,
    content: blocks(turn),
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: usage(turn, OUTPUT_TOKENS),
  };
}

/** The same answer as an event stream, one SSE event per piece. */
export function renderWebSearchSse(turn: WebSearchTurn): string[] {
  const events: Json[] = [
    {
      type: 'message_start',
      message: { ...renderWebSearchMessage(turn), content: [], stop_reason: null, usage: usage(turn, 1) },
    },
    { type: 'ping' },
  ];
  blocks(turn).forEach((block, index) => {
    if (block.type === 'thinking') {
      events.push({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      events.push({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: block.thinking } });
      events.push({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature } });
    } else if (block.type === 'server_tool_use') {
      events.push({ type: 'content_block_start', index, content_block: { ...block, input: {} } });
      for (const piece of splitText(JSON.stringify(block.input), 12)) {
        events.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } });
      }
    } else if (block.type === 'web_search_tool_result') {
      // The results come whole in the block's start, as Anthropic sends them.
      events.push({ type: 'content_block_start', index, content_block: block });
    } else {
      const citations = (block.citations as Json[] | null) ?? [];
      events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const citation of citations) events.push({ type: 'content_block_delta', index, delta: { type: 'citations_delta', citation } });
      for (const piece of splitText(String(block.text), 16)) {
        events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } });
      }
    }
    events.push({ type: 'content_block_stop', index });
  });
  events.push({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: usage(turn, OUTPUT_TOKENS) });
  events.push({ type: 'message_stop' });
  return events.map((event) => sseEvent(String(event.type), event));
}
