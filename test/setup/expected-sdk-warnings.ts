// The official SDK prints a warning on every call that names a model it lists
// as deprecated. Routing tests send such ids on purpose: Claude Code sends
// `claude-sonnet-4-5-20250929`, and the seed requires it to route. That one
// warning is expected and kept out of the test log; every other warning shows.
const DEPRECATED_MODEL_WARNING = /^The model '[^']+' is deprecated and will reach end-of-life/;

const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && DEPRECATED_MODEL_WARNING.test(args[0])) return;
  warn(...args);
};
