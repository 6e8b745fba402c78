import { defineConfig } from './core/config/define-config';

// Environment variables (and .env / .env.<NODE_ENV> files) override what is
// set here: PORT, HOST, PROXY_BACKEND, GATEWAY_STRICT, LOG_LEVEL, GATEWAY_BODY_LIMIT.
export default defineConfig(({ env }) => ({
  server: { port: 4000, host: '127.0.0.1' },

  // Extra plugin folders or npm packages, beside the built-in `plugins/`.
  pluginDirs: [],
  pluginPackages: [],

  models: {
    // Claude Code's ids (claude-sonnet-4-5-20250929, claude-opus-4-8, ...) that no
    // map names exactly are routed by family to the backend's `big` / `small` model.
    families: [
      { match: 'haiku', alias: 'small' },
      { match: 'sonnet', alias: 'big' },
      { match: 'opus', alias: 'big' },
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
