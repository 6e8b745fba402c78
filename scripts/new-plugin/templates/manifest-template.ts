import type { PluginKind } from '../new-plugin-args';
import type { TemplateContext } from './template-context';

// Claude's current ids, mapped to themselves: an Anthropic-compatible upstream usually takes them as they are.
const ANTHROPIC_MODELS = {
  map: {
    'claude-opus-5-5': 'claude-opus-5-5',
    'claude-sonnet-5-5': 'claude-sonnet-5-5',
    'claude-sonnet-4-5': 'claude-sonnet-4-5',
    'claude-haiku-5-5': 'claude-haiku-5-5',
    big: 'claude-sonnet-5-5',
    small: 'claude-haiku-5-5',
  },
  default: 'claude-sonnet-5-5',
  families: {
    opus: ['claude-opus-5-5'],
    sonnet: ['claude-sonnet-5-5', 'claude-sonnet-4-5'],
    haiku: ['claude-haiku-5-5'],
  },
};

// Placeholders an OpenAI-compatible upstream will not know: replace them with its own model names.
const CHAT_MODELS = {
  map: { big: 'your-large-model', small: 'your-small-model' },
  default: 'your-large-model',
  families: { opus: ['your-large-model'], sonnet: ['your-large-model'], haiku: ['your-small-model'] },
};

export function manifestTemplate(kind: PluginKind, c: TemplateContext): string {
  const anthropic = kind === 'anthropic';
  const manifest = {
    name: c.name,
    backend: c.backend,
    title: c.title,
    description: anthropic
      ? `${c.title}: an Anthropic Messages API, passed through with the operator's key.`
      : `${c.title}: an OpenAI-compatible chat completions API, translated to and from the Anthropic Messages API.`,
    entry: './handler',
    // A pass-through sends the client's bytes on: the core then validates them without decoding the text.
    ...(anthropic ? { requestBody: 'forwarded' } : {}),
    env: {
      required: [{ name: `${c.envPrefix}API_KEY`, secret: true, description: `The key the gateway sends to ${c.title}` }],
      optional: [
        {
          name: `${c.envPrefix}API_BASE`,
          type: 'url',
          default: anthropic ? 'https://api.example.com' : 'https://api.example.com/v1',
          description: anthropic ? 'Base URL; /v1/messages is appended' : 'Base URL; /chat/completions is appended',
        },
        { name: `${c.envPrefix}TIMEOUT`, type: 'number', default: 120, description: 'Seconds to wait for the first byte, and the longest silence mid-stream' },
        { name: `${c.envPrefix}MAX_RETRIES`, type: 'number', default: 2, description: 'Retries on connect errors, 429 and 5xx before the first byte' },
      ],
    },
    models: anthropic ? ANTHROPIC_MODELS : CHAT_MODELS,
    resilience: { timeoutSetting: `${c.envPrefix}TIMEOUT`, maxRetriesSetting: `${c.envPrefix}MAX_RETRIES` },
  };
  return `${formatManifest(manifest)}\n`;
}

/** Indented JSON with each setting, model list and small object on one line, as the built-in manifests are written. */
export function formatManifest(value: unknown, indent = ''): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const entries: Array<[string | undefined, unknown]> = Array.isArray(value) ? value.map((item) => [undefined, item]) : Object.entries(value);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  const item = ([key, child]: [string | undefined, unknown], inner: string) => `${key === undefined ? '' : `${JSON.stringify(key)}: `}${formatManifest(child, inner)}`;
  if (entries.every(([, child]) => child === null || typeof child !== 'object')) {
    const flat = entries.map((entry) => item(entry, indent)).join(', ');
    return Array.isArray(value) ? `[${flat}]` : `{ ${flat} }`;
  }
  const inner = `${indent}  `;
  return `${open}\n${entries.map((entry) => `${inner}${item(entry, inner)}`).join(',\n')}\n${indent}${close}`;
}
