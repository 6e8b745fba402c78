// Building blocks for `when` in scripted rules, read through the format-neutral
// conversation view so one rule works for Anthropic and OpenAI-shaped requests.

import { conversationOf } from './read-conversation';
import type { ReceivedRequest } from './simulated-upstream';

export type RequestPredicate = (req: ReceivedRequest) => boolean;

export const lastUserTextIncludes =
  (text: string): RequestPredicate =>
  (req) =>
    conversationOf(req).lastUserText.includes(text);

export const hasToolResult: RequestPredicate = (req) => conversationOf(req).toolResults.length > 0;

export const toolResultIncludes =
  (text: string): RequestPredicate =>
  (req) =>
    conversationOf(req).toolResults.some((result) => result.text.includes(text));

export const declaresTool =
  (name: string): RequestPredicate =>
  (req) =>
    conversationOf(req).tools.some((tool) => tool.name === name);

export const isStreaming: RequestPredicate = (req) => conversationOf(req).stream;

export const wantsThinking: RequestPredicate = (req) => conversationOf(req).thinkingRequested;

export const modelIs =
  (model: string | RegExp): RequestPredicate =>
  (req) => {
    const actual = conversationOf(req).model;
    return typeof model === 'string' ? actual === model : model.test(actual);
  };

export const headerIs =
  (name: string, value: string | RegExp): RequestPredicate =>
  (req) => {
    const actual = req.headers[name.toLowerCase()];
    const text = Array.isArray(actual) ? actual.join(', ') : actual ?? '';
    return typeof value === 'string' ? text === value : value.test(text);
  };

export const allOf =
  (...predicates: RequestPredicate[]): RequestPredicate =>
  (req) =>
    predicates.every((predicate) => predicate(req));

export const not =
  (predicate: RequestPredicate): RequestPredicate =>
  (req) =>
    !predicate(req);
