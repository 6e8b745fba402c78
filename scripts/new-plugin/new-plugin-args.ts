export const PLUGIN_KINDS = ['anthropic', 'openai-chat'] as const;
/** The upstream's wire format: Anthropic Messages (passed through) or OpenAI chat (translated). */
export type PluginKind = (typeof PLUGIN_KINDS)[number];

export interface NewPluginArgs {
  name: string;
  from: PluginKind;
  /** Where the plugin goes; default `plugins/<name>`. */
  dir?: string;
  /** The gateway.config.ts that lists a folder outside plugins/; default the one at the repository root. */
  config?: string;
}

export const NEW_PLUGIN_USAGE = 'new-plugin NAME [--from anthropic|openai-chat] [--dir PATH] [--config PATH]';

export function parseNewPluginArgs(argv: string[]): NewPluginArgs {
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = /^--(from|dir|config)(?:=(.*))?$/.exec(arg);
    if (flag) {
      const value = flag[2] ?? argv[++i];
      if (!value) throw new Error(`--${flag[1]} needs a value`);
      options.set(flag[1]!, value);
    } else if (arg.startsWith('--')) {
      throw new Error(`Unknown option ${arg}; usage: ${NEW_PLUGIN_USAGE}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 1) throw new Error(`Give one plugin name; usage: ${NEW_PLUGIN_USAGE}`);
  const from = options.get('from') ?? 'anthropic';
  if (!(PLUGIN_KINDS as readonly string[]).includes(from)) throw new Error(`--from must be ${PLUGIN_KINDS.join(' or ')}, not "${from}"`);
  return { name: positional[0]!, from: from as PluginKind, dir: options.get('dir'), config: options.get('config') };
}
