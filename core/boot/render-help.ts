import { join } from 'node:path';
import { GATEWAY_SETTINGS } from '../config/gateway-settings';
import { BUILTIN_PLUGIN_DIR, findPluginFolders, readManifest } from '../plugins/load-plugins';

/** The built-in backends' setting names, one line each; read from their manifests without loading their code. */
function backendLines(): string[] {
  return findPluginFolders(BUILTIN_PLUGIN_DIR).map((dir) => {
    const manifest = readManifest(join(dir, 'manifest.json'));
    const names = [...manifest.env.required.map((spec) => `${spec.name} (required)`), ...(manifest.env.optional ?? []).map((spec) => spec.name)];
    return `  ${manifest.backend.padEnd(20)} ${names.join(', ') || '(none)'}`;
  });
}

/** `npm start -- --help`: how to run the gateway, its settings, and the commands around it. */
export function renderHelp(): string {
  const width = Math.max(...GATEWAY_SETTINGS.map((setting) => setting.name.length));
  const settings = GATEWAY_SETTINGS.map((s) => `  ${s.name.padEnd(width)}  ${s.description}${s.default === undefined ? '' : ` [${s.default}]`}`);
  return [
    'Usage: npm start [-- --config PATH]',
    '       node dist/core/main.js [--config PATH] [--help]',
    '',
    'Serves the Anthropic Messages API on http://127.0.0.1:4000 through one backend (PROXY_BACKEND).',
    'Settings come from the environment, .env, .env.<NODE_ENV> and gateway.config.ts; .env.example lists them all.',
    '',
    'Options:',
    '  --config PATH   load this config file instead of searching for gateway.config.ts',
    '  -h, --help      print this and exit',
    '',
    'Gateway settings [default]:',
    ...settings,
    '',
    'Backend settings (PROXY_BACKEND=...):',
    ...backendLines(),
    '',
    'Commands:',
    '  npm run gateway -- check             the active backend and what it is missing',
    '  npm run gateway -- check --probe     the same, then one call to the upstream: is it there, does it take the key',
    '  npm run gateway -- plugins | config  the loaded plugins / the resolved configuration, secrets masked',
    '  npm run gateway -- usage [FILE]      requests and tokens from a JSON log',
    '  npm run demo                         the gateway with simulated upstreams, no keys needed',
    '',
    'Claude Code: export ANTHROPIC_BASE_URL=http://127.0.0.1:4000 and ANTHROPIC_AUTH_TOKEN=<a gateway key, or any value without keys>.',
  ].join('\n');
}
