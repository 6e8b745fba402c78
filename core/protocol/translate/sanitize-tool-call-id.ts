const VALID_ID = /^[a-zA-Z0-9_-]+$/;
const INVALID_CHARS = /[^a-zA-Z0-9_-]/g;

/**
 * Anthropic requires tool_use ids to match ^[a-zA-Z0-9_-]+$, and some upstreams
 * return ids such as `functions.Read:0`. Invalid characters become `_` and a hash
 * of the original is appended, so the mapping is deterministic (the same id in a
 * tool_use and its tool_result maps to the same value) and two ids that differ only
 * in invalid characters stay distinct.
 */
export function sanitizeToolCallId(id: string): string {
  if (VALID_ID.test(id)) return id;
  return `${id.replace(INVALID_CHARS, '_')}_${fnv1a(id)}`;
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
