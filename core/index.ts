// The kit plugins build on: contract types, errors, translation, SSE, upstream HTTP.
export { definePlugin } from './plugins/plugin-contract';
export type * from './plugins/plugin-contract';
export type { PluginManifest } from './plugins/manifest-schema';
export { defineConfig } from './config/define-config';
export { createGateway } from './gateway';
export * from './protocol/anthropic/errors';
export type * from './protocol/anthropic/types';
