const DATE_SUFFIX = /-\d{8}$/;
const CONTEXT_SUFFIX = /\[\d+[km]\]$/i;

/**
 * Anthropic ids -> OpenRouter's: `claude-sonnet-4-5-20250929` -> `anthropic/claude-sonnet-4.5`,
 * `claude-3-7-sonnet-20250219` -> `anthropic/claude-3.7-sonnet`. Ids that already name a
 * provider (`openai/gpt-4o`) go through as they are; anything else is not ours to guess.
 */
export function normalizeModelId(requested: string): string | undefined {
  if (requested.includes('/')) return requested;
  if (!requested.startsWith('claude-')) return undefined;
  const bare = requested.replace(CONTEXT_SUFFIX, '').replace(DATE_SUFFIX, '').replace(/-latest$/, '');
  const oldStyle = /^claude-(\d+)-(\d+)-([a-z]+)$/.exec(bare);
  if (oldStyle) return `anthropic/claude-${oldStyle[1]}.${oldStyle[2]}-${oldStyle[3]}`;
  const newStyle = /^claude-([a-z]+)-(\d+)-(\d+)$/.exec(bare);
  if (newStyle) return `anthropic/claude-${newStyle[1]}-${newStyle[2]}.${newStyle[3]}`;
  const major = /^claude-([a-z]+)-(\d+)$/.exec(bare) ?? /^claude-(\d+)-([a-z]+)$/.exec(bare);
  if (major) return `anthropic/${bare}`;
  return undefined;
}
