/** Key under which arguments that are not a JSON object are kept, so nothing is lost. */
export const RAW_ARGUMENTS_KEY = '_raw_arguments';

/** A tool call's `arguments` string -> an Anthropic tool_use `input` object. */
export function parseToolArguments(args: unknown): Record<string, unknown> {
  if (args !== null && typeof args === 'object' && !Array.isArray(args)) return args as Record<string, unknown>;
  if (typeof args !== 'string' || args.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(args);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // kept below
  }
  return { [RAW_ARGUMENTS_KEY]: args };
}
