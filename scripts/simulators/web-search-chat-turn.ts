// OpenRouter's web plugin as the fake answers it: a request with
// `plugins: [{id: "web"}]` gets an answer that cites the pages it "found",
// with `url_citation` annotations (start/end on the markdown links). The pages
// are the same ones the fake's Anthropic route finds for the query, so every
// run gives the same answer.

import type { ConversationView } from './read-conversation';
import type { ScriptedCitation, ScriptedTurn } from './scripted-turn';
import { webSearchQuery, webSearchResults } from './render-anthropic-web-search';

/** The `web` plugin of a chat request, when it has one. */
export function webPluginOf(json: unknown): Record<string, unknown> | undefined {
  const plugins = (json as { plugins?: unknown } | undefined)?.plugins;
  if (!Array.isArray(plugins)) return undefined;
  return plugins.find((plugin): plugin is Record<string, unknown> => typeof plugin === 'object' && plugin !== null && plugin.id === 'web');
}

/** The answer to a web-plugin request: each page cited by a markdown link, the links annotated. */
export function webSearchChatTurn(view: Pick<ConversationView, 'lastUserText'>): ScriptedTurn {
  const query = webSearchQuery(view.lastUserText);
  const pages = webSearchResults(query);
  let text = `Here is what I found about ${query}:`;
  const citations: ScriptedCitation[] = pages.map((page, i) => {
    text += i === 0 ? ' ' : ' and ';
    const link = `[${page.title}](${page.url})`;
    const start = text.length;
    text += link;
    return { url: page.url, title: page.title, content: `Page ${i + 1} about ${query}.`, start, end: start + link.length };
  });
  text += '.';
  return { text, citations };
}
