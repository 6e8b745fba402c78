/**
 * How deeply a request body may nest objects and arrays. The tool schemas and
 * tool inputs of real requests nest 10 to 30 levels under the body's own 5
 * or 6; 128 leaves four times that. What walks a body recursively (V8's
 * JSON.stringify in the translators, the token estimator, plugins) overflows
 * Node's stack somewhere in the thousands of levels, so bounding every body
 * here keeps every later walk safe.
 */
export const MAX_JSON_DEPTH = 128;

/**
 * True when `value` nests containers more than `limit` deep. Walks only the
 * containers of a parsed value, never its strings: about 3 us for a 100 KB
 * Claude Code body, against about 20 us for a scan of its bytes. The
 * recursion itself stops at `limit`.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  return limit <= 0 || containerNestsDeeper(value as object, limit - 1);
}

function containerNestsDeeper(container: object, left: number): boolean {
  if (Array.isArray(container)) {
    for (let i = 0; i < container.length; i += 1) {
      const item: unknown = container[i];
      if (item !== null && typeof item === 'object' && (left === 0 || containerNestsDeeper(item, left - 1))) return true;
    }
    return false;
  }
  for (const key in container) {
    const item: unknown = (container as Record<string, unknown>)[key];
    if (item !== null && typeof item === 'object' && (left === 0 || containerNestsDeeper(item, left - 1))) return true;
  }
  return false;
}
