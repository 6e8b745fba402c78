import { defineConfig } from './core/config/define-config';

// Environment variables (and .env / .env.<NODE_ENV> files) override what is
// set here: PORT, HOST, PROXY_BACKEND, GATEWAY_STRICT, LOG_LEVEL, GATEWAY_BODY_LIMIT.
export default defineConfig(({ env }) => ({
  server: { port: 4000, host: '127.0.0.1' },

  // Extra plugin folders or npm packages, beside the built-in `plugins/`.
  pluginDirs: [],
  pluginPackages: [],

  models: {
    // Claude Code's ids (claude-opus-5-5, claude-sonnet-4-5-20250929, ...) that no map
    // names exactly go to the backend's newest model of the same family. An alias may
    // also be a key of the backend's map (`big`, `small`) or an upstream model; one that
    // names nothing of the backend stops the boot.
    families: [
      { match: 'haiku', alias: 'haiku' },
      { match: 'sonnet', alias: 'sonnet' },
      { match: 'opus', alias: 'opus' },
    ],
    // Per backend: request model -> upstream model, on top of the plugin's map.
    overrides: {
      // AZURE_DATABRICKS: { 'claude-sonnet-4-5': 'databricks-claude-sonnet-4-5' },
    },
  },

  // The seed's BYPASS_FALLBACK_ENABLED=true: fall back to OpenRouter when the
  // active backend fails before the first byte.
  fallback: env.BYPASS_FALLBACK_ENABLED === 'true' ? ['OPENROUTER'] : [],
}));
