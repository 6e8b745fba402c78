/** A plugin's settings, resolved from env (or .env files) with the manifest's types and defaults. */
export type PluginSettings = Readonly<Record<string, string | number | boolean | undefined>>;
