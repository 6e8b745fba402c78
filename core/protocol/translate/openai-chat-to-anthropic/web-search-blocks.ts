import type { ServerToolUseBlock, TextBlock, WebSearchCitation, WebSearchResult, WebSearchToolResultBlock } from '../../anthropic/types';
import type { ChatUrlCitation } from '../../openai/types';
import { generateAnthropicId } from '../generate-anthropic-id';

/** The search the request asked for; the web plugin searches for the last user text. */
export interface WebSearchRequested {
  query: string;
}

/** One page the search found, as url_citation annotations name it. */
export interface FoundPage {
  url: string;
  title: string;
  /** The page excerpt the upstream gave, if any. */
  excerpt?: string;
  /** Position in the search results, which the citations' `encrypted_index` refers to. */
  index: number;
}

/** Where the answer cites a page: a span of the message content, when the upstream gives one. */
export interface CitedSpan {
  page: FoundPage;
  start?: number;
  end?: number;
}

/** Anthropic's `cited_text` is at most 150 characters of the cited source. */
const CITED_TEXT_LIMIT = 150;

/**
 * Collects the `url_citation` annotations of an answer (or a stream chunk):
 * pages are keyed by url, so a page cited twice is one search result. Entries
 * that are not url citations, or have no url, are skipped.
 */
export class FoundPages {
  readonly pages: FoundPage[] = [];
  private readonly byUrl = new Map<string, FoundPage>();

  /** Reads `annotations`, returning the spans it cites and the pages not seen before. */
  read(annotations: unknown): { spans: CitedSpan[]; added: FoundPage[] } {
    const spans: CitedSpan[] = [];
    const added: FoundPage[] = [];
    if (!Array.isArray(annotations)) return { spans, added };
    for (const entry of annotations as ChatUrlCitation[]) {
      if (entry?.type !== 'url_citation') continue;
      const fields = (entry.url_citation ?? entry) as NonNullable<ChatUrlCitation['url_citation']>;
      const url = fields.url;
      if (typeof url !== 'string' || url === '') continue;
      let page = this.byUrl.get(url);
      if (!page) {
        page = { url, title: typeof fields.title === 'string' && fields.title !== '' ? fields.title : url, index: this.pages.length };
        if (typeof fields.content === 'string' && fields.content !== '') page.excerpt = fields.content;
        this.byUrl.set(url, page);
        this.pages.push(page);
        added.push(page);
      }
      const span: CitedSpan = { page };
      if (Number.isInteger(fields.start_index) && Number.isInteger(fields.end_index)) {
        span.start = fields.start_index;
        span.end = fields.end_index;
      }
      spans.push(span);
    }
    return { spans, added };
  }
}

/** The pair of blocks that shows a search: what was searched for, and what it found. */
export function searchBlocks(search: WebSearchRequested, pages: readonly FoundPage[]): [ServerToolUseBlock, WebSearchToolResultBlock] {
  const id = generateAnthropicId('srvtoolu');
  return [
    { type: 'server_tool_use', id, name: 'web_search', input: { query: search.query } },
    { type: 'web_search_tool_result', tool_use_id: id, content: pages.map(searchResult) },
  ];
}

/** The page's excerpt travels in `encrypted_content`, base64 as Anthropic's opaque value is. */
function searchResult(page: FoundPage): WebSearchResult {
  return {
    type: 'web_search_result',
    url: page.url,
    title: page.title,
    encrypted_content: Buffer.from(page.excerpt ?? '').toString('base64'),
    page_age: null,
  };
}

/** The citation of `page` by `citingText` (the answer's words, used when the page gave no excerpt). */
export function citationOf(page: FoundPage, citingText: string): WebSearchCitation {
  return {
    type: 'web_search_result_location',
    url: page.url,
    title: page.title,
    cited_text: (page.excerpt ?? citingText).slice(0, CITED_TEXT_LIMIT),
    encrypted_index: Buffer.from(String(page.index)).toString('base64'),
  };
}

/**
 * The answer's text as Anthropic gives a cited answer: uncited stretches as
 * plain text blocks, each cited span a block of its own carrying its
 * citations. Spans that fall outside the text or overlap an earlier one are
 * cited on the span they overlap; citations without a position go on the
 * whole text when nothing else is cited.
 */
export function splitCitedText(text: string, spans: readonly CitedSpan[]): TextBlock[] {
  const placed = spans
    .filter((span) => span.start !== undefined && span.end !== undefined && span.start >= 0 && span.end! <= text.length && span.start < span.end!)
    .sort((a, b) => a.start! - b.start! || a.end! - b.end!);
  if (placed.length === 0) {
    if (spans.length === 0) return text === '' ? [] : [{ type: 'text', text }];
    return [{ type: 'text', text, citations: uniqueCitations(spans, text) }];
  }
  const blocks: TextBlock[] = [];
  let at = 0;
  let last: { block: TextBlock; end: number; urls: Set<string> } | undefined;
  for (const span of placed) {
    if (last && span.start! < last.end) {
      if (!last.urls.has(span.page.url)) {
        last.urls.add(span.page.url);
        last.block.citations!.push(citationOf(span.page, last.block.text));
      }
      continue;
    }
    if (span.start! > at) blocks.push({ type: 'text', text: text.slice(at, span.start) });
    const cited = text.slice(span.start, span.end);
    const block: TextBlock = { type: 'text', text: cited, citations: [citationOf(span.page, cited)] };
    blocks.push(block);
    last = { block, end: span.end!, urls: new Set([span.page.url]) };
    at = span.end!;
  }
  if (at < text.length) blocks.push({ type: 'text', text: text.slice(at) });
  return blocks;
}

function uniqueCitations(spans: readonly CitedSpan[], text: string): WebSearchCitation[] {
  const seen = new Set<string>();
  const citations: WebSearchCitation[] = [];
  for (const span of spans) {
    if (seen.has(span.page.url)) continue;
    seen.add(span.page.url);
    citations.push(citationOf(span.page, text));
  }
  return citations;
}

/** Searches the upstream says it ran, else one: the web plugin searches once per request. */
export function webSearchRequests(usage: unknown): number {
  const reported = (usage as { server_tool_use?: { web_search_requests?: unknown } } | undefined)?.server_tool_use?.web_search_requests;
  return typeof reported === 'number' && Number.isInteger(reported) && reported > 0 ? reported : 1;
}

/**
 * A whole answer's blocks with the search shown as Anthropic shows it: the
 * search blocks before the first text (after any thinking), the text split at
 * the spans the annotations cite. Spans are offsets into the message content,
 * i.e. into the text blocks taken together.
 */
export function withWebSearch<B extends { type: string }>(content: B[], search: WebSearchRequested, annotations: unknown): Array<B | ServerToolUseBlock | WebSearchToolResultBlock | TextBlock> {
  const found = new FoundPages();
  const { spans } = found.read(annotations);
  const out: Array<B | ServerToolUseBlock | WebSearchToolResultBlock | TextBlock> = [];
  let searched = false;
  let offset = 0;
  let unplacedGiven = false;
  for (const block of content) {
    if (block.type !== 'text') {
      out.push(block);
      continue;
    }
    if (!searched) {
      out.push(...searchBlocks(search, found.pages));
      searched = true;
    }
    const text = (block as unknown as TextBlock).text;
    const mine = spans.flatMap((span): CitedSpan[] => {
      if (span.start === undefined) return unplacedGiven ? [] : [span];
      if (span.start < offset || span.end! > offset + text.length) return [];
      return [{ page: span.page, start: span.start - offset, end: span.end! - offset }];
    });
    unplacedGiven = true;
    out.push(...splitCitedText(text, mine));
    offset += text.length;
  }
  if (!searched) {
    const at = out.findIndex((block) => block.type === 'tool_use');
    out.splice(at === -1 ? out.length : at, 0, ...searchBlocks(search, found.pages));
  }
  return out;
}
