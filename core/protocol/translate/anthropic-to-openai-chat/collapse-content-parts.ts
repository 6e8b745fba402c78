import type { ChatContentPart, ChatContentPartText } from '../../openai/types';

/** A lone unmarked text part is sent as a plain string, the form every upstream takes. */
export function collapseContentParts<T extends ChatContentPart>(parts: T[]): string | T[] {
  if (parts.length === 1) {
    const only = parts[0] as ChatContentPart;
    if (only.type === 'text' && !(only as ChatContentPartText).cache_control) return only.text;
  }
  return parts;
}
