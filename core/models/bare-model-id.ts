const DATE_SUFFIX = /-\d{8}$/;
const CONTEXT_SUFFIX = /\[\d+[km]\]$/i;

/**
 * An Anthropic id without what only pins a snapshot or a context size:
 * `claude-sonnet-4-5-20250929` -> `claude-sonnet-4-5`, `claude-opus-5-5[1m]` ->
 * `claude-opus-5-5`, `claude-3-7-sonnet-latest` -> `claude-3-7-sonnet`.
 */
export function bareModelId(requested: string): string {
  return requested.replace(CONTEXT_SUFFIX, '').replace(DATE_SUFFIX, '').replace(/-latest$/, '');
}
